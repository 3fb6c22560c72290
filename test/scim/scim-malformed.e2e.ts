import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { entraUser, patchOp, scimClient, scimToken, SCIM_TYPE, type ScimClient } from './scim-client.js';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Every endpoint with malformed input: a 4xx in the SCIM error schema, never a 500, nothing written. */
describe('SCIM: malformed input', () => {
  let f: SsoFixture;
  let scim: ScimClient;
  let userId: string;
  let groupId: string;
  beforeAll(async () => {
    f = await startSsoFixture();
    scim = scimClient(f.sesame, f.provider.slug, await scimToken(f.sesame, f.provider.id));
    userId = (await scim.post('/Users', entraUser('kept@example.com', 'ext-kept'))).body.id;
    groupId = (await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Kept' })).body.id;
  });
  afterAll(async () => {
    await f?.close();
  });

  const NUL = 'a\u0000b';
  const cases: [string, string, string, unknown, number, string?][] = [
    ['list users: filter without a value', 'GET', '/Users?filter=userName%20eq', undefined, 400, 'invalidFilter'],
    ['list users: filter with an unquoted value', 'GET', '/Users?filter=userName%20eq%20bob', undefined, 400, 'invalidFilter'],
    [
      'list users: filter with junk',
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "x" ; DROP TABLE users')}`,
      undefined,
      400,
      'invalidFilter',
    ],
    [
      'list users: filter too deep',
      'GET',
      `/Users?filter=${encodeURIComponent('('.repeat(40) + 'a pr' + ')'.repeat(40))}`,
      undefined,
      400,
      'invalidFilter',
    ],
    ['list users: filter given twice', 'GET', '/Users?filter=a%20pr&filter=b%20pr', undefined, 400, 'invalidFilter'],
    ['list users: startIndex not a number', 'GET', '/Users?startIndex=abc', undefined, 400, 'invalidValue'],
    ['list users: count not an integer', 'GET', '/Users?count=1.5', undefined, 400, 'invalidValue'],
    ['list groups: filter broken', 'GET', '/Groups?filter=displayName%20eq%20%22x', undefined, 400, 'invalidFilter'],
    ['get user: not a uuid', 'GET', '/Users/not-a-uuid', undefined, 404],
    ['get user: unknown uuid', 'GET', '/Users/00000000-0000-4000-8000-000000000000', undefined, 404],
    ['get group: not a uuid', 'GET', "/Groups/'%20OR%201=1", undefined, 404],
    ['unknown schema', 'GET', '/Schemas/urn:nothing', undefined, 404],
    ['create user: not JSON', 'POST', '/Users', '{"userName":', 400, 'invalidSyntax'],
    ['create user: an array', 'POST', '/Users', [], 400, 'invalidSyntax'],
    ['create user: no body', 'POST', '/Users', undefined, 400, 'invalidSyntax'],
    ['create user: no userName', 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] }, 400, 'invalidValue'],
    ['create user: userName a number', 'POST', '/Users', { userName: 42 }, 400, 'invalidValue'],
    ['create user: userName with NUL', 'POST', '/Users', { userName: NUL }, 400, 'invalidSyntax'],
    ['create user: userName too long', 'POST', '/Users', { userName: 'x'.repeat(300) }, 400, 'invalidValue'],
    ['create user: wrong schema', 'POST', '/Users', { schemas: [GROUP_SCHEMA], userName: 'x' }, 400, 'invalidValue'],
    ['create user: active not a boolean', 'POST', '/Users', { userName: 'x@example.com', active: 'maybe' }, 400, 'invalidValue'],
    ['create user: emails not a list', 'POST', '/Users', { userName: 'x@example.com', emails: 'x@example.com' }, 400, 'invalidValue'],
    [
      'create user: email not an address',
      'POST',
      '/Users',
      { userName: 'x@example.com', emails: [{ value: 'nope' }] },
      400,
      'invalidValue',
    ],
    ['create user: name a string', 'POST', '/Users', { userName: 'x@example.com', name: 'X' }, 400, 'invalidValue'],
    [
      'create user: deeply nested',
      'POST',
      '/Users',
      JSON.stringify({ userName: 'x', deep: JSON.parse('['.repeat(200) + ']'.repeat(200)) }),
      400,
      'invalidSyntax',
    ],
    ['create user: userName taken', 'POST', '/Users', entraUser('KEPT@example.com', 'ext-other'), 409, 'uniqueness'],
    ['create user: externalId taken', 'POST', '/Users', entraUser('other@example.com', 'ext-kept'), 409, 'uniqueness'],
    ['put user: not a uuid', 'PUT', '/Users/x', entraUser('kept@example.com', 'ext-kept'), 404],
    ['put user: no userName', 'PUT', '/Users/{user}', { active: true }, 400, 'invalidValue'],
    ['patch user: not a PatchOp', 'PATCH', '/Users/{user}', { Operations: [] }, 400, 'invalidSyntax'],
    ['patch user: no operations', 'PATCH', '/Users/{user}', patchOp(), 400, 'invalidSyntax'],
    ['patch user: unknown op', 'PATCH', '/Users/{user}', patchOp({ op: 'move', path: 'active', value: true }), 400, 'invalidSyntax'],
    ['patch user: op a number', 'PATCH', '/Users/{user}', patchOp({ op: 1 }), 400, 'invalidSyntax'],
    ['patch user: operation a string', 'PATCH', '/Users/{user}', patchOp('replace'), 400, 'invalidSyntax'],
    ['patch user: path a number', 'PATCH', '/Users/{user}', patchOp({ op: 'replace', path: 5, value: 1 }), 400, 'invalidPath'],
    [
      'patch user: broken path',
      'PATCH',
      '/Users/{user}',
      patchOp({ op: 'replace', path: 'emails[type eq', value: 'x' }),
      400,
      'invalidPath',
    ],
    ['patch user: remove without path', 'PATCH', '/Users/{user}', patchOp({ op: 'remove' }), 400, 'noTarget'],
    ['patch user: replace without value', 'PATCH', '/Users/{user}', patchOp({ op: 'replace', path: 'active' }), 400, 'invalidValue'],
    ['patch user: no-path value a string', 'PATCH', '/Users/{user}', patchOp({ op: 'replace', value: 'x' }), 400, 'invalidValue'],
    [
      'patch user: active "maybe"',
      'PATCH',
      '/Users/{user}',
      patchOp({ op: 'replace', path: 'active', value: 'maybe' }),
      400,
      'invalidValue',
    ],
    ['patch user: remove userName', 'PATCH', '/Users/{user}', patchOp({ op: 'remove', path: 'userName' }), 400, 'mutability'],
    [
      'patch user: userName an object',
      'PATCH',
      '/Users/{user}',
      patchOp({ op: 'replace', path: 'userName', value: { a: 1 } }),
      400,
      'invalidValue',
    ],
    [
      'patch user: emails filter without a match',
      'PATCH',
      '/Users/{user}',
      patchOp({ op: 'replace', path: 'emails[type eq "home" or type eq "other"]', value: { value: 'a@b.c' } }),
      400,
      'noTarget',
    ],
    [
      'patch user: emails not objects',
      'PATCH',
      '/Users/{user}',
      patchOp({ op: 'add', path: 'emails', value: ['a@b.c'] }),
      400,
      'invalidValue',
    ],
    [
      'patch user: unknown id',
      'PATCH',
      '/Users/00000000-0000-4000-8000-000000000000',
      patchOp({ op: 'replace', path: 'active', value: false }),
      404,
    ],
    ['patch user: stale If-Match', 'PATCH', '/Users/{user}', patchOp({ op: 'replace', path: 'active', value: false }), 412],
    ['delete user: not a uuid', 'DELETE', '/Users/nope', undefined, 404],
    ['create group: no displayName', 'POST', '/Groups', { schemas: [GROUP_SCHEMA] }, 400, 'invalidValue'],
    ['create group: displayName with a control character', 'POST', '/Groups', { displayName: 'a\u0007b' }, 400, 'invalidValue'],
    ['create group: members not objects', 'POST', '/Groups', { displayName: 'G1', members: ['x'] }, 400, 'invalidValue'],
    ['create group: unknown member', 'POST', '/Groups', { displayName: 'G2', members: [{ value: 'not-a-user' }] }, 400, 'invalidValue'],
    ['create group: externalId a number', 'POST', '/Groups', { displayName: 'G3', externalId: 5 }, 400, 'invalidValue'],
    ['create group: name taken', 'POST', '/Groups', { displayName: 'KEPT' }, 409, 'uniqueness'],
    [
      'patch group: unknown attribute',
      'PATCH',
      '/Groups/{group}',
      patchOp({ op: 'replace', path: 'owner', value: 'x' }),
      400,
      'invalidPath',
    ],
    [
      'patch group: members filter on type',
      'PATCH',
      '/Groups/{group}',
      patchOp({ op: 'remove', path: 'members[type eq "User"]' }),
      400,
      'invalidFilter',
    ],
    [
      'patch group: add unknown member',
      'PATCH',
      '/Groups/{group}',
      patchOp({ op: 'add', path: 'members', value: [{ value: '00000000-0000-4000-8000-000000000000' }] }),
      400,
      'invalidValue',
    ],
    [
      'patch group: member without value',
      'PATCH',
      '/Groups/{group}',
      patchOp({ op: 'add', path: 'members', value: [{ display: 'x' }] }),
      400,
      'invalidValue',
    ],
    [
      'patch group: empty displayName',
      'PATCH',
      '/Groups/{group}',
      patchOp({ op: 'replace', path: 'displayName', value: '' }),
      400,
      'invalidValue',
    ],
    ['patch group: remove displayName', 'PATCH', '/Groups/{group}', patchOp({ op: 'remove', path: 'displayName' }), 400, 'mutability'],
    ['patch group: not a uuid', 'PATCH', '/Groups/x', patchOp({ op: 'replace', path: 'displayName', value: 'y' }), 404],
    ['put group: no displayName', 'PUT', '/Groups/{group}', { members: [] }, 400, 'invalidValue'],
    ['delete group: unknown', 'DELETE', '/Groups/00000000-0000-4000-8000-000000000000', undefined, 404],
  ];

  // Every row has all six values: a test function with more parameters than values is taken for a `done` callback.
  const rows = cases.map(([name, method, path, body, status, scimType]) => [name, method, path, body, status, scimType ?? null] as const);
  it.each(rows)('%s → %s %s', async (_name, method, rawPath, body, status, scimType) => {
    const path = rawPath.replace('{user}', userId).replace('{group}', groupId);
    const headers: Record<string, string> = _name.includes('If-Match') ? { 'if-match': 'W/"999"' } : {};
    const answer = await scim.call(method, path, body, headers);
    expect([answer.status, answer.body.scimType ?? null]).toEqual([status, scimType]);
    expect(answer.headers.get('content-type')).toContain(SCIM_TYPE);
    expect(answer.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: String(status), detail: expect.any(String) });
  });

  it('a body of another content type is refused in the SCIM error schema', async () => {
    const response = await fetch(`${scim.base}/Users`, {
      method: 'POST',
      headers: {
        authorization: await (async () => `Bearer ${await scimToken(f.sesame, f.provider.id)}`)(),
        'content-type': 'application/xml',
      },
      body: '<User/>',
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as Record<string, unknown>).schemas).toEqual([ERROR_SCHEMA]);
    scim = scimClient(f.sesame, f.provider.slug, await scimToken(f.sesame, f.provider.id));
  });

  it('an anonymous caller gets 401 before its body is read, and nothing was written by any refused request', async () => {
    const anonymous = await fetch(`${scim.base}/Users`, { method: 'POST', headers: { 'content-type': SCIM_TYPE }, body: '{"userName":' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    // A slug no provider can have (NUL, too long) names none: 401, never a database error.
    for (const slug of ['%00', 'x'.repeat(60), 'UPPER']) {
      const response = await fetch(`${f.url}/scim/v2/${slug}/ServiceProviderConfig`, { headers: { authorization: 'Bearer scim_x' } });
      expect([slug, response.status]).toEqual([slug, 401]);
    }
    // Each refusal is in the audit log, the NUL shown as U+FFFD (PostgreSQL text cannot hold NUL).
    const auditedSlugs = async () =>
      (await f.sesame.db.query<{ slug: string }>(`SELECT provider_slug AS slug FROM audit_events WHERE type = 'scim'`)).map((r) => r.slug);
    for (let attempt = 0; attempt < 50 && !(await auditedSlugs()).includes('UPPER'); attempt++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await auditedSlugs()).toEqual(expect.arrayContaining(['\ufffd', 'UPPER']));
    const users: { n: string }[] = await f.sesame.db.query(`SELECT count(*) AS n FROM scim_users`);
    const groups: { n: string }[] = await f.sesame.db.query(`SELECT count(*) AS n FROM scim_groups`);
    expect([Number(users[0]!.n), Number(groups[0]!.n)]).toEqual([1, 1]);
    expect(f.sesame.logs.filter((line) => line.level === 50 || line.msg === 'unhandled error in SCIM')).toEqual([]);
    const metrics = await (await fetch(`${f.url}/metrics`)).text();
    expect(metrics).toMatch(/sesame_scim_requests_total\{provider="idp",resource="Users",method="PATCH",status="400"\} \d+/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { TEST_ADMIN_TOKEN, type TestSesame } from '../support/test-sesame.js';

/** Malformed admin input: each answer is a 4xx naming the field, never a 500 or an internal message. */
describe('admin input validation', () => {
  let f: SsoFixture;
  let sesame: TestSesame;
  beforeAll(async () => {
    f = await startSsoFixture({ users: [] });
    sesame = f.sesame;
  });
  afterAll(() => f?.close());

  /** A raw request: any body text, any content type, with or without the admin token. */
  const send = (path: string, init: { method: string; body?: string; type?: string | null; token?: string | null }) => {
    const headers: Record<string, string> = {};
    const token = init.token === undefined ? TEST_ADMIN_TOKEN : init.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (init.type !== null) headers['content-type'] = init.type ?? 'application/json';
    return fetch(sesame.url + path, { method: init.method, headers, body: init.body });
  };
  const answer = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, any> });
  const fieldsOf = (body: Record<string, any>) => (body.errors as { field: string; reason: string }[] | undefined)?.map((e) => e.field);
  const current = async (path: string) => (await sesame.admin(path)).json() as Promise<Record<string, any>>;

  it('refuses a boolean or a string for the audit retention, and a retention under a week', async () => {
    for (const retentionDays of [true, '30', 3, 0]) {
      const { status, body } = await answer(await sesame.admin('/api/admin/audit-settings', { method: 'PUT', body: { retentionDays } }));
      expect({ retentionDays, status, fields: fieldsOf(body) }).toEqual({
        retentionDays,
        status: 400,
        fields: expect.arrayContaining(['retentionDays']),
      });
    }
    expect((await current('/api/admin/audit-settings')).retentionDays).toBe(90);
    const { body } = await answer(await sesame.admin('/api/admin/audit-settings', { method: 'PUT', body: { retentionDays: 3 } }));
    expect(body.message).toContain('at least 7');
    expect((await sesame.admin('/api/admin/audit-settings', { method: 'PUT', body: { retentionDays: 7 } })).status).toBe(200);
  });

  it('converts numeric query parameters strictly', async () => {
    expect((await sesame.admin('/api/admin/users?limit=10')).status).toBe(200);
    expect((await sesame.admin('/api/admin/sessions?limit=5')).status).toBe(200);
    expect((await sesame.admin('/api/admin/audit-events?limit=1')).status).toBe(200);
    for (const query of ['limit=10abc', 'limit=true', 'limit=1.5', 'limit=1&limit=2', 'limit=']) {
      const { status, body } = await answer(await sesame.admin(`/api/admin/groups?${query}`));
      expect({ query, status, fields: fieldsOf(body) }).toEqual({ query, status: 400, fields: expect.arrayContaining(['limit']) });
    }
  });

  it('removes a password only for an explicit null', async () => {
    const created = (await (
      await sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'pat', password: 'correct horse battery' } })
    ).json()) as { id: string };
    const path = `/api/admin/users/${created.id}/password`;
    for (const body of ['{}', 'null', undefined, '{"password": 5}']) {
      const { status, body: error } = await answer(await send(path, { method: 'PUT', body, type: body === undefined ? null : undefined }));
      expect({ body, status, fields: fieldsOf(error) }).toEqual({ body, status: 400, fields: ['password'] });
      if (body !== '{"password": 5}') expect(error.message).toContain('password is required (a string, or null to remove the password)');
      expect((await current(`/api/admin/users/${created.id}`)).hasPassword).toBe(true);
    }
    expect((await send(path, { method: 'PUT', body: '{"password": null}' })).status).toBe(204);
    expect((await current(`/api/admin/users/${created.id}`)).hasPassword).toBe(false);
  });

  it('accepts a DELETE with Content-Type: application/json and no body', async () => {
    const group = (await (await sesame.admin('/api/admin/groups', { method: 'POST', body: { name: 'to-go' } })).json()) as { id: string };
    expect((await send(`/api/admin/groups/${group.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await send(`/api/admin/groups/${group.id}`, { method: 'DELETE', body: '' })).status).toBe(404);
  });

  it('reports an unreadable body after authentication, with a stable text', async () => {
    const broken = await answer(await send('/api/admin/groups', { method: 'POST', body: '{"name": ' }));
    expect(broken).toEqual({ status: 400, body: expect.objectContaining({ message: 'body: is not valid JSON' }) });
    const xml = await answer(await send('/api/admin/groups', { method: 'POST', body: '<group/>', type: 'application/xml' }));
    expect({ status: xml.status, message: xml.body.message }).toEqual({
      status: 415,
      message: 'Content-Type "application/xml" is not accepted; send application/json (or application/merge-patch+json to a PATCH)',
    });
    expect((await send('/api/admin/groups', { method: 'POST', body: '{"name": ', token: null })).status).toBe(401);
  });

  it('requires every nested settings object, and refuses arrays in their place', async () => {
    const mappingPath = `/api/admin/providers/${f.provider.id}/group-mapping`;
    const mapping = await current(mappingPath);
    const signIn = await current('/api/admin/sign-in-settings');
    const cases: [string, string, Record<string, unknown>, string][] = [];
    for (const field of ['manual', 'onTheFly']) {
      const { [field]: _left, ...without } = mapping;
      cases.push([mappingPath, field, without, `${field} is required`]);
      cases.push([mappingPath, field, { ...mapping, [field]: [] }, `${field} must be an object`]);
      cases.push([mappingPath, field, { ...mapping, [field]: null }, `${field} is required`]);
    }
    for (const field of ['session', 'backdoor', 'autoRedirect', 'apiAccess']) {
      const { [field]: _left, ...without } = signIn;
      cases.push(['/api/admin/sign-in-settings', field, without, `${field} is required`]);
      cases.push(['/api/admin/sign-in-settings', field, { ...signIn, [field]: [] }, `${field} must be an object`]);
    }
    const { rememberMe: _rememberMe, ...session } = signIn.session as Record<string, unknown>;
    cases.push(['/api/admin/sign-in-settings', 'session.rememberMe', { ...signIn, session }, 'rememberMe is required']);
    for (const [path, field, body, reason] of cases) {
      const { status, body: error } = await answer(await sesame.admin(path, { method: 'PUT', body }));
      expect({ path, field, status, message: error.message }).toEqual({
        path,
        field,
        status: 400,
        message: expect.stringContaining(reason),
      });
      expect(fieldsOf(error)).toContain(field);
    }
  });

  it('refuses deeply nested JSON and NUL characters with the field path', async () => {
    const deep = '{"name":'.repeat(5_000) + '"x"' + '}'.repeat(5_000);
    for (const path of ['/api/admin/groups', '/api/admin/sign-in-settings', `/api/admin/providers/${f.provider.id}/group-mapping`]) {
      const { status, body } = await answer(await send(path, { method: path.endsWith('groups') ? 'POST' : 'PUT', body: deep }));
      expect({ path, status, message: body.message }).toEqual({ path, status: 400, message: 'body: nests deeper than 32 levels' });
    }
    const nul = await answer(await sesame.admin('/api/admin/groups', { method: 'POST', body: { name: 'ok', description: 'a\u0000b' } }));
    expect(nul).toEqual({
      status: 400,
      body: expect.objectContaining({ errors: [{ field: 'description', reason: 'must not contain the NUL character' }] }),
    });
    const nested = await answer(
      await sesame.admin('/api/admin/mapping-preview', {
        method: 'POST',
        body: { providerId: f.provider.id, claims: { groups: ['x', 'y\u0000'] } },
      }),
    );
    expect(nested.status).toBe(400);
    expect(fieldsOf(nested.body)).toEqual(['claims.groups.1']);
    const search = await answer(await sesame.admin('/api/admin/users?search=a%00'));
    expect({ status: search.status, fields: fieldsOf(search.body) }).toEqual({ status: 400, fields: ['search'] });
  });

  it('validates the preview sample and never answers with an internal error text', async () => {
    const refused = await answer(
      await sesame.admin('/api/admin/look-and-feel/preview', { method: 'POST', body: { page: 'login', sample: null } }),
    );
    expect({ status: refused.status, fields: fieldsOf(refused.body) }).toEqual({ status: 400, fields: ['sample'] });
    for (const sample of [{ providers: null }, { providers: 'x' }, { emailFirst: 5 }, { providers: [null] }]) {
      const response = await sesame.admin('/api/admin/look-and-feel/preview', { method: 'POST', body: { page: 'login', sample } });
      const text = await response.text();
      expect({ sample, status: response.status }).toEqual({ sample, status: response.status === 200 ? 200 : 422 });
      expect(text).not.toMatch(/Cannot read|TypeError|undefined \(reading|is not a function|is not iterable/);
    }
  });
});

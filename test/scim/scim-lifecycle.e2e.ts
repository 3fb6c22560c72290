import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { eventually } from '../session/session-helpers.js';
import { entraUser, patchOp, scimClient, scimToken, type ScimClient } from './scim-client.js';

/**
 * Offboarding through SCIM reaches a forward-auth-protected app within a second, on another
 * instance than the one SCIM spoke to; group changes reach the identity headers the same way.
 */
describe('SCIM: access follows the provider within a second, on every instance', () => {
  let f: SsoFixture;
  let other: TestSesame;
  let scim: ScimClient;
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(30); // two connection pools on one embedded database
    f = await startSsoFixture({ db });
    // The provider's groups come from SCIM only: the ID token has no such claim, SCIM's Groups decide.
    const path = `/api/admin/providers/${f.provider.id}/group-mapping`;
    const current = (await (await f.sesame.admin(path)).json()) as Record<string, any>;
    const mapping = {
      ...current,
      groupAttribute: 'not_sent_groups',
      mode: 'on-the-fly',
      onTheFly: { ...current.onTheFly, createMissingGroups: true },
    };
    const saved = await f.sesame.admin(path, { method: 'PUT', body: mapping });
    expect(saved.status).toBe(200);
    other = await startTestSesame({ db: f.sesame.db, env: { PUBLIC_URL: f.url } });
    scim = scimClient(other, f.provider.slug, await scimToken(f.sesame, f.provider.id));
  });
  afterAll(async () => {
    await other?.close();
    await f?.close();
    await db?.stop();
  });

  const check = async (cookie: string) => {
    const response = await fetch(`${f.url}/auth/check`, { headers: { cookie } });
    await response.arrayBuffer();
    return { status: response.status, groups: response.headers.get('x-auth-request-groups') };
  };

  it('a Group change shows in X-Auth-Request-Groups, and active=false ends the session, each within 1 s', async () => {
    const alice = (
      await scim.post('/Users', entraUser('alice', 'demo-alice', { emails: [{ primary: true, type: 'work', value: 'alice@example.com' }] }))
    ).body;
    const team = (
      await scim.post('/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Engineering',
        members: [{ value: alice.id }],
      })
    ).body;
    const browser = new TestBrowser();
    expect((await f.login(browser, 'alice')).status).toBe(302);
    const cookie = `sesame_session=${browser.cookie(f.url, 'sesame_session')}`;
    expect(await check(cookie)).toEqual({ status: 200, groups: 'Engineering' });

    // The session is cached on the instance that checks it: the change must reach it through the bus.
    expect((await scim.patch(`/Groups/${team.id}`, patchOp({ op: 'Add', path: 'members', value: [{ value: alice.id }] }))).status).toBe(
      204,
    );
    const sales = (
      await scim.post('/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Sales',
        members: [{ value: alice.id }],
      })
    ).body;
    const joined = await eventually(() => check(cookie), { status: 200, groups: 'Engineering,Sales' }, 1000);
    expect(joined.value).toEqual({ status: 200, groups: 'Engineering,Sales' });

    expect((await scim.patch(`/Groups/${sales.id}`, patchOp({ op: 'Remove', path: `members[value eq "${alice.id}"]` }))).status).toBe(204);
    const left = await eventually(() => check(cookie), { status: 200, groups: 'Engineering' }, 1000);
    expect(left.value).toEqual({ status: 200, groups: 'Engineering' });

    const started = Date.now();
    expect((await scim.patch(`/Users/${alice.id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }))).status).toBe(200);
    const gone = await eventually(() => check(cookie), { status: 401, groups: null }, 1000);
    expect(gone.value).toEqual({ status: 401, groups: null });
    expect(Date.now() - started).toBeLessThan(1500);
    const rows: unknown[] = await f.sesame.db.query(`SELECT 1 FROM sessions WHERE user_id = $1`, [alice.id]);
    expect(rows).toEqual([]);
    // A disabled user cannot sign in again until the provider switches it back on.
    expect((await f.login(new TestBrowser(), 'alice')).status).toBe(403);
  });

  it('DELETE ends the sessions too', async () => {
    const bob = (
      await scim.post('/Users', entraUser('bob', 'demo-bob', { emails: [{ primary: true, type: 'work', value: 'bob@example.com' }] }))
    ).body;
    const browser = new TestBrowser();
    await f.login(browser, 'bob');
    const cookie = `sesame_session=${browser.cookie(f.url, 'sesame_session')}`;
    expect((await check(cookie)).status).toBe(200);
    expect((await scim.delete(`/Users/${bob.id}`)).status).toBe(204);
    expect((await eventually(() => check(cookie), { status: 401, groups: null }, 1000)).value).toEqual({ status: 401, groups: null });
  });

  it('50 concurrent PATCHes adding members to one group lose none of them', async () => {
    const users = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        scim.post('/Users', entraUser(`member${i}@example.com`, `ext-member-${i}`)).then((r) => r.body.id as string),
      ),
    );
    expect(new Set(users).size).toBe(50);
    const group = (await scim.post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Everyone' })).body;
    const answers = await Promise.all(
      users.map((id) => scim.patch(`/Groups/${group.id}`, patchOp({ op: 'Add', path: 'members', value: [{ value: id }] }))),
    );
    expect(answers.map((a) => a.status)).toEqual(users.map(() => 204));
    const members = (await scim.get(`/Groups/${group.id}`)).body.members as { value: string }[];
    expect(members.map((m) => m.value).sort()).toEqual([...users].sort());
    const directory: { n: string }[] = await f.sesame.db.query(
      `SELECT count(*) AS n FROM memberships m JOIN groups g ON g.id = m.group_id WHERE g.name = 'Everyone' AND m.origin = 'scim'`,
    );
    expect(Number(directory[0]!.n)).toBe(50);
    expect((await scim.get(`/Groups/${group.id}`)).body.meta.version).toBe('W/"51"');
  });
});

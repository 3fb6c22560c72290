import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Clock } from '../../src/common/clock.js';
import { TestBrowser } from '../support/browser.js';
import { startConsoleFixture, type Json } from '../support/console-fixture.js';
import type { SsoFixture } from '../support/sso-fixture.js';

/** The admin API with the session cookie, as the console calls it: same origin, JSON, the CSRF header when given. */
async function consoleCall(
  f: SsoFixture,
  browser: TestBrowser,
  path: string,
  init: { method?: string; body?: unknown; csrf?: string; site?: string } = {},
) {
  const headers: Record<string, string> = { 'sec-fetch-site': init.site ?? 'same-origin' };
  if (init.csrf) headers['x-sesame-csrf'] = init.csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const cookie = browser.cookie(f.url, 'sesame_session');
  if (cookie) headers.cookie = `sesame_session=${cookie}`;
  const response = await fetch(f.url + path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Json };
}

describe('the admin console signs in with the session cookie of a member of adminGroups', () => {
  let f: SsoFixture;
  const clock = new Clock();
  const alice = new TestBrowser();
  const bob = new TestBrowser();
  const carol = new TestBrowser();

  beforeAll(async () => {
    f = await startConsoleFixture({
      adminGroups: { admin: ['Admins'], readOnly: ['auditors'] },
      adminSession: { reauthenticateAfterMinutes: 30 },
      clock,
    });
    for (const [browser, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
      [carol, 'carol'],
    ] as const) {
      expect((await f.login(browser, name)).status).toBe(302);
    }
  });
  afterAll(() => f?.close());

  it('shows adminGroups and adminSession in the settings, documented in Swagger', async () => {
    const settings = (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Json;
    expect(settings.adminGroups).toEqual({ admin: ['Admins'], readOnly: ['auditors'] });
    expect(settings.adminSession).toEqual({ reauthenticateAfterMinutes: 30 });
    const doc = (await (await fetch(`${f.url}/api/docs-json`)).json()) as Json;
    expect(Object.keys(doc.components.schemas.AdminGroupsDto.properties)).toEqual(['admin', 'readOnly']);
    expect(doc.paths['/api/admin/me'].get).toBeDefined();
  });

  it('tells an admin who they are, with the CSRF token of their session', async () => {
    const me = await consoleCall(f, alice, '/api/admin/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'session', name: 'alice', scope: 'admin' });
    expect(me.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await consoleCall(f, carol, '/api/admin/me')).body.csrfToken).not.toBe(me.body.csrfToken);
    expect((await consoleCall(f, alice, '/api/admin/providers')).status).toBe(200);
  });

  it('refuses a signed-in user who is in no admin group, and anyone without a session', async () => {
    const me = await consoleCall(f, bob, '/api/admin/providers');
    expect(me.status).toBe(403);
    expect(me.body.message).toMatch(/bob is signed in but is not a member of the sign-in setting adminGroups/);
    expect((await consoleCall(f, new TestBrowser(), '/api/admin/providers')).status).toBe(401);
  });

  it("refuses a write without the CSRF header, or with another session's, and accepts it with its own", async () => {
    const csrf = (await consoleCall(f, alice, '/api/admin/me')).body.csrfToken as string;
    const group = { name: 'console-made' };
    const without = await consoleCall(f, alice, '/api/admin/groups', { method: 'POST', body: group });
    expect(without.status).toBe(403);
    expect(without.body.code).toBe('CSRF_INVALID');
    expect(without.body.message).toMatch(/x-sesame-csrf/);
    const wrong = await consoleCall(f, alice, '/api/admin/groups', {
      method: 'POST',
      body: group,
      csrf: csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    });
    expect(wrong.body.code).toBe('CSRF_INVALID');
    const made = await consoleCall(f, alice, '/api/admin/groups', { method: 'POST', body: group, csrf });
    expect(made.status).toBe(201);
  });

  it("records the change under the person's name", async () => {
    const events = (await (await f.sesame.admin('/api/admin/audit-events?type=admin_change')).json()) as Json;
    const created = (events.items as Json[]).find((e) => e.details.entity === 'group' && e.details.after?.name === 'console-made');
    expect(created?.actor).toMatch(/^user:alice \([0-9a-f-]{36}\)$/);
  });

  it('refuses any request another site started, even a read (what SameSite=Strict would do)', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const answer = await consoleCall(f, alice, '/api/admin/providers', { site });
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('CSRF_INVALID');
    }
  });

  it('lets a read-only admin read everything and refuses every write with the reason', async () => {
    expect((await consoleCall(f, carol, '/api/admin/sign-in-settings')).status).toBe(200);
    const me = await consoleCall(f, carol, '/api/admin/me');
    expect(me.body).toMatchObject({ scope: 'read' });
    const write = await consoleCall(f, carol, '/api/admin/groups', { method: 'POST', body: { name: 'nope' }, csrf: me.body.csrfToken });
    expect(write.status).toBe(403);
    expect(write.body.message).toMatch(/carol is a read-only administrator \(a member of adminGroups.readOnly\)/);
  });

  it('refuses a change that leaves no enabled member in adminGroups.admin (the lock-out guard)', async () => {
    const csrf = (await consoleCall(f, alice, '/api/admin/me')).body.csrfToken as string;
    const settings = (await consoleCall(f, alice, '/api/admin/sign-in-settings')).body;
    const answer = await consoleCall(f, alice, '/api/admin/sign-in-settings', {
      method: 'PUT',
      csrf,
      body: { ...settings, adminGroups: { admin: ['nobody-is-here'], readOnly: [] } },
    });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('LOCKOUT_GUARD');
    expect(answer.body.message).toMatch(/No enabled user is a member of adminGroups.admin \(nobody-is-here\)/);
    const invalid = await f.sesame.admin('/api/admin/sign-in-settings', {
      method: 'PUT',
      body: { ...settings, adminSession: { reauthenticateAfterMinutes: 0 } },
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as Json).message).toMatch(/adminSession.reauthenticateAfterMinutes: must be a whole number from 1/);
  });

  it('asks for a new sign-in before a write once reauthenticateAfterMinutes have passed; reads go on', async () => {
    const csrf = (await consoleCall(f, alice, '/api/admin/me')).body.csrfToken as string;
    clock.advance(31 * 60_000);
    expect((await consoleCall(f, alice, '/api/admin/groups')).status).toBe(200);
    const late = await consoleCall(f, alice, '/api/admin/groups', { method: 'POST', body: { name: 'too-late' }, csrf });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('REAUTHENTICATION_REQUIRED');
    expect(late.body.message).toMatch(/older than 30 minutes/);
    // A new sign-in is a new session: writes work again.
    expect((await f.login(alice, 'alice')).status).toBe(302);
    const fresh = (await consoleCall(f, alice, '/api/admin/me')).body.csrfToken as string;
    expect((await consoleCall(f, alice, '/api/admin/groups', { method: 'POST', body: { name: 'on-time' }, csrf: fresh })).status).toBe(201);
  });

  it('exports and imports adminGroups with the rest of the sign-in settings', async () => {
    const exported = (await (await f.sesame.admin('/api/admin/config/export')).json()) as Json;
    expect(exported.signInSettings.adminGroups).toEqual({ admin: ['Admins'], readOnly: ['auditors'] });
    const doc = structuredClone(exported);
    doc.signInSettings.adminGroups = { admin: ['ghost-group'], readOnly: [] };
    const dry = await f.sesame.admin('/api/admin/config/import?dryRun=true', { method: 'POST', body: doc });
    expect(dry.status).toBe(422);
    expect(JSON.stringify(await dry.json())).toMatch(/signInSettings.adminGroups.admin/);
  });

  it('refuses disabling or deleting the last enabled admin (the lock-out guard), and allows it while another admin stays', async () => {
    const find = async (path: string) => ((await (await f.sesame.admin(path)).json()) as Json).items[0] as Json;
    const aliceId = (await find('/api/admin/users?search=alice')).id as string;
    const bobId = (await find('/api/admin/users?search=bob')).id as string;
    const disable = (id: string, active = false) => f.sesame.admin(`/api/admin/users/${id}`, { method: 'PATCH', body: { active } });

    const disabled = await disable(aliceId);
    expect(disabled.status).toBe(409);
    const refusal = (await disabled.json()) as Json;
    expect(refusal.code).toBe('LOCKOUT_GUARD');
    expect(refusal.message).toMatch(/^Disabling this user would leave no enabled member of adminGroups.admin \(Admins\)/);
    const deleted = await f.sesame.admin(`/api/admin/users/${aliceId}`, { method: 'DELETE' });
    expect(deleted.status).toBe(409);
    expect(((await deleted.json()) as Json).message).toMatch(/^Deleting this user would leave no enabled member/);
    expect(((await (await f.sesame.admin(`/api/admin/users/${aliceId}`)).json()) as Json).active).toBe(true);
    // Someone who is not an admin is not guarded.
    expect((await disable(bobId)).status).toBe(200);
    expect((await disable(bobId, true)).status).toBe(200);

    const admins = (await find('/api/admin/groups?search=admins')).id as string;
    expect((await f.sesame.admin(`/api/admin/groups/${admins}/members`, { method: 'POST', body: { userId: bobId } })).status).toBe(204);
    expect((await disable(aliceId)).status).toBe(200);
    // Now bob is the last enabled admin.
    expect((await f.sesame.admin(`/api/admin/users/${bobId}`, { method: 'DELETE' })).status).toBe(409);
    expect((await disable(aliceId, true)).status).toBe(200);
    expect((await f.sesame.admin(`/api/admin/users/${bobId}`, { method: 'DELETE' })).status).toBe(204);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { eventually, meStatus, sessionRows } from './session-helpers.js';

interface SessionJson {
  id: string;
  userId: string;
  username: string;
  providerSlug: string | null;
  [key: string]: unknown;
}

/** Sessions as administrators see and end them, and what ends them without anyone asking. */
describe('sessions: admin API, revocation, rotation', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture();
  });
  afterAll(() => f?.close());

  const check = (browser: TestBrowser) => browser.get(`${f.url}/auth/check`).then((r) => r.status);
  const userId = async (username: string) =>
    (await f.sesame.db.query<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [username]))[0]!.id;

  /** Signed in, and asked once, so the session sits in Sesame's cache when it is revoked. */
  async function signedIn(username: string): Promise<TestBrowser> {
    const browser = new TestBrowser({ 'user-agent': `test-browser/${username}` });
    await f.login(browser, username);
    expect(await check(browser)).toBe(200);
    return browser;
  }

  it('lists the sessions of a user, with everything but the token', async () => {
    const browser = await signedIn('alice');
    await signedIn('bob');
    const response = await f.sesame.admin(`/api/admin/sessions?userId=${await userId('alice')}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const sessions = JSON.parse(text) as SessionJson[];
    expect(sessions.length).toBeGreaterThanOrEqual(1);
    expect(sessions.every((s) => s.username === 'alice')).toBe(true);
    expect(sessions[0]).toEqual({
      id: expect.any(String),
      userId: await userId('alice'),
      username: 'alice',
      providerId: f.provider.id,
      providerSlug: 'idp',
      method: 'sso',
      rememberMe: false,
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      expiresAt: expect.any(String),
      ip: '127.0.0.1',
      userAgent: 'test-browser/alice',
    });
    const token = browser.cookie(f.url, 'sesame_session')!;
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/token/i);
    expect(text).not.toMatch(/id_token|sealed|"sid"/i);

    const all = (await (await f.sesame.admin('/api/admin/sessions')).json()) as SessionJson[];
    expect(new Set(all.map((s) => s.username))).toEqual(new Set(['alice', 'bob']));
    expect((await f.sesame.admin('/api/admin/sessions', { token: null })).status).toBe(401);
    expect((await f.sesame.admin('/api/admin/sessions?userId=not-a-uuid')).status).toBe(400);
  });

  it('ends one session at once (DELETE /api/admin/sessions/{id}), even one in memory', async () => {
    const first = await signedIn('alice');
    const second = await signedIn('alice');
    const [newest] = (await (await f.sesame.admin(`/api/admin/sessions?userId=${await userId('alice')}`)).json()) as SessionJson[];
    const deleted = await f.sesame.admin(`/api/admin/sessions/${newest!.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await check(second)).toBe(401);
    expect(await meStatus(second, f.url)).toBe(401);
    expect(await check(first)).toBe(200);
    expect((await f.sesame.admin(`/api/admin/sessions/${newest!.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await f.sesame.admin(`/api/admin/sessions/nope`, { method: 'DELETE' })).status).toBe(400);
  });

  it('ends every session of a user (DELETE /api/admin/users/{id}/sessions)', async () => {
    const browsers = [await signedIn('alice'), await signedIn('alice')];
    const bob = await signedIn('bob');
    const response = await f.sesame.admin(`/api/admin/users/${await userId('alice')}/sessions`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    for (const browser of browsers) expect(await check(browser)).toBe(401);
    expect(await sessionRows(f.sesame, 'alice')).toEqual([]);
    expect(await check(bob)).toBe(200);
  });

  it('ends every session of a user who is disabled, for good', async () => {
    const browser = await signedIn('bob');
    const other = await signedIn('bob');
    const id = await userId('bob');
    expect((await f.sesame.admin(`/api/admin/users/${id}`, { method: 'PATCH', body: { active: false } })).status).toBe(200);
    try {
      expect(await check(browser)).toBe(401);
      expect((await eventually(() => sessionRows(f.sesame, 'bob'), [], 2000)).value).toEqual([]);
    } finally {
      expect((await f.sesame.admin(`/api/admin/users/${id}`, { method: 'PATCH', body: { active: true } })).status).toBe(200);
    }
    // Switching the user back on revives none of them, not even the one that made no request meanwhile.
    expect(await check(browser)).toBe(401);
    expect(await check(other)).toBe(401);
  });

  it('ends every session through a provider that is disabled, for good', async () => {
    const browser = await signedIn('alice');
    const other = await signedIn('bob');
    const path = `/api/admin/providers/${f.provider.id}/enabled`;
    expect((await f.sesame.admin(path, { method: 'PUT', body: { enabled: false } })).status).toBe(200);
    try {
      expect(await check(browser)).toBe(401);
      expect((await eventually(() => f.sesame.db.query(`SELECT id FROM sessions`), [], 2000)).value).toEqual([]);
    } finally {
      expect((await f.sesame.admin(path, { method: 'PUT', body: { enabled: true } })).status).toBe(200);
    }
    expect(await check(browser)).toBe(401);
    expect(await check(other)).toBe(401);
  });

  it('ends the sessions of a user who is deleted', async () => {
    f.idp.users.push({ sub: 'demo-dora', username: 'dora', email: 'dora@example.com', givenName: 'Dora', familyName: 'Dune', groups: [] });
    const browser = await signedIn('dora');
    expect((await f.sesame.admin(`/api/admin/users/${await userId('dora')}`, { method: 'DELETE' })).status).toBe(204);
    expect(await check(browser)).toBe(401);
  });

  it('rotates the token at every login: a second login in the same browser gets a new token, the old one is dead', async () => {
    const browser = await signedIn('alice');
    const old = browser.cookie(f.url, 'sesame_session')!;
    await f.login(browser, 'alice');
    const current = browser.cookie(f.url, 'sesame_session')!;
    expect(current).not.toBe(old);
    expect(await check(browser)).toBe(200);
    const oldBrowser = new TestBrowser();
    oldBrowser.setCookie(f.url, 'sesame_session', old);
    expect(await check(oldBrowser)).toBe(401);
  });

  it('never adopts a session token the browser brought (session fixation)', async () => {
    const chosen = 'AttackerChosenValue_0123456789abcdefghijklm';
    expect(chosen).toHaveLength(43);
    const victim = new TestBrowser();
    victim.setCookie(f.url, 'sesame_session', chosen);
    const result = await f.login(victim, 'bob');
    const set = result.response.headers.getSetCookie().find((c) => c.startsWith('sesame_session='))!;
    expect(set).toBeDefined();
    expect(set).not.toContain(chosen);
    expect(victim.cookie(f.url, 'sesame_session')).not.toBe(chosen);
    expect(await check(victim)).toBe(200);
    const attacker = new TestBrowser();
    attacker.setCookie(f.url, 'sesame_session', chosen);
    expect(await check(attacker)).toBe(401);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import argon2 from 'argon2';
import { Clock } from '../../src/common/clock.js';
import { eventually } from '../session/session-helpers.js';
import { TestBrowser } from '../support/browser.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

const KEY = 'break-glass_0123456789abcdef';
const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;

describe('backdoor login', () => {
  let t: TestSesame;
  const clock = new Clock();
  let addresses = 0;
  const ids: Record<string, string> = {};

  /** Each test signs in from an address of its own (through the trusted proxy), so address limits stay apart. */
  const newBrowser = () => new TestBrowser({ 'x-forwarded-for': `198.51.100.${++addresses}` });

  async function settings(change: (s: Record<string, any>) => Record<string, any>): Promise<Response> {
    const current = (await (await t.admin('/api/admin/sign-in-settings')).json()) as Record<string, any>;
    return t.admin('/api/admin/sign-in-settings', { method: 'PUT', body: change(current) });
  }

  async function openForm(
    browser: TestBrowser,
    key: string | null = KEY,
    query = '',
  ): Promise<{ status: number; csrf: string; html: string }> {
    const response = await browser.get(`${t.url}/backdoor?${key === null ? '' : `key=${key}`}${query}`);
    const html = await response.text();
    return { status: response.status, csrf: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '', html };
  }

  async function attempt(browser: TestBrowser, username: string, password: string, form: Record<string, string> = {}, query = '') {
    const { csrf } = await openForm(browser);
    const response = await browser.post(`${t.url}/backdoor${query}`, { csrf, key: KEY, username, password, ...form });
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }

  const backdoorEvents = () =>
    t.db.query<{ outcome: string; username: string; reason: string | null; ip: string }>(
      `SELECT outcome, username, details->>'reason' AS reason, ip FROM audit_events WHERE type = 'backdoor_login' ORDER BY id`,
    );

  beforeAll(async () => {
    t = await startTestSesame({ clock, env: { SESAME_TRUSTED_PROXIES: '127.0.0.1/32' } });
    const group = (await (await t.admin('/api/admin/groups', { method: 'POST', body: { name: 'Break-Glass' } })).json()) as { id: string };
    for (const [username, body] of Object.entries({
      root: { password: PASSWORD },
      dev: { password: PASSWORD },
      retired: { password: PASSWORD, active: false },
      ssouser: {},
      victim: { password: PASSWORD },
      crowd: { password: PASSWORD },
    })) {
      const created = await t.admin('/api/admin/users', { method: 'POST', body: { username, ...body } });
      expect(created.status).toBe(201);
      ids[username] = ((await created.json()) as { id: string }).id;
    }
    for (const username of ['root', 'retired', 'ssouser', 'victim', 'crowd']) {
      await t.admin(`/api/admin/groups/${group.id}/members`, { method: 'POST', body: { userId: ids[username] } });
    }
    const saved = await settings((s) => ({ ...s, backdoor: { enabled: true, key: KEY, allowedGroups: ['break-glass'] } }));
    expect(saved.status).toBe(200);
  });
  afterAll(() => t?.close());

  it('answers a wrong or missing key, and a disabled backdoor, exactly like an unknown path', async () => {
    const browser = newBrowser();
    const normalise = async (response: Response, path: string) => ({
      status: response.status,
      type: response.headers.get('content-type'),
      headers: [...response.headers.keys()].filter((h) => !['date', 'content-length'].includes(h)).sort(),
      body: (await response.text())
        .replaceAll(path, '<path>')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<request-id>')
        .replace(/nonce-[^']+'|nonce="[^"]+"/g, '<nonce>'),
    });
    const unknown = await normalise(await browser.get(`${t.url}/no-such-page?key=nope`), '/no-such-page');
    expect(unknown.status).toBe(404);
    for (const query of ['?key=nope', '', `?key=${KEY.slice(0, -1)}`, `?key=${KEY}&key=${KEY}`]) {
      expect(await normalise(await browser.get(`${t.url}/backdoor${query}`), '/backdoor')).toEqual({
        ...unknown,
        body: query === '?key=nope' ? unknown.body : expect.any(String),
      });
    }
    const post = await browser.post(`${t.url}/backdoor`, { key: 'nope', username: 'root', password: PASSWORD });
    expect(post.status).toBe(404);

    expect((await openForm(browser)).status).toBe(200);
    await settings((s) => ({ ...s, backdoor: { ...s.backdoor, enabled: false } }));
    try {
      expect(await normalise(await browser.get(`${t.url}/backdoor?key=nope`), '/backdoor')).toEqual(unknown);
      expect((await openForm(browser)).status).toBe(404);
    } finally {
      await settings((s) => ({ ...s, backdoor: { ...s.backdoor, enabled: true } }));
    }
  });

  it('signs in a local member of an allowed group: backdoor session, cookie, return_to, audit event', async () => {
    const browser = newBrowser();
    const form = await openForm(browser, KEY, '&return_to=%2Fadmin%2Fpage');
    expect(form.html).toContain('action="/backdoor?return_to=%2Fadmin%2Fpage"');
    expect(form.html).toContain(`name="key" value="${KEY}"`);
    const response = await browser.post(`${t.url}/backdoor?return_to=%2Fadmin%2Fpage`, {
      csrf: form.csrf,
      key: KEY,
      username: 'ROOT',
      password: PASSWORD,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/page');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('sesame_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).not.toMatch(/Max-Age|Expires/i); // never remembered

    const me = (await (await browser.get(`${t.url}/api/me`)).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ username: 'root', method: 'backdoor', groups: ['Break-Glass'] });
    // This test's address picks its own session and event out of those other tests made for root.
    const ip = `198.51.100.${addresses}`;
    const [session] = await t.db.query<{ method: string; remember_me: boolean; ip: string }>(
      `SELECT method, remember_me, ip FROM sessions WHERE user_id = $1 AND ip = $2`,
      [ids.root, ip],
    );
    expect(session).toEqual({ method: 'backdoor', remember_me: false, ip });
    const success = { outcome: 'success', username: 'ROOT', reason: null, ip };
    // Audit events are written after the answer.
    const { value: event } = await eventually(async () => (await backdoorEvents()).find((e) => e.ip === ip), success, 3000);
    expect(event).toEqual(success);

    const evil = await attempt(newBrowser(), 'root', PASSWORD, {}, '?return_to=https%3A%2F%2Fevil.example%2F');
    expect(evil).toMatchObject({ status: 303, location: '/' });
  });

  it('gives unknown user, wrong password, no group, inactive and SSO-only the same 401 answer, each audited with its reason', async () => {
    const cases: [string, string, string][] = [
      ['nobody', PASSWORD, 'unknown_user'],
      ['root', 'wrong password!!', 'wrong_password'],
      ['dev', PASSWORD, 'not_in_allowed_group'],
      ['retired', PASSWORD, 'inactive'],
      ['ssouser', PASSWORD, 'no_password'],
    ];
    const before = (await backdoorEvents()).length;
    const answers = new Set<string>();
    for (const [username, password] of cases) {
      const browser = newBrowser();
      const result = await attempt(browser, username, password);
      expect(result.status).toBe(401);
      expect(browser.cookie(t.url, 'sesame_session')).toBeUndefined();
      expect(result.html).toContain('Sign-in failed.');
      answers.add(
        result.html
          .replace(/nonce-[^']+'|nonce="[^"]+"/g, '')
          .replace(/name="csrf" value="[^"]+"/, '')
          .replace(`value="${username}"`, ''),
      );
    }
    expect(answers.size).toBe(1);
    const events = (await backdoorEvents()).slice(before);
    expect(events.map((e) => [e.outcome, e.username, e.reason])).toEqual(
      cases.map(([username, , reason]) => ['failure', username, reason]),
    );
  });

  it('takes as long for an unknown user as for a wrong password (one argon2 verification either way)', async () => {
    const time = async (username: string) => {
      const browser = newBrowser();
      const { csrf } = await openForm(browser);
      const started = performance.now();
      const response = await browser.post(`${t.url}/backdoor`, { csrf, key: KEY, username, password: 'not the password' });
      expect(response.status).toBe(401);
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    // One attempt each first, unmeasured: the first unknown user also pays for making the decoy hash.
    await time('ghost-warm-up');
    await time('dev');
    const unknown: number[] = [];
    const known: number[] = [];
    // Seven of each, interleaved: on a busy CI machine one sample of three can take twice as long.
    // Five failures in 15 minutes lock 'dev' (a faster refusal): the clock moves on after each pair.
    for (let i = 0; i < 7; i++) {
      unknown.push(await time(`ghost${i}`));
      known.push(await time('dev'));
      clock.advance(16 * MINUTE);
    }
    clock.advance(16 * MINUTE); // the failures above must not lock 'dev' for later tests
    // argon2id at 19 MiB takes tens of milliseconds; a skipped verification would make the unknown user far faster.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
    expect(median(unknown) / median(known)).toBeLessThan(2);
  });

  it('locks an account out after 5 failures for 15 minutes, then lets the right password in', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(newBrowser(), 'victim', `guess number ${i}`)).status).toBe(401);
    const locked = await attempt(newBrowser(), 'victim', PASSWORD);
    expect(locked.status).toBe(401);
    expect((await backdoorEvents()).at(-1)).toMatchObject({ outcome: 'failure', username: 'victim', reason: 'locked_account' });

    clock.advance(14 * MINUTE);
    expect((await attempt(newBrowser(), 'victim', PASSWORD)).status).toBe(401);
    clock.advance(MINUTE + 1000);
    expect((await attempt(newBrowser(), 'victim', PASSWORD)).status).toBe(303);
    // Success clears the account's counter: five new failures are needed for a new lock-out.
    expect(await t.db.query(`SELECT 1 FROM login_attempts WHERE key = 'backdoor:account:victim'`)).toEqual([]);
    for (let i = 0; i < 4; i++) expect((await attempt(newBrowser(), 'victim', `again ${i}`)).status).toBe(401);
    expect((await attempt(newBrowser(), 'victim', PASSWORD)).status).toBe(303);
  });

  it('locks an address out after 20 failures, whatever the usernames; other addresses still get in', async () => {
    clock.advance(16 * MINUTE);
    const attacker = newBrowser();
    for (let i = 0; i < 20; i++) expect((await attempt(attacker, `user${i}`, 'whatever password')).status).toBe(401);
    expect((await attempt(attacker, 'root', PASSWORD)).status).toBe(401);
    expect((await backdoorEvents()).at(-1)).toMatchObject({ username: 'root', reason: 'locked_ip' });
    expect((await attempt(newBrowser(), 'root', PASSWORD)).status).toBe(303);
    clock.advance(15 * MINUTE + 1000);
    expect((await attempt(attacker, 'root', PASSWORD)).status).toBe(303);
  });

  it('holds under 50 parallel guesses: at most 5 passwords are looked at, then the account is locked', async () => {
    clock.advance(16 * MINUTE);
    const before = (await backdoorEvents()).length;
    const browsers = Array.from({ length: 50 }, () => newBrowser());
    const forms = await Promise.all(browsers.map((browser) => openForm(browser)));
    const results = await Promise.all(
      browsers.map((browser, i) =>
        browser.post(`${t.url}/backdoor`, { csrf: forms[i]!.csrf, key: KEY, username: 'crowd', password: `parallel guess ${i}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(401));
    const events = (await backdoorEvents()).slice(before);
    expect(events).toHaveLength(50);
    expect(events.filter((e) => e.reason === 'wrong_password')).toHaveLength(5);
    expect(events.filter((e) => e.reason === 'locked_account')).toHaveLength(45);
    expect((await attempt(newBrowser(), 'crowd', PASSWORD)).status).toBe(401);
  });

  it('refuses a form without the CSRF token, or with another one, with 403', async () => {
    const browser = newBrowser();
    await openForm(browser);
    const before = (await backdoorEvents()).length;
    for (const csrf of [undefined, 'x'.repeat(43)]) {
      const form: Record<string, string> = { key: KEY, username: 'root', password: PASSWORD };
      if (csrf) form.csrf = csrf;
      const response = await browser.post(`${t.url}/backdoor`, form);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('CSRF_INVALID');
      expect(browser.cookie(t.url, 'sesame_session')).toBeUndefined();
    }
    expect(await backdoorEvents()).toHaveLength(before);
  });

  it('refuses a 1 MB password with a fast 400, before counting or hashing anything', async () => {
    const before = await t.db.query(`SELECT key, failures FROM login_attempts ORDER BY key`);
    const started = performance.now();
    const result = await attempt(newBrowser(), 'root', 'p'.repeat(1024 * 1024));
    expect(result.status).toBe(400);
    expect(result.html).toContain('at most 256 characters');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await t.db.query(`SELECT key, failures FROM login_attempts ORDER BY key`)).toEqual(before);
    expect((await attempt(newBrowser(), 'root', 'p'.repeat(257))).status).toBe(400);
  });

  it('re-hashes a password stored with weaker parameters on the next sign-in', async () => {
    const weak = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 8192, timeCost: 1, parallelism: 1 });
    await t.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [ids.dev, weak]);
    await settings((s) => ({ ...s, backdoor: { ...s.backdoor, allowedGroups: [] } }));
    try {
      expect((await attempt(newBrowser(), 'dev', PASSWORD)).status).toBe(303);
    } finally {
      await settings((s) => ({ ...s, backdoor: { ...s.backdoor, allowedGroups: ['break-glass'] } }));
    }
    const [row] = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = $1`, [ids.dev]);
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await argon2.verify(row!.password_hash, PASSWORD)).toBe(true);
  });

  it('without a key: /backdoor opens as is and the login page links to it', async () => {
    const browser = newBrowser();
    const before = await (await browser.get(`${t.url}/login`)).text();
    expect(before).not.toContain('href="/backdoor"');
    expect((await settings((s) => ({ ...s, backdoor: { ...s.backdoor, key: null } }))).status).toBe(200);
    try {
      expect((await openForm(browser, null)).status).toBe(200);
      expect(await (await browser.get(`${t.url}/login`)).text()).toContain('href="/backdoor"');
      expect((await attempt(browser, 'root', PASSWORD, { key: '' })).status).toBe(303);
    } finally {
      await settings((s) => ({ ...s, backdoor: { ...s.backdoor, key: KEY } }));
    }
    const short = await settings((s) => ({ ...s, backdoor: { ...s.backdoor, key: 'too-short' } }));
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('backdoor.key');
  });

  it('counts every attempt in the metrics', async () => {
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    const value = (outcome: string) =>
      Number(new RegExp(`sesame_backdoor_attempts_total\\{outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1]);
    const events = await backdoorEvents();
    expect(value('success')).toBe(events.filter((e) => e.outcome === 'success').length);
    expect(value('failure')).toBe(events.filter((e) => e.outcome === 'failure').length);
  });
});

describe('password change (POST /api/me/password)', () => {
  let t: TestSesame;
  const PW = 'first password 1';

  async function signIn(password: string): Promise<{ browser: TestBrowser; status: number }> {
    const browser = new TestBrowser();
    const html = await (await browser.get(`${t.url}/backdoor`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const response = await browser.post(`${t.url}/backdoor`, { csrf, key: '', username: 'local', password });
    return { browser, status: response.status };
  }

  async function changePassword(browser: TestBrowser, body: unknown): Promise<Response> {
    const cookie = browser.cookie(t.url, 'sesame_session');
    return fetch(`${t.url}/api/me/password`, {
      method: 'POST',
      // What a same-origin script sends; a request with no such proof is refused (see test/session/logout-csrf.e2e.ts).
      headers: {
        'content-type': 'application/json',
        'sec-fetch-site': 'same-origin',
        ...(cookie ? { cookie: `sesame_session=${cookie}` } : {}),
      },
      body: JSON.stringify(body),
    });
  }

  async function setAllowed(allowPasswordChange: boolean): Promise<void> {
    const current = (await (await t.admin('/api/admin/sign-in-settings')).json()) as Record<string, unknown>;
    const response = await t.admin('/api/admin/sign-in-settings', { method: 'PUT', body: { ...current, allowPasswordChange } });
    expect(response.status).toBe(200);
  }

  let localId: string;
  beforeAll(async () => {
    t = await startTestSesame();
    const created = await t.admin('/api/admin/users', { method: 'POST', body: { username: 'local', password: PW } });
    expect(created.status).toBe(201);
    localId = ((await created.json()) as { id: string }).id;
    const current = (await (await t.admin('/api/admin/sign-in-settings')).json()) as Record<string, unknown>;
    await t.admin('/api/admin/sign-in-settings', {
      method: 'PUT',
      body: { ...current, backdoor: { enabled: true, key: null, allowedGroups: [] } },
    });
  });
  afterAll(() => t?.close());
  // Each test starts with password change off and the first password: the other test changes both.
  beforeEach(async () => {
    await setAllowed(false);
    expect((await t.admin(`/api/admin/users/${localId}/password`, { method: 'PUT', body: { password: PW } })).status).toBe(204);
  });

  it('is refused with 403 while allowPasswordChange is off, and 401 without a session', async () => {
    const { browser, status } = await signIn(PW);
    expect(status).toBe(303);
    const refused = await changePassword(browser, { currentPassword: PW, newPassword: 'a brand new password' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toContain('allowPasswordChange');
    expect((await changePassword(new TestBrowser(), { currentPassword: PW, newPassword: 'a brand new password' })).status).toBe(401);
  });

  it('changes the password when allowed: the current one must match, the new one is 12 to 256 characters', async () => {
    await setAllowed(true);
    const { browser } = await signIn(PW);
    const wrong = await changePassword(browser, { currentPassword: 'not my password', newPassword: 'a brand new password' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('currentPassword');
    expect((await changePassword(browser, { currentPassword: PW, newPassword: 'too short' })).status).toBe(400);
    expect((await changePassword(browser, { currentPassword: PW, newPassword: 'x'.repeat(257) })).status).toBe(400);
    expect((await changePassword(browser, { currentPassword: 'x'.repeat(1024 * 1024), newPassword: 'a brand new password' })).status).toBe(
      400,
    );
    expect((await changePassword(browser, { currentPassword: PW })).status).toBe(400);

    const changed = await changePassword(browser, { currentPassword: PW, newPassword: 'a brand new password' });
    expect(changed.status).toBe(204);
    expect((await signIn(PW)).status).toBe(401);
    expect((await signIn('a brand new password')).status).toBe(303);
    const [event] = await t.db.query<{ actor: string; changed: string[] }>(
      `SELECT actor, details->'changed' AS changed FROM audit_events WHERE type = 'admin_change' AND actor LIKE 'user:%' ORDER BY id DESC LIMIT 1`,
    );
    expect(event).toEqual({ actor: 'user:local (self-service)', changed: ['passwordChanged'] });
  });
});

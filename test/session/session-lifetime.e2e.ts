import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Clock } from '../../src/common/clock.js';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { DAY, HOUR, MINUTE, SECOND, meStatus, sessionRows, sessionSetCookie, setSessionTimeouts } from './session-helpers.js';

/** Idle and absolute limits and remember-me, enforced by Sesame on a clock the test moves. */
describe('session lifetime', () => {
  const clock = new Clock();
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ clock });
  });
  afterAll(() => f?.close());
  beforeEach(() => f.sesame.db.query(`DELETE FROM sessions`));

  const me = (browser: TestBrowser) => meStatus(browser, f.url);

  it('ends a session after the idle timeout, while requests keep it alive', async () => {
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 5, absoluteTimeoutHours: 8, rememberMe: { enabled: true, days: 7 } });
    const browser = new TestBrowser();
    await f.login(browser, 'alice');
    expect(await me(browser)).toBe(200);
    for (let i = 0; i < 4; i++) {
      clock.advance(4 * MINUTE); // 16 minutes in all, never 5 without a request
      expect(await me(browser)).toBe(200);
    }
    clock.advance(5 * MINUTE);
    expect(await me(browser)).toBe(401);
    expect(await sessionRows(f.sesame, 'alice')).toEqual([]);
    // Over for good: a longer idle limit set afterwards does not bring it back.
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 60, absoluteTimeoutHours: 8, rememberMe: { enabled: true, days: 7 } });
    expect(await me(browser)).toBe(401);
  });

  it('counts every request as activity, even with the shortest idle limit', async () => {
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 1, absoluteTimeoutHours: 8, rememberMe: { enabled: true, days: 7 } });
    const browser = new TestBrowser();
    await f.login(browser, 'bob');
    for (let i = 0; i < 6; i++) {
      clock.advance(40 * SECOND);
      expect(await me(browser)).toBe(200);
    }
    clock.advance(61 * SECOND);
    expect(await me(browser)).toBe(401);
  });

  it('ends an active session at the absolute timeout, also when it is answered from memory', async () => {
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 60, absoluteTimeoutHours: 2, rememberMe: { enabled: true, days: 7 } });
    const browser = new TestBrowser();
    await f.login(browser, 'alice');
    for (let i = 0; i < 3; i++) {
      clock.advance(39 * MINUTE);
      expect(await me(browser)).toBe(200);
    }
    clock.advance(3 * MINUTE - 10 * SECOND);
    expect(await me(browser)).toBe(200); // 10 s before the end: loaded and cached
    clock.advance(20 * SECOND); // within the 30 s the cache keeps it
    expect(await me(browser)).toBe(401);
    expect(await sessionRows(f.sesame, 'alice')).toEqual([]);
  });

  it('applies a shorter absolute timeout to sessions already running', async () => {
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 30, absoluteTimeoutHours: 8, rememberMe: { enabled: true, days: 7 } });
    const browser = new TestBrowser();
    await f.login(browser, 'bob');
    expect(await me(browser)).toBe(200);
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 30, absoluteTimeoutHours: 1, rememberMe: { enabled: true, days: 7 } });
    for (let i = 0; i < 3; i++) {
      clock.advance(19 * MINUTE);
      expect(await me(browser)).toBe(200);
    }
    clock.advance(4 * MINUTE);
    expect(await me(browser)).toBe(401);
  });

  it('without remember me: a browser-session cookie, and the server ends the session at the absolute timeout', async () => {
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 60, absoluteTimeoutHours: 1, rememberMe: { enabled: true, days: 3 } });
    const browser = new TestBrowser();
    const result = await f.login(browser, 'alice');
    const cookie = sessionSetCookie(result.response)!;
    expect(cookie).toBeDefined();
    expect(cookie).not.toMatch(/Max-Age|Expires/i);
    const [row] = await sessionRows(f.sesame, 'alice');
    expect(row!.remember_me).toBe(false);
    clock.advance(59 * MINUTE);
    expect(await me(browser)).toBe(200);
    clock.advance(2 * MINUTE);
    expect(await me(browser)).toBe(401);
  });

  it('with remember me: a cookie that lasts the configured days, no idle limit, past the absolute timeout', async () => {
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 5, absoluteTimeoutHours: 1, rememberMe: { enabled: true, days: 3 } });
    const browser = new TestBrowser();
    const loggedInAt = clock.nowMs();
    const result = await f.login(browser, 'alice', { rememberMe: true });
    const cookie = sessionSetCookie(result.response)!;
    expect(cookie).toMatch(new RegExp(`Max-Age=${3 * 86400}(;|$)`, 'i'));
    expect(cookie).toMatch(/HttpOnly/i);
    const [row] = await sessionRows(f.sesame, 'alice');
    expect(row!.remember_me).toBe(true);
    expect(Math.abs(row!.expires_at.getTime() - (loggedInAt + 3 * DAY))).toBeLessThan(5 * SECOND);

    // A browser restart keeps the cookie: the same cookie, two days later without a single request.
    const restarted = new TestBrowser();
    restarted.setCookie(f.url, 'sesame_session', browser.cookie(f.url, 'sesame_session')!);
    clock.advance(2 * DAY);
    expect(await me(restarted)).toBe(200);
    clock.advance(23 * HOUR);
    expect(await me(restarted)).toBe(200);
    clock.advance(HOUR);
    expect(await me(restarted)).toBe(401);
  });

  it('remember me asked for while it is turned off: an ordinary session', async () => {
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 5, absoluteTimeoutHours: 1, rememberMe: { enabled: false, days: 3 } });
    const browser = new TestBrowser();
    const result = await f.login(browser, 'bob', { rememberMe: true });
    expect(sessionSetCookie(result.response)).not.toMatch(/Max-Age|Expires/i);
    clock.advance(6 * MINUTE);
    expect(await me(browser)).toBe(401);
  });

  it('turning remember me off gives remembered sessions the ordinary limits', async () => {
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 5, absoluteTimeoutHours: 1, rememberMe: { enabled: true, days: 3 } });
    const browser = new TestBrowser();
    await f.login(browser, 'bob', { rememberMe: true });
    clock.advance(2 * HOUR);
    expect(await me(browser)).toBe(200);
    await setSessionTimeouts(f.sesame, { idleTimeoutMinutes: 5, absoluteTimeoutHours: 1, rememberMe: { enabled: false, days: 3 } });
    expect(await me(browser)).toBe(401);
  });
});

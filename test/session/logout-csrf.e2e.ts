import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';
import { meStatus } from './session-helpers.js';

type Json = Record<string, any>;
const PASSWORD = 'a long local password';
const SIBLING = 'http://app.localhost:8080';

/** Another site (or a sibling origin on the same site) must not sign a user out, nor change their password. */
describe('logout and password change need the CSRF token or a same-origin request', () => {
  let t: TestSesame;

  async function signedIn(): Promise<TestBrowser> {
    const browser = new TestBrowser();
    const html = await (await browser.get(`${t.url}/backdoor`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    expect((await browser.post(`${t.url}/backdoor`, { csrf, key: '', username: 'local', password: PASSWORD })).status).toBe(303);
    return browser;
  }
  const confirmationOf = async (response: Response) => {
    expect(response.status).toBe(200);
    expect(response.headers.get('clear-site-data')).toBeNull();
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    const html = await response.text();
    expect(html).toContain('<h1 class="title">Sign out?</h1>');
    expect(html).toMatch(/<form class="stack" method="post" action="\/logout">/);
    return /name="csrf" value="([A-Za-z0-9_-]{43})"/.exec(html)![1]!;
  };

  beforeAll(async () => {
    const port = await freePort(); // PUBLIC_URL must be the address the test calls: it is Sesame's own origin
    t = await startTestSesame({ env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } });
    expect((await t.admin('/api/admin/users', { method: 'POST', body: { username: 'local', password: PASSWORD } })).status).toBe(201);
    const current = (await (await t.admin('/api/admin/sign-in-settings')).json()) as Json;
    const saved = await t.admin('/api/admin/sign-in-settings', {
      method: 'PUT',
      body: { ...current, allowPasswordChange: true, backdoor: { enabled: true, key: null, allowedGroups: [] } },
    });
    expect(saved.status).toBe(200);
  });
  afterAll(() => t?.close());

  it.each<[string, Record<string, string>]>([
    ['a cross-site link', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }],
    ['a link from another origin on the same site', { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'navigate' }],
    ['a request with no proof of where it came from', {}],
    ['an old browser coming from another site', { referer: `${SIBLING}/page` }],
  ])('GET /logout from %s asks "Sign out?" and keeps the session', async (_case, headers) => {
    const browser = await signedIn();
    await confirmationOf(await browser.get(`${t.url}/logout`, headers));
    expect(await meStatus(browser, t.url)).toBe(200);
  });

  it.each<[string, Record<string, string>]>([
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['a typed URL (Sec-Fetch-Site: none)', { 'sec-fetch-site': 'none' }],
    ["a Referer that is Sesame's own", { referer: 'REFERER' }],
  ])('GET /logout with %s signs out at once', async (_case, headers) => {
    const browser = await signedIn();
    const logout = await browser.get(`${t.url}/logout`, headers.referer ? { referer: `${t.url}/api/me` } : headers);
    expect(logout.status).toBe(200);
    expect(logout.headers.get('clear-site-data')).toBe('"cookies"');
    expect(await logout.text()).toMatch(/You are signed out/);
    expect(await meStatus(browser, t.url)).toBe(401);
  });

  it('signs out on the confirmation form posted with its token', async () => {
    const browser = await signedIn();
    const csrf = await confirmationOf(await browser.get(`${t.url}/logout`, { 'sec-fetch-site': 'cross-site' }));
    const confirmed = await browser.request(`${t.url}/logout`, { method: 'POST', form: { csrf }, headers: { origin: 'null' } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('clear-site-data')).toBe('"cookies"');
    expect(await meStatus(browser, t.url)).toBe(401);
  });

  it.each<[string, Record<string, string>, boolean]>([
    ['from another site, without a token', { 'sec-fetch-site': 'cross-site' }, false],
    ['from another site, even with the token', { 'sec-fetch-site': 'cross-site' }, true],
    ['from a sibling origin, with its Origin header', { origin: SIBLING }, true],
    ['with no proof and no token', {}, false],
    ['with a wrong token', {}, false],
  ])('refuses POST /logout %s with the 403 page, and the session stays', async (name, headers, withToken) => {
    const browser = await signedIn();
    const token = await confirmationOf(await browser.get(`${t.url}/logout`, { 'sec-fetch-site': 'cross-site' }));
    const csrf = withToken ? token : name.includes('wrong') ? 'x'.repeat(43) : '';
    const refused = await browser.request(`${t.url}/logout`, { method: 'POST', form: { csrf }, headers });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/text\/html/);
    expect(refused.headers.get('clear-site-data')).toBeNull();
    expect(await refused.text()).toContain('still signed in');
    expect(await meStatus(browser, t.url)).toBe(200);
  });

  describe('POST /api/me/password', () => {
    let password = PASSWORD;
    const change = (browser: TestBrowser, headers: Record<string, string>, contentType = 'application/json') => {
      const next = `${password} changed ${Date.now()}`;
      const body =
        contentType === 'application/json'
          ? JSON.stringify({ currentPassword: password, newPassword: next })
          : new URLSearchParams({ currentPassword: password, newPassword: next }).toString();
      return {
        next,
        response: fetch(`${t.url}/api/me/password`, {
          method: 'POST',
          headers: { 'content-type': contentType, cookie: `sesame_session=${browser.cookie(t.url, 'sesame_session')}`, ...headers },
          body,
        }),
      };
    };
    const expectChanged = async (attempt: ReturnType<typeof change>, changed: boolean) => {
      const response = await attempt.response;
      expect(response.status).toBe(changed ? 204 : 403);
      if (changed) password = attempt.next;
      else expect(((await response.json()) as Json).code).toBe('CSRF_INVALID');
    };

    it('refuses a form post from another origin on the same site, and a request with no proof', async () => {
      const browser = await signedIn();
      const formContentType = 'application/x-www-form-urlencoded';
      await expectChanged(change(browser, { 'sec-fetch-site': 'same-site', origin: SIBLING }, formContentType), false);
      await expectChanged(change(browser, { origin: SIBLING }, formContentType), false);
      await expectChanged(change(browser, {}), false);
      await expectChanged(change(browser, { 'x-sesame-csrf': 'x'.repeat(43) }), false);
      expect((await signedIn()) instanceof TestBrowser).toBe(true); // the password is still the first one
    });

    it("accepts a same-origin request (the page's own script), or the CSRF header from GET /api/me", async () => {
      const browser = await signedIn();
      await expectChanged(change(browser, { 'sec-fetch-site': 'same-origin' }), true);
      await expectChanged(change(browser, { origin: t.url }), true);
      const me = await browser.get(`${t.url}/api/me`);
      const token = me.headers.get('x-sesame-csrf')!;
      expect(token).toBe(browser.cookie(t.url, 'sesame_csrf'));
      await expectChanged(
        change(browser, {
          'x-sesame-csrf': token,
          cookie: `sesame_session=${browser.cookie(t.url, 'sesame_session')}; sesame_csrf=${token}`,
        }),
        true,
      );
    });
  });
});

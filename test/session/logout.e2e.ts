import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { MAX_LOGOUT_HINT_LENGTH } from '../../src/modules/session/domain/logout-hint.js';
import { person } from '../mapping/mapping-fixture.js';
import { meStatus, sessionRows } from './session-helpers.js';

/** The confirmation form oidc-provider shows at its end_session endpoint: where it posts, and its xsrf token. */
async function logoutForm(response: Response): Promise<{ action: string; xsrf: string }> {
  const html = await response.text();
  const action = /<form id="op\.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !xsrf) throw new Error(`no logout form in: ${html}`);
  return { action, xsrf };
}

function expectSignedOutHeaders(response: Response): void {
  expect(response.headers.get('clear-site-data')).toBe('"cookies"');
  expect(response.headers.get('cache-control')).toMatch(/no-store/);
  const cleared = response.headers.getSetCookie().find((cookie) => cookie.startsWith('sesame_session='));
  expect(cleared).toMatch(/^sesame_session=;/);
  expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
}

describe('logout', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ provider: { logoutAtProvider: true }, env: { SESAME_PROVIDER_TIMEOUT_MS: '1500' } });
  });
  afterAll(() => f?.close());

  const setLogoutAtProvider = async (on: boolean) => {
    const response = await f.sesame.admin(`/api/admin/providers/${f.provider.id}`, { method: 'PATCH', body: { logoutAtProvider: on } });
    expect(response.status).toBe(200);
  };

  it('signs out here first, then at the provider (RP-initiated logout), and comes back to the logout page', async () => {
    const browser = new TestBrowser();
    await f.login(browser, 'alice');
    const logout = await browser.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
    expect(logout.status).toBe(302);
    expectSignedOutHeaders(logout);
    expect(await sessionRows(f.sesame, 'alice')).toEqual([]);
    expect(await meStatus(browser, f.url)).toBe(401);

    const endSession = new URL(logout.headers.get('location')!);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${f.idp.issuer}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${f.url}/logout/done`);
    expect(endSession.searchParams.get('client_id')).toBe('sesame-test');
    expect(endSession.searchParams.get('state')).toMatch(/^\d+\.[\w-]+\.[\w-]*\.[\w-]+$/);
    const hint = endSession.searchParams.get('id_token_hint')!;
    const claims = JSON.parse(Buffer.from(hint.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: f.idp.issuer, sub: 'demo-alice', aud: 'sesame-test' });

    // The provider asks "sign out?"; the user confirms; the provider sends the browser back with the state.
    const confirm = await browser.get(endSession.toString());
    expect(confirm.status).toBe(200);
    const form = await logoutForm(confirm);
    const confirmed = await browser.post(new URL(form.action, f.idp.issuer).toString(), { xsrf: form.xsrf, logout: 'yes' });
    expect(confirmed.status).toBe(303);
    const back = new URL(confirmed.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(`${f.url}/logout/done`);
    expect(back.searchParams.get('state')).toBe(endSession.searchParams.get('state'));

    const done = await browser.get(back.toString());
    expect(done.status).toBe(200);
    expect(done.headers.get('content-type')).toMatch(/text\/html/);
    expect(await done.text()).toMatch(/signed out|logged out/i);

    // The provider's session ended too: a new login has to pick a user again.
    f.idp.autoLogin = null;
    const authorize = await f.begin(browser);
    const { response } = await browser.follow(authorize.toString(), (next) => next.origin === f.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Choose who to sign in as');
  });

  it('keeps the sign-out answer within 4 KB of headers: the longest ID token kept as the hint fits, a longer one is left out', async () => {
    const browser = new TestBrowser();
    await f.login(browser, 'alice');
    const logout = await browser.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
    const hint = new URL(logout.headers.get('location')!).searchParams.get('id_token_hint')!;
    let headerBytes = 'HTTP/1.1 302 Found\r\n'.length;
    logout.headers.forEach((value, name) => (headerBytes += `${name}: ${value}\r\n`.length));
    expect(headerBytes - hint.length + MAX_LOGOUT_HINT_LENGTH).toBeLessThan(4096);
  });

  it('signs out a member of hundreds of groups without id_token_hint (their ID token is too long for it): the provider is told the client', async () => {
    const groups = Array.from({ length: 300 }, (_, i) => `engineering-team-${i}`);
    person(f, { username: 'many-groups', groups });
    const browser = new TestBrowser();
    await f.login(browser, 'many-groups');
    const [row] = await f.sesame.db.query<{ sealed: string | null }>(
      `SELECT s.id_token_sealed AS sealed FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'many-groups'`,
    );
    expect(row).toEqual({ sealed: null });

    const logout = await browser.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
    expect(logout.status).toBe(302);
    const endSession = new URL(logout.headers.get('location')!);
    expect(endSession.searchParams.get('id_token_hint')).toBeNull();
    expect(endSession.searchParams.get('client_id')).toBe('sesame-test');
    expect(logout.headers.get('location')!.length).toBeLessThan(1500);
    // The provider takes the client alone, asks, and sends the browser back.
    const form = await logoutForm(await browser.get(endSession.toString()));
    const confirmed = await browser.post(new URL(form.action, f.idp.issuer).toString(), { xsrf: form.xsrf, logout: 'yes' });
    const back = new URL(confirmed.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(`${f.url}/logout/done`);
    expect((await browser.get(back.toString())).status).toBe(200);
  });

  it('with return_to, comes back from the provider’s logout to that address (carried in the signed state)', async () => {
    const browser = new TestBrowser();
    await f.login(browser, 'alice');
    const logout = await browser.get(`${f.url}/logout?return_to=${encodeURIComponent('/after-logout?x=1')}`, {
      'sec-fetch-site': 'same-origin',
    });
    const endSession = new URL(logout.headers.get('location')!);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${f.idp.issuer}/session/end`);
    const form = await logoutForm(await browser.get(endSession.toString()));
    const confirmed = await browser.post(new URL(form.action, f.idp.issuer).toString(), { xsrf: form.xsrf, logout: 'yes' });
    const done = await browser.get(confirmed.headers.get('location')!);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/after-logout?x=1');
  });

  it('refuses a missing or tampered state on the way back, and stays signed out', async () => {
    const browser = new TestBrowser();
    await f.login(browser, 'alice');
    const logout = await browser.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
    const state = new URL(logout.headers.get('location')!).searchParams.get('state')!;
    const [expiry, nonce, signature] = state.split('.');
    const tampered = [
      `${Number(expiry) + 3600}.${nonce}.${signature}`,
      `${expiry}.${nonce}x.${signature}`,
      `${expiry}.${nonce}.${signature!.slice(0, -2)}AA`,
      'not-a-state',
    ];
    for (const bad of tampered) {
      const response = await browser.get(`${f.url}/logout/done?state=${encodeURIComponent(bad)}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('SSO_STATE_INVALID');
    }
    const missing = await browser.get(`${f.url}/logout/done`);
    expect(missing.status).toBe(400);
    expect(await meStatus(browser, f.url)).toBe(401);
    // The genuine state still works.
    expect((await browser.get(`${f.url}/logout/done?state=${encodeURIComponent(state)}`)).status).toBe(200);
  });

  it('signs out locally when the provider cannot be reached', async () => {
    const browser = new TestBrowser();
    await f.login(browser, 'bob');
    // A saved provider is discovered again on next use; by then the provider is gone.
    await setLogoutAtProvider(true);
    f.idp.intercept = async (ctx) => void ctx.req.socket.destroy();
    try {
      const logout = await browser.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
      expect(logout.status).toBe(200);
      expectSignedOutHeaders(logout);
      expect(await logout.text()).toMatch(/signed out|logged out/i);
    } finally {
      f.idp.intercept = null;
    }
    expect(await sessionRows(f.sesame, 'bob')).toEqual([]);
    expect(await meStatus(browser, f.url)).toBe(401);
  });

  it('signs out locally when the provider answers with errors', async () => {
    const browser = new TestBrowser();
    await f.login(browser, 'bob');
    await setLogoutAtProvider(true);
    f.idp.intercept = async (ctx) => {
      ctx.status = 503;
      ctx.body = 'down for maintenance';
    };
    try {
      const logout = await browser.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
      expect(logout.status).toBe(200);
      expectSignedOutHeaders(logout);
    } finally {
      f.idp.intercept = null;
    }
    expect(await sessionRows(f.sesame, 'bob')).toEqual([]);
  });

  it('signs out locally even when the provider goes down after its discovery was read', async () => {
    const browser = new TestBrowser();
    await f.login(browser, 'bob');
    f.idp.intercept = async (ctx) => void ctx.req.socket.destroy();
    try {
      const logout = await browser.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
      // Sesame cannot know the provider is down: it sends the browser there, but it has signed out already.
      expect(logout.status).toBe(302);
      expect(logout.headers.get('location')).toMatch(new RegExp(`^${f.idp.issuer}/session/end\\?`));
      expectSignedOutHeaders(logout);
    } finally {
      f.idp.intercept = null;
    }
    expect(await sessionRows(f.sesame, 'bob')).toEqual([]);
    expect(await meStatus(browser, f.url)).toBe(401);
  });

  it('without logout at the provider: signs out here only, and shows the logout page (GET or POST)', async () => {
    await setLogoutAtProvider(false);
    for (const method of ['GET', 'POST']) {
      const browser = new TestBrowser();
      await f.login(browser, 'alice');
      const logout = await browser.request(`${f.url}/logout`, { method, headers: { 'sec-fetch-site': 'same-origin' } });
      expect(logout.status).toBe(200);
      expectSignedOutHeaders(logout);
      expect(await sessionRows(f.sesame, 'alice')).toEqual([]);
    }
    // Without a session there is nothing to end: still the page, still the headers.
    const anonymous = await new TestBrowser().get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('clear-site-data')).toBe('"cookies"');
  });

  it('sends the browser to the custom post-logout URL when one is set', async () => {
    const current = (await (await f.sesame.admin('/api/admin/look-and-feel')).json()) as Record<string, unknown>;
    const saved = await f.sesame.admin('/api/admin/look-and-feel', { method: 'PUT', body: { ...current, postLogoutUrl: '/goodbye' } });
    expect(saved.status).toBe(200);
    try {
      const browser = new TestBrowser();
      await f.login(browser, 'alice');
      const logout = await browser.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
      expect(logout.status).toBe(302);
      expect(logout.headers.get('location')).toBe('/goodbye');
      expectSignedOutHeaders(logout);
    } finally {
      await f.sesame.admin('/api/admin/look-and-feel', { method: 'PUT', body: { ...current, postLogoutUrl: null } });
    }
  });
});

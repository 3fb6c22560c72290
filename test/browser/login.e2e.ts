import { afterAll, afterEach, beforeAll, beforeEach, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { CLIENT_SECRET, startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { describeWithChromium, launchChromium, openPage, screenshot, settledFocus, tabTo, type WatchedPage } from '../support/chromium.js';

type Json = Record<string, unknown>;

// A real Sesame, identity provider and browser: generous, for a busy CI machine.
jest.setTimeout(120_000);

describeWithChromium('login, email-first, auto-redirect and logout in Chromium', () => {
  let f: SsoFixture;
  let chromium: Browser;
  let w: WatchedPage;
  let page: Page;
  let defaultSignIn: Json;

  beforeAll(async () => {
    [f, chromium] = await Promise.all([startSsoFixture(), launchChromium()]);
    defaultSignIn = (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Json;
    // A second sign-in option, as most companies have: the page must lay out a list, not one button.
    const discovery = (await (await fetch(`${f.idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    const second = await f.sesame.admin('/api/admin/providers', {
      method: 'POST',
      body: {
        slug: 'idp-oauth2',
        displayName: 'Partner Portal',
        kind: 'oauth2',
        preset: 'generic',
        endpoints: {
          authorization: discovery.authorization_endpoint,
          token: discovery.token_endpoint,
          userinfo: discovery.userinfo_endpoint,
        },
        clientId: 'sesame-test',
        clientSecret: CLIENT_SECRET,
        scopes: ['openid', 'profile', 'email'],
        subjectAttribute: 'sub',
      },
    });
    expect(second.status).toBe(201);
  });
  afterAll(async () => {
    await chromium?.close();
    await f?.close();
  });

  beforeEach(async () => {
    f.idp.autoLogin = null;
    w = await openPage(chromium);
    page = w.page;
  });
  afterEach(async () => {
    await w?.close();
    await putSignIn(defaultSignIn);
    await f.sesame.admin('/api/admin/redirect-rules', { method: 'PUT', body: { enabled: false, rules: [], defaultProviderId: null } });
  });

  async function putSignIn(settings: Json): Promise<void> {
    const response = await f.sesame.admin('/api/admin/sign-in-settings', { method: 'PUT', body: settings });
    expect(response.status).toBe(200);
  }

  /** The session as this browser holds it: /api/me with the context's cookies (Sesame's pages allow no fetch: connect-src 'none'). */
  const meInPage = async () => {
    const response = await w.context.request.get(`${f.url}/api/me`);
    return { status: response.status(), body: response.ok() ? ((await response.json()) as Json) : null };
  };

  /** The demo identity provider's user picker. */
  async function pickAtIdentityProvider(name: string): Promise<void> {
    await page.waitForURL((url) => url.href.startsWith(`${f.idp.issuer}/interaction/`));
    await page.getByRole('link', { name: new RegExp(name) }).click();
  }

  it('signs in by clicking: login page, provider button, the provider’s picker, back signed in', async () => {
    await page.goto(`${f.url}/login?return_to=${encodeURIComponent('/api/me?from=login')}`);
    expect(await page.title()).toBe('Sign in');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await page.locator('[data-provider] span:last-child').allInnerTexts()).toEqual([
      'Log in with Test IdP',
      'Log in with Partner Portal',
    ]);
    await screenshot(page, 'login');

    // Keyboard only: tick "keep me signed in", then reach the provider button and press it.
    expect(await tabTo(page, '#remember-me')).toBe(true);
    await page.keyboard.press('Space');
    expect(await page.isChecked('#remember-me')).toBe(true);
    expect(await tabTo(page, 'button[data-provider="idp"]')).toBe(true);
    await screenshot(page, 'login-keyboard-focus');
    await page.keyboard.press('Enter');

    await pickAtIdentityProvider('Alice Archer');
    await page.waitForURL(`${f.url}/api/me?from=login`);
    expect(JSON.parse(await page.innerText('body'))).toMatchObject({ username: 'alice' }); // what the page itself shows
    const me = await meInPage();
    expect(me).toMatchObject({ status: 200, body: { username: 'alice', email: 'alice@example.com', method: 'sso' } });
    const cookie = (await w.context.cookies(f.url)).find((c) => c.name === 'sesame_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 24 * 3600); // remember-me: a lasting cookie
    expect(w.problems).toEqual([]);
  });

  it('email-first: the form says when no rule matches, then takes a known email to its provider', async () => {
    const rules = await f.sesame.admin('/api/admin/redirect-rules', {
      method: 'PUT',
      body: { enabled: true, rules: [{ name: 'Staff', match: { emailDomains: ['example.com'] }, providerId: f.provider.id }] },
    });
    expect(rules.status).toBe(200);
    await page.goto(`${f.url}/login?return_to=/api/me`);
    expect(await page.locator('[data-provider]').count()).toBe(0);
    expect(await settledFocus(page, 'email')).toBe('email'); // autofocus: type at once
    expect(await page.getByLabel('Work email').isVisible()).toBe(true);
    await screenshot(page, 'login-email-first');

    await page.keyboard.type('someone@elsewhere.example');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${f.url}/login/discover`);
    const error = page.locator('#email-error');
    expect(await error.isVisible()).toBe(true);
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#email')).toBe('someone@elsewhere.example');
    await screenshot(page, 'login-email-first-no-match');

    const authorize = page.waitForRequest((request) => request.url().startsWith(`${f.idp.issuer}/auth?`));
    await page.fill('#email', 'bob@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(new URL((await authorize).url()).searchParams.get('login_hint')).toBe('bob@example.com');
    await pickAtIdentityProvider('Bob Baker');
    await page.waitForURL(`${f.url}/api/me`);
    expect(await meInPage()).toMatchObject({ status: 200, body: { username: 'bob' } });
    expect(w.problems).toEqual([]);
  });

  it('auto-redirect: counts down, can be cancelled, and without a delay goes straight to the provider', async () => {
    // The lock-out guard wants a real way in: a backdoor and a local user with a password who may use it.
    const keeper = await f.sesame.admin('/api/admin/users', {
      method: 'POST',
      body: { username: 'keeper', password: 'a long local password' },
    });
    expect(keeper.status).toBe(201);
    const backdoor = { enabled: true, key: 'browser-test-backdoor-key', allowedGroups: [] };
    await putSignIn({ ...defaultSignIn, backdoor, autoRedirect: { enabled: true, providerId: f.provider.id, delaySeconds: 3 } });

    // A paused fake clock: the countdown moves only when the test says so, however slow the machine.
    const start = new Date('2030-01-01T09:00:00Z').getTime();
    await page.clock.install({ time: start });
    await page.clock.pauseAt(start + 1000);
    await page.goto(`${f.url}/login?return_to=/api/me`);
    const text = page.locator('#auto-redirect-text');
    expect(await text.isVisible()).toBe(true);
    expect(await text.innerText()).toBe('Taking you to your organisation’s sign-in page in 3 seconds.');
    // The countdown is a nonce'd script: it ticking proves the CSP lets Sesame's own script run.
    await page.clock.runFor(1000);
    expect(await text.innerText()).toBe('Taking you to your organisation’s sign-in page in 2 seconds.');
    await screenshot(page, 'login-auto-redirect');
    expect(await tabTo(page, '#auto-redirect-continue')).toBe(true);
    expect(await tabTo(page, '#auto-redirect-cancel')).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('sso') === 'false');
    await page.clock.runFor(10_000); // far past the countdown: the browser must stay here
    expect(new URL(page.url()).origin).toBe(f.url);
    expect(await page.locator('#auto-redirect').count()).toBe(0);
    expect(await page.locator('button[data-provider="idp"]').isVisible()).toBe(true);
    await screenshot(page, 'login-auto-redirect-cancelled');

    // Left alone, the countdown ends at the provider.
    await page.goto(`${f.url}/login`);
    await page.clock.runFor(3000);
    await page.waitForURL((url) => url.href.startsWith(`${f.idp.issuer}/interaction/`));

    await putSignIn({ ...defaultSignIn, backdoor, autoRedirect: { enabled: true, providerId: f.provider.id, delaySeconds: 0 } });
    const direct = await openPage(chromium);
    await direct.page.goto(`${f.url}/login`);
    await direct.page.waitForURL((url) => url.href.startsWith(`${f.idp.issuer}/interaction/`));
    expect(await direct.page.getByRole('heading', { name: 'Demo identity provider' }).isVisible()).toBe(true);
    expect(direct.problems).toEqual([]);
    await direct.close();
    expect(w.problems).toEqual([]);
  });

  it('emergency sign-in: the footer link, the form by keyboard, a wrong password, then in', async () => {
    const password = 'correct horse battery staple';
    expect((await f.sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'root', password } })).status).toBe(201);
    await putSignIn({ ...defaultSignIn, backdoor: { enabled: true, key: null, allowedGroups: [] } });
    await page.goto(`${f.url}/login`);
    expect(await tabTo(page, 'footer a')).toBe(true);
    expect(await page.locator('footer a').innerText()).toBe('Emergency sign-in');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${f.url}/backdoor`);
    expect(await settledFocus(page, 'username')).toBe('username');

    await page.keyboard.type('root');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not the password');
    const refused = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.keyboard.press('Enter');
    expect((await refused).status()).toBe(401); // not 403: the form's CSRF check let the browser's own post through
    expect(await page.getByRole('alert').innerText()).toMatch(/Sign-in failed/);
    expect(await page.inputValue('#username')).toBe('root');
    expect(await settledFocus(page, 'password')).toBe('password');
    await screenshot(page, 'backdoor-wrong-password');

    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/');
    expect(await meInPage()).toMatchObject({ status: 200, body: { username: 'root' } });
    expect(w.problems).toEqual([]);
  });

  it('logout: the signed-out page greets the user, ends the session and offers to sign in again', async () => {
    f.idp.autoLogin = 'alice';
    await page.goto(`${f.url}/sso/idp/start?return_to=/api/me`);
    await page.waitForURL(`${f.url}/api/me`);
    expect((await meInPage()).status).toBe(200);

    await page.goto(`${f.url}/logout`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are signed out');
    expect(await page.locator('main').textContent()).toContain('Goodbye, Alice Archer.');
    expect((await meInPage()).status).toBe(401);
    expect(await w.context.cookies(f.url)).not.toContainEqual(expect.objectContaining({ name: 'sesame_session' }));
    await screenshot(page, 'logout');

    expect(await tabTo(page, 'a[href="/login"]')).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${f.url}/login`);
    expect(await page.locator('button[data-provider="idp"]').isVisible()).toBe(true);
    expect(w.problems).toEqual([]);
  });

  it('logout at the provider: through the provider’s end-session endpoint, back to Sesame’s signed-out page', async () => {
    expect(
      (await f.sesame.admin(`/api/admin/providers/${f.provider.id}`, { method: 'PATCH', body: { logoutAtProvider: true } })).status,
    ).toBe(200);
    try {
      f.idp.autoLogin = 'bob';
      await page.goto(`${f.url}/sso/idp/start?return_to=/api/me`);
      await page.waitForURL(`${f.url}/api/me`);
      const navigations: string[] = [];
      page.on('request', (request) => void (request.isNavigationRequest() && navigations.push(request.url())));
      await page.goto(`${f.url}/logout`);
      await page.waitForURL((url) => url.href.startsWith(`${f.url}/logout/done?state=`));
      expect(navigations.some((url) => url.startsWith(`${f.idp.issuer}/session/end`))).toBe(true);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are signed out');
      expect((await meInPage()).status).toBe(401);
      await screenshot(page, 'logout-after-provider');
      expect(w.problems).toEqual([]);
    } finally {
      await f.sesame.admin(`/api/admin/providers/${f.provider.id}`, { method: 'PATCH', body: { logoutAtProvider: false } });
    }
  });
});

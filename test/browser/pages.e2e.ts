import { afterAll, afterEach, beforeAll, beforeEach, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { describeWithChromium, launchChromium, openPage, screenshot, tabTo, VIEWPORTS, type WatchedPage } from '../support/chromium.js';

type Json = Record<string, unknown>;

// A real Sesame, identity provider and browser: generous, for a busy CI machine.
jest.setTimeout(120_000);

const CUSTOM_LOGIN = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ACME sign-in</title>
{% default_styles %}
<style nonce="{{ nonce }}">.acme{color:rgb(180, 20, 60)}</style>
</head><body><div class="page"><main class="card">
<h1 class="title acme">ACME staff sign-in</h1>
<p id="script-state" class="lead">Waiting for the script.</p>
<ul class="provider-list">{% for p in providers %}<li><a class="btn btn-provider" data-provider="{{ p.slug }}" href="{{ p.startUrl }}">{{ p.buttonText }}</a></li>{% endfor %}</ul>
</main></div>
<script nonce="{{ nonce }}">document.getElementById('script-state').textContent = 'Script ran with the nonce.';</script>
</body></html>`;

/** What an attacker (or a careless administrator) might try: markup through a variable, scripts without the nonce. */
const HOSTILE_LOGIN = `<!doctype html><html lang="en"><head><title>Sign in</title></head><body>
<h1 id="heading">{{ '<img src=x onerror="document.title=1">' }}</h1>
<script>document.title = 'pwned';</script>
<a id="js-link" href="{{ 'javascript:alert(1)' | safe_url }}">link</a>
{% for p in providers %}<a data-provider="{{ p.slug }}" href="{{ p.startUrl }}">{{ p.buttonText }}</a>{% endfor %}
</body></html>`;

const ON_THE_FLY_GROUPS = {
  groupAttribute: 'groups',
  defaultGroups: ['staff'],
  assignDefaultGroupsTo: 'new',
  mode: 'on-the-fly',
  updateExistingUsers: true,
  manual: { rules: [], requireMappedGroupForCreation: false },
  onTheFly: { createMissingGroups: true, keepExistingGroups: true, excludeGroups: [] },
  allowedGroups: [],
};

describeWithChromium('error, custom and Test Configuration pages in Chromium', () => {
  let f: SsoFixture;
  let chromium: Browser;
  let w: WatchedPage;
  let page: Page;
  let defaults: { signIn: Json; lookAndFeel: Json; groupMapping: Json };

  beforeAll(async () => {
    [f, chromium] = await Promise.all([startSsoFixture(), launchChromium()]);
    defaults = {
      signIn: (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Json,
      lookAndFeel: (await (await f.sesame.admin('/api/admin/look-and-feel')).json()) as Json,
      groupMapping: (await (await f.sesame.admin(`/api/admin/providers/${f.provider.id}/group-mapping`)).json()) as Json,
    };
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
    await put('/api/admin/sign-in-settings', defaults.signIn);
    await put('/api/admin/look-and-feel', defaults.lookAndFeel);
    await put(`/api/admin/providers/${f.provider.id}/group-mapping`, defaults.groupMapping);
  });

  async function put(path: string, body: Json): Promise<void> {
    const response = await f.sesame.admin(path, { method: 'PUT', body });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
  }

  /** Clicks the provider's button, picks the user at the provider if it asks, and returns the status of Sesame's callback. */
  async function signInAs(name: string, providerAsks: boolean): Promise<number> {
    const callback = page.waitForResponse((response) => response.url().startsWith(`${f.url}/sso/idp/callback`));
    await page.click('[data-provider="idp"]');
    if (providerAsks) {
      await page.waitForURL((url) => url.href.startsWith(`${f.idp.issuer}/interaction/`));
      await page.getByRole('link', { name: new RegExp(name) }).click();
    }
    return (await callback).status();
  }

  it('a refused email domain: a clear error page with what to do, the code, the request ID and a way back', async () => {
    await put('/api/admin/sign-in-settings', { ...defaults.signIn, allowedEmailDomains: ['corp.example'] });
    await page.goto(`${f.url}/login?return_to=/api/me`);
    expect(await signInAs('Alice Archer', true)).toBe(403);
    const main = page.locator('main');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/\S/);
    expect(await main.innerText()).toContain('SSO_DOMAIN_NOT_ALLOWED');
    expect(await main.innerText()).toMatch(/Request ID\s+[0-9a-f-]{8,}/i);
    expect(await main.innerText()).toContain('What to do next');
    expect((await w.context.request.get(`${f.url}/api/me`)).status()).toBe(401);
    await screenshot(page, 'error-domain-not-allowed');

    // The administrator's wording for this code (look-and-feel errorMessages) replaces Sesame's.
    await put('/api/admin/look-and-feel', {
      ...defaults.lookAndFeel,
      errorMessages: { SSO_DOMAIN_NOT_ALLOWED: 'Use your @corp.example account.' },
    });
    expect(await tabTo(page, 'a[href="/login"]')).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${f.url}/login`);
    expect(await signInAs('Alice Archer', false)).toBe(403); // the provider remembers her
    expect(await main.innerText()).toContain('Use your @corp.example account.');
    expect(w.problems).toEqual([]);
  });

  it('an expired sign-in (state unknown): the error page, readable on a phone', async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    const response = await page.goto(`${f.url}/sso/idp/callback?code=abc&state=not-a-known-state`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('main').innerText()).toContain('SSO_STATE_INVALID');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'error-state-invalid');
    expect(w.problems).toEqual([]);
  });

  it('a custom login template saved through the API is what the browser shows, with its nonce’d style and script', async () => {
    await put('/api/admin/look-and-feel', {
      ...defaults.lookAndFeel,
      loginButtonText: 'Continue with {{ provider.displayName }}',
      loginTemplate: CUSTOM_LOGIN,
    });
    await page.goto(`${f.url}/login?return_to=/api/me`);
    expect(await page.title()).toBe('ACME sign-in');
    const heading = page.getByRole('heading', { level: 1 });
    expect(await heading.innerText()).toBe('ACME staff sign-in');
    expect(await heading.evaluate((h) => getComputedStyle(h).color)).toBe('rgb(180, 20, 60)');
    expect(await page.locator('#script-state').innerText()).toBe('Script ran with the nonce.');
    expect(await page.locator('[data-provider="idp"]').innerText()).toBe('Continue with Test IdP');
    await screenshot(page, 'login-custom-template');

    expect(await tabTo(page, '[data-provider="idp"]')).toBe(true);
    f.idp.autoLogin = 'bob';
    await page.keyboard.press('Enter');
    await page.waitForURL(`${f.url}/api/me`);
    expect(await (await w.context.request.get(`${f.url}/api/me`)).json()).toMatchObject({ username: 'bob' });
    expect(w.problems).toEqual([]);
  });

  it('a hostile template renders inert: escaped markup, its script blocked by the CSP, no javascript: link', async () => {
    await put('/api/admin/look-and-feel', { ...defaults.lookAndFeel, loginTemplate: HOSTILE_LOGIN });
    const response = await page.goto(`${f.url}/login`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'nonce-[^']+'/);
    expect(await page.locator('#heading').innerText()).toBe('<img src=x onerror="document.title=1">');
    expect(await page.locator('#heading img').count()).toBe(0);
    expect(await page.title()).toBe('Sign in');
    expect(await page.getAttribute('#js-link', 'href')).toBe('');
    // The watcher saw the blocked script: proof that the CSP checks of the other tests can fail.
    expect(w.problems).toEqual([expect.stringMatching(/Content Security Policy/)]);
    w.problems.length = 0;
  });

  it('Test Configuration: attributes and the mapping preview, long values wrapped, on desktop and phone', async () => {
    await put(`/api/admin/providers/${f.provider.id}/group-mapping`, ON_THE_FLY_GROUPS);
    f.idp.users.push({
      sub: 'demo-quinn',
      username: 'quinn.longname',
      email: 'quinn.longname-with-a-department-suffix@research.corp.example.com',
      givenName: 'Quinn',
      familyName: 'Longname-Fitzgerald',
      groups: ['developers', 'release-managers', 'a-very-long-group-name-from-the-directory-that-keeps-going-and-going'],
      extra: {
        department: 'Research & Development',
        roles: ['viewer', 'editor'],
        custom_attributes: {
          Manager: 'uid=jane.doe,ou=people,ou=research-and-development,dc=corp,dc=example,dc=com',
          Avatar: `https://cdn.corp.example/avatars/${'0123456789abcdef'.repeat(8)}.png?size=256&format=png`,
          CostCentre: 'CC-4711',
        },
      },
    });
    f.idp.autoLogin = 'quinn.longname';
    const link = (await (await f.sesame.admin(`/api/admin/providers/${f.provider.id}/test`, { method: 'POST' })).json()) as { url: string };
    await page.goto(link.url);
    await page.waitForURL((url) => url.pathname === '/sso/idp/callback');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Test IdP');
    expect(await page.locator('.badge').innerText()).toBe('Success');
    const attributes = page.locator('table.table-attributes tbody tr');
    expect(await attributes.count()).toBeGreaterThan(10);
    expect(await page.locator('table.table-attributes').innerText()).toContain('custom_attributes.Manager');
    expect(await page.locator('main').innerText()).toContain('a-very-long-group-name-from-the-directory-that-keeps-going-and-going');
    for (const viewport of Object.values(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      expect({ viewport, overflows: await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth) }).toEqual({
        viewport,
        overflows: false,
      });
    }
    await screenshot(page, 'test-configuration');
    expect(w.problems).toEqual([]);
  });

  it('Test Configuration of a user the group mapping refuses: the reason, in words and as a code', async () => {
    await put(`/api/admin/providers/${f.provider.id}/group-mapping`, { ...ON_THE_FLY_GROUPS, allowedGroups: ['auditors'] });
    f.idp.autoLogin = 'bob';
    const link = (await (await f.sesame.admin(`/api/admin/providers/${f.provider.id}/test`, { method: 'POST' })).json()) as { url: string };
    await page.goto(link.url);
    await page.waitForURL((url) => url.pathname === '/sso/idp/callback');
    const refusal = page.locator('main .alert-error');
    expect(await refusal.innerText()).toMatch(/Sign-in would be refused/);
    await screenshot(page, 'test-configuration-refused');
    expect(w.problems).toEqual([]);
  });
});

import { existsSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_USERS, type DemoUser } from '../../src/modules/demo/index.js';
import { eventually } from '../session/session-helpers.js';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { startTestSesame } from '../support/test-sesame.js';

type Settings = Record<string, any>;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const person = (username: string, email: string): DemoUser => ({
  sub: `sub-${username}`,
  username,
  email,
  givenName: 'Test',
  familyName: username,
  groups: [],
});
const SEED_USERS = [
  person('mo-test', 'test@miniorange.com'),
  person('gmail-test', 'test@gmail.com'),
  person('yahoo-test', 'test@yahoo.com'),
  // Let in by one test while another proves test@yahoo.com gets no account: each has its own person.
  person('yahoo-other', 'other@yahoo.com'),
];

describe('sign-in settings through real HTTP', () => {
  let f: SsoFixture;

  async function put(change: (s: Settings) => Settings): Promise<Response> {
    const current = (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Settings;
    return f.sesame.admin('/api/admin/sign-in-settings', { method: 'PUT', body: change(current) });
  }
  async function putOk(change: (s: Settings) => Settings): Promise<Settings> {
    const response = await put(change);
    expect(response.status).toBe(200);
    return (await response.json()) as Settings;
  }
  const loginPage = async (query = '') => {
    const response = await new TestBrowser().get(`${f.url}/login${query}`);
    return { status: response.status, html: await response.text() };
  };

  /**
   * What turning SSO off or auto-redirect on needs (the lock-out guard): a local user with a
   * password and a backdoor without a key. Blocks that need it set it up themselves.
   */
  async function ensureLocalWayIn(): Promise<void> {
    const created = await f.sesame.admin('/api/admin/users', {
      method: 'POST',
      body: { username: 'break-glass-admin', password: 'a long local password' },
    });
    expect([201, 409]).toContain(created.status);
    await putOk((s) => ({ ...s, backdoor: { enabled: true, key: null, allowedGroups: [] } }));
  }

  beforeAll(async () => {
    f = await startSsoFixture({ users: [...DEMO_USERS, ...SEED_USERS] });
  });
  afterAll(() => f?.close());

  describe('lock-out guard', () => {
    // Each test starts with no way in but SSO: SSO on, no auto-redirect, the backdoor off, and no local password.
    beforeEach(async () => {
      await putOk((s) => ({
        ...s,
        ssoEnabled: true,
        autoRedirect: { enabled: false, providerId: null, delaySeconds: 0 },
        backdoor: { enabled: false, key: null, allowedGroups: [] },
      }));
      const users = (await (await f.sesame.admin('/api/admin/users?limit=200')).json()) as {
        items: { id: string; hasPassword: boolean }[];
      };
      for (const user of users.items.filter((u) => u.hasPassword)) {
        expect((await f.sesame.admin(`/api/admin/users/${user.id}`, { method: 'DELETE' })).status).toBe(204);
      }
    });

    it('refuses SSO off or auto-redirect with 409 and the reason while there is neither backdoor nor local password', async () => {
      const off = await put((s) => ({ ...s, ssoEnabled: false }));
      expect(off.status).toBe(409);
      const body = (await off.json()) as { code: string; message: string };
      expect(body.code).toBe('LOCKOUT_GUARD');
      expect(body.message).toContain('Turning SSO off (ssoEnabled: false) would lock every administrator out');
      expect(body.message).toContain('Enable the backdoor login (backdoor.enabled)');

      const auto = await put((s) => ({ ...s, autoRedirect: { enabled: true, providerId: f.provider.id, delaySeconds: 0 } }));
      expect(auto.status).toBe(409);
      expect(((await auto.json()) as { message: string }).message).toContain('Turning on auto-redirect');
      expect(((await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Settings).ssoEnabled).toBe(true);
    });

    it('accepts them only while the backdoor is a real way in: enabled, and usable by an enabled local user with a password', async () => {
      const refusedFor = async (change: (s: Settings) => Settings, missing: string) => {
        const response = await put(change);
        expect(response.status).toBe(409);
        const body = (await response.json()) as { code: string; message: string };
        expect(body.code).toBe('LOCKOUT_GUARD');
        expect(body.message).toContain(missing);
      };
      const ssoOffWithBackdoor = (allowedGroups: string[]) => (s: Settings) => ({
        ...s,
        ssoEnabled: false,
        backdoor: { enabled: true, key: null, allowedGroups },
      });
      // An enabled backdoor that nobody can use is no way in.
      await refusedFor(ssoOffWithBackdoor([]), 'no enabled local user has a password');
      await refusedFor(
        (s) => ({
          ...s,
          autoRedirect: { enabled: true, providerId: f.provider.id, delaySeconds: 0 },
          backdoor: { enabled: true, key: 'K'.repeat(20), allowedGroups: [] },
        }),
        'no enabled local user has a password',
      );

      const created = await f.sesame.admin('/api/admin/users', {
        method: 'POST',
        body: { username: 'admin', password: 'a long local password' },
      });
      const { id } = (await created.json()) as { id: string };
      // A password is no way in while the backdoor, the only local sign-in, is off.
      await refusedFor((s) => ({ ...s, ssoEnabled: false }), 'the backdoor login is off (backdoor.enabled: false)');
      await putOk(ssoOffWithBackdoor([]));
      await putOk((s) => ({ ...s, ssoEnabled: true, backdoor: { enabled: true, key: 'K'.repeat(20), allowedGroups: [] } }));

      // Limited to groups: someone with a password must be in one of them.
      await refusedFor(
        ssoOffWithBackdoor(['Break-Glass']),
        'no enabled local user with a password is a member of backdoor.allowedGroups (Break-Glass)',
      );
      const group = (await (await f.sesame.admin('/api/admin/groups', { method: 'POST', body: { name: 'break-glass' } })).json()) as {
        id: string;
      };
      expect((await f.sesame.admin(`/api/admin/groups/${group.id}/members`, { method: 'POST', body: { userId: id } })).status).toBe(204);
      await putOk(ssoOffWithBackdoor(['Break-Glass']));
      await putOk((s) => ({ ...s, ssoEnabled: true }));

      // The facts are those of today's directory: a disabled user, or one without a password, is nobody.
      expect((await f.sesame.admin(`/api/admin/users/${id}`, { method: 'PATCH', body: { active: false } })).status).toBe(200);
      await refusedFor(ssoOffWithBackdoor(['Break-Glass']), 'no enabled local user has a password');
      expect((await f.sesame.admin(`/api/admin/users/${id}`, { method: 'PATCH', body: { active: true } })).status).toBe(200);
      expect((await f.sesame.admin(`/api/admin/users/${id}/password`, { method: 'PUT', body: { password: null } })).status).toBe(204);
      await refusedFor(ssoOffWithBackdoor(['Break-Glass']), 'no enabled local user has a password');
      const restored = await f.sesame.admin(`/api/admin/users/${id}/password`, {
        method: 'PUT',
        body: { password: 'a long local password' },
      });
      expect(restored.status).toBe(204);
      expect((await f.sesame.admin(`/api/admin/groups/${group.id}/members/${id}`, { method: 'DELETE' })).status).toBe(204);
      await refusedFor(ssoOffWithBackdoor(['Break-Glass']), 'is a member of backdoor.allowedGroups');
    });
  });

  describe('SSO switched off', () => {
    beforeAll(async () => {
      await ensureLocalWayIn();
      await putOk((s) => ({ ...s, ssoEnabled: false }));
    });
    afterAll(() => putOk((s) => ({ ...s, ssoEnabled: true })));

    it('shows no provider on the login page, only what remains (the backdoor link)', async () => {
      const { status, html } = await loginPage();
      expect(status).toBe(200);
      expect(html).not.toContain('data-provider=');
      expect(html).not.toContain('/sso/idp/start');
      expect(html).toContain('Single sign-on is turned off');
      expect(html).toContain('href="/backdoor"');
    });

    it('answers /sso/idp/start with the SSO_DISABLED error page', async () => {
      const response = await new TestBrowser().get(`${f.url}/sso/idp/start?return_to=%2Fapp`);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('SSO_DISABLED');
    });
  });

  describe('auto-redirect', () => {
    beforeAll(() => ensureLocalWayIn());
    afterAll(() => putOk((s) => ({ ...s, autoRedirect: { enabled: false, providerId: null, delaySeconds: 0 } })));

    it('with a delay: the page counts down to the provider’s start and offers a cancel link', async () => {
      await putOk((s) => ({ ...s, autoRedirect: { enabled: true, providerId: f.provider.id, delaySeconds: 5 } }));
      const { html } = await loginPage('?return_to=%2Fapp');
      expect(html).toContain('data-url="/sso/idp/start?return_to=%2Fapp"');
      expect(html).toContain('data-delay="5"');
      expect(html).toMatch(/<span id="auto-redirect-seconds">5<\/span> <span id="auto-redirect-unit">seconds<\/span>/);
      expect(html).toContain('id="auto-redirect-cancel" href="/login?sso=false&amp;return_to=%2Fapp"');
      expect(html).not.toContain('data-provider=');
    });

    it('`?sso=false` (the cancel link) skips it and shows the usual sign-in options', async () => {
      await putOk((s) => ({ ...s, autoRedirect: { enabled: true, providerId: f.provider.id, delaySeconds: 5 } }));
      expect((await loginPage('?return_to=%2Fapp')).html).toContain('id="auto-redirect"');
      const { html } = await loginPage('?sso=false&return_to=%2Fapp');
      expect(html).not.toContain('id="auto-redirect"');
      expect(html).toContain('data-provider="idp"');
    });

    it('without a delay: the page goes to the provider’s start at once', async () => {
      await putOk((s) => ({ ...s, autoRedirect: { enabled: true, providerId: f.provider.id, delaySeconds: 0 } }));
      const { html } = await loginPage('?return_to=%2Fapp');
      expect(html).toContain('data-delay="0"');
      expect(html).not.toContain('id="auto-redirect-seconds"');
      expect(html).toContain('location.replace(url)');
    });

    (existsSync(CHROMIUM) ? describe : describe.skip)('in Chromium', () => {
      let browser: Browser;
      beforeAll(async () => {
        browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
        });
      });
      afterAll(() => browser?.close());

      it('lands on the identity provider without a click when there is no delay', async () => {
        await putOk((s) => ({ ...s, autoRedirect: { enabled: true, providerId: f.provider.id, delaySeconds: 0 } }));
        f.idp.autoLogin = null;
        const page = await browser.newPage();
        try {
          await page.goto(`${f.url}/login?return_to=%2Fapp`);
          await page.waitForURL((url) => url.origin === f.idp.issuer, { timeout: 10_000 });
        } finally {
          await page.close();
        }
      });

      it('stays on the login page when the countdown is cancelled, and `?sso=false` never counts down', async () => {
        await putOk((s) => ({ ...s, autoRedirect: { enabled: true, providerId: f.provider.id, delaySeconds: 3 } }));
        const page = await browser.newPage();
        try {
          await page.goto(`${f.url}/login`);
          expect(Number(await page.textContent('#auto-redirect-seconds'))).toBeLessThanOrEqual(3);
          await page.click('#auto-redirect-cancel');
          await page.waitForURL((url) => url.searchParams.get('sso') === 'false');
          await page.waitForTimeout(4000);
          expect(new URL(page.url()).origin).toBe(f.url);
          expect(await page.locator('[data-provider="idp"]').count()).toBe(1);
        } finally {
          await page.close();
        }
      });
    });
  });

  describe('allowed email domains (miniorange.com and gmail.com)', () => {
    afterAll(() => putOk((s) => ({ ...s, allowedEmailDomains: [] })));

    it('lets test@miniorange.com and test@gmail.com in and refuses test@yahoo.com with SSO_DOMAIN_NOT_ALLOWED', async () => {
      const saved = await putOk((s) => ({ ...s, allowedEmailDomains: ['miniorange.com', 'gmail.com'] }));
      expect(saved.allowedEmailDomains).toEqual(['miniorange.com', 'gmail.com']);
      for (const username of ['mo-test', 'gmail-test']) {
        const result = await f.login(new TestBrowser(), username);
        expect({ username, status: result.status, location: result.location }).toEqual({ username, status: 302, location: '/app' });
      }
      const refused = await f.login(new TestBrowser(), 'yahoo-test');
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('SSO_DOMAIN_NOT_ALLOWED');
      expect(refused.response.headers.getSetCookie().some((c) => c.startsWith('sesame_session='))).toBe(false);
      expect(await f.sesame.db.query(`SELECT id FROM users WHERE username = 'yahoo-test'`)).toEqual([]);
      // Audit events are written after the answer.
      const { value: event } = await eventually(
        async () =>
          (
            await f.sesame.db.query<{ outcome: string; code: string }>(
              `SELECT outcome, code FROM audit_events WHERE type = 'login' AND outcome = 'failure' ORDER BY id DESC LIMIT 1`,
            )
          )[0],
        { outcome: 'failure', code: 'SSO_DOMAIN_NOT_ALLOWED' },
        3000,
      );
      expect(event).toEqual({ outcome: 'failure', code: 'SSO_DOMAIN_NOT_ALLOWED' });
    });

    it('accepts the semicolon-separated string of the original settings screen', async () => {
      const saved = await putOk((s) => ({ ...s, allowedEmailDomains: 'MiniOrange.com; yahoo.com;' }));
      expect(saved.allowedEmailDomains).toEqual(['miniorange.com', 'yahoo.com']);
      expect((await f.login(new TestBrowser(), 'yahoo-other')).status).toBe(302);
      const gmail = await f.login(new TestBrowser(), 'gmail-test');
      expect(gmail.status).toBe(403);
      expect(gmail.body).toContain('SSO_DOMAIN_NOT_ALLOWED');

      const bad = await put((s) => ({ ...s, allowedEmailDomains: 'miniorange.com;@gmail.com' }));
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('without the @');
    });
  });

  it('refuses a password change to a user who signed in through SSO (no local password)', async () => {
    await putOk((s) => ({ ...s, allowPasswordChange: true }));
    try {
      const browser = new TestBrowser();
      expect((await f.login(browser, 'alice')).status).toBe(302);
      const response = await fetch(`${f.url}/api/me/password`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'sec-fetch-site': 'same-origin',
          cookie: `sesame_session=${browser.cookie(f.url, 'sesame_session')}`,
        },
        body: JSON.stringify({ currentPassword: 'anything at all', newPassword: 'a brand new password' }),
      });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { message: string }).message).toContain('no local password');
    } finally {
      await putOk((s) => ({ ...s, allowPasswordChange: false }));
    }
  });
});

describe('admin API network restriction (apiAccess.allowedCidrs)', () => {
  it('refuses every admin token from outside the allowed networks with 403; other routes are unaffected', async () => {
    // A Sesame of its own: once the restriction is on, nothing over HTTP from here can lift it.
    const t = await startTestSesame();
    try {
      const created = await t.admin('/api/admin/api-tokens', { method: 'POST', body: { name: 'ops', scope: 'admin' } });
      const { token } = (await created.json()) as { token: string };
      const current = (await (await t.admin('/api/admin/sign-in-settings')).json()) as Settings;
      const bad = await t.admin('/api/admin/sign-in-settings', {
        method: 'PUT',
        body: { ...current, apiAccess: { allowedCidrs: ['10.0.0.0/33'] } },
      });
      expect(bad.status).toBe(400);
      const inside = await t.admin('/api/admin/sign-in-settings', {
        method: 'PUT',
        body: { ...current, apiAccess: { allowedCidrs: ['127.0.0.0/8'] } },
      });
      expect(inside.status).toBe(200);
      expect((await t.admin('/api/admin/users', { token })).status).toBe(200);

      const outside = await t.admin('/api/admin/sign-in-settings', {
        method: 'PUT',
        body: { ...current, apiAccess: { allowedCidrs: ['10.0.0.0/8'] } },
      });
      expect(outside.status).toBe(200);
      for (const candidate of [undefined, token]) {
        const refused = await t.admin('/api/admin/users', { token: candidate });
        expect(refused.status).toBe(403);
        expect(((await refused.json()) as { message: string }).message).toContain('127.0.0.1');
      }
      // A forged X-Forwarded-For counts for nothing without a trusted proxy.
      const forged = await fetch(`${t.url}/api/admin/users`, {
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '10.1.2.3' },
      });
      expect(forged.status).toBe(403);
      expect((await t.admin('/api/admin/sign-in-settings', { method: 'PUT', body: current })).status).toBe(403);
      expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${t.url}/api/me`)).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

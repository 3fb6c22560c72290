import { afterAll, afterEach, beforeAll, expect, it, jest } from '@jest/globals';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { TestBrowser } from '../support/browser.js';
import { adminApi, keepDocuments, openConsoleTab, signInToConsole, startConsoleFixture, type Json } from '../support/console-fixture.js';
import type { SsoFixture } from '../support/sso-fixture.js';
import { describeWithChromium, launchChromium, openPage, screenshot, settledCount, type WatchedPage } from '../support/chromium.js';

// A real Sesame, identity provider and browser: generous, for a busy CI machine.
jest.setTimeout(180_000);

const TABS = [
  'Providers',
  'Test Configuration',
  'User Profile',
  'User Groups',
  'SSO Settings',
  'Global SSO Settings',
  'Redirection Rules',
  'Look and Feel',
  'Directory',
  'Operations',
];

describeWithChromium('the admin console at /admin in Chromium', () => {
  let f: SsoFixture;
  let chromium: Browser;
  let alice: WatchedPage;
  let page: Page;
  let restoreDocuments: () => Promise<void>;

  const api = (path: string, init: { method?: string; body?: unknown } = {}) => adminApi(f, path, init);
  const tab = (name: string) => openConsoleTab(page, name);
  const signIn = (p: Page, username: string) => signInToConsole(f, p, username);

  beforeAll(async () => {
    [f, chromium] = await Promise.all([
      startConsoleFixture({ adminGroups: { admin: ['admins'], readOnly: ['auditors'] } }),
      launchChromium(),
    ]);
    expect((await api('/api/admin/groups', { method: 'POST', body: { name: 'staff' } })).status).toBe(201);
    restoreDocuments = await keepDocuments(f);
    alice = await openPage(chromium);
    page = alice.page;
    await signIn(page, 'alice');
  });
  afterEach(() => restoreDocuments());
  afterAll(async () => {
    await alice?.close();
    await chromium?.close();
    await f?.close();
  });

  it('lists the registered provider and registers a new one from a preset, with its callback URL', async () => {
    await expect(settledCount(page.getByRole('row', { name: /Test IdP/ }), 1)).resolves.toBe(1);
    await page.getByRole('button', { name: 'Add provider' }).click();
    // The form follows the presets the API serves: Okta asks for its domain and an optional server id.
    await page.getByLabel('Preset').selectOption({ label: 'Okta' });
    await page.getByLabel('Okta domain').fill('acme okta');
    await page.getByRole('alert').filter({ hasText: 'Okta domain does not look right' }).waitFor();
    await page.getByLabel('Okta domain').fill('acme.okta.com');
    await page.getByLabel('Authorization server id (optional)').fill('default');
    expect(await page.getByText('Issuer:').innerText()).toBe('Issuer: https://acme.okta.com/oauth2/default');
    expect(await page.getByRole('alert').filter({ hasText: 'does not look right' }).count()).toBe(0);
    await page.getByLabel('Preset').selectOption('generic');
    await page.getByLabel('Issuer URL').fill(f.idp.issuer);
    await page.getByLabel('Display name').fill('Second IdP');
    await page.getByLabel('Slug').fill('idp-oauth2');
    await page.getByLabel('Client ID').fill('sesame-test');
    await page.getByLabel('Client secret').fill('idp-client-secret-7d1c9f0e4b2a');
    await page.getByRole('button', { name: 'Save and check discovery' }).click();
    await page.getByText('Saved: discovery succeeded.').waitFor();
    expect(await page.getByTestId('callback-url').innerText()).toBe(`${f.url}/sso/idp-oauth2/callback`);
    expect(await page.getByLabel(/Client secret \(set/).inputValue()).toBe('');
    const listed = (await api('/api/admin/providers')).body as unknown as Json[];
    expect(listed.map((p) => p.slug)).toEqual(['idp', 'idp-oauth2']);
    expect(listed[1]).toMatchObject({ preset: 'generic', hasClientSecret: true });

    // A wrong issuer: the discovery check's 422 shows both values.
    await page.getByLabel('Issuer URL').fill(`${f.idp.issuer}/`);
    await page.getByRole('button', { name: 'Save and check discovery' }).click();
    const mismatch = page.getByRole('alert').filter({ hasText: 'does not match' });
    await mismatch.waitFor();
    expect(await mismatch.innerText()).toContain(f.idp.issuer);
  });

  it('runs Test Configuration in a new window and fills the username field from the attribute table', async () => {
    await tab('Test Configuration');
    await page.getByLabel('Provider').selectOption({ label: 'Test IdP (idp)' });
    f.idp.autoLogin = 'alice';
    const popup = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Test Configuration' }).click();
    await (await popup).waitForLoadState();
    await page.getByRole('heading', { name: 'Attributes received' }).waitFor();
    await page.getByRole('button', { name: 'Use email as username' }).click();
    await page.getByText('Saved: email is now the username attribute.').waitFor();
    expect((await api(`/api/admin/providers/${f.provider.id}/user-mapping`)).body.usernameAttribute).toBe('email');
    // Each outcome of the mapping preview with the rule that decided it: alice is already linked.
    const preview = page.getByTestId('mapping-preview');
    expect(await preview.getByRole('row', { name: /^Sign-in/ }).innerText()).toContain('SIGN_IN_OPEN');
    expect(await preview.getByRole('row', { name: /^Account alice/ }).innerText()).toMatch(
      /signed-in\s+IDENTITY_LINK identity link \(provider, sub\)/,
    );
    await tab('User Profile');
    expect(await page.getByLabel('Username attribute').inputValue()).toBe('email');
    await page.getByLabel('Username attribute').fill('preferred_username');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await api(`/api/admin/providers/${f.provider.id}/user-mapping`)).body.usernameAttribute).toBe('preferred_username');
  });

  it('sets a manual group mapping with +10 rows and a group chosen from the searchable list', async () => {
    await tab('User Groups');
    await page.getByLabel('Mapping', { exact: true }).selectOption('manual');
    await page.getByRole('button', { name: 'Add 10 rows' }).click();
    await expect(settledCount(page.locator('li.rule'), 10)).resolves.toBe(10);
    await page.getByLabel('Row 1: local group').fill('sta');
    await page.locator('datalist option[value="staff"]').first().waitFor({ state: 'attached' });
    await page.getByLabel('Row 1: local group').fill('staff');
    await page.getByLabel('Row 1: provider groups').fill('developers, admins');
    await page.getByRole('button', { name: 'Remove row 2' }).click();
    await expect(settledCount(page.locator('li.rule'), 9)).resolves.toBe(9);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. Empty rows were left out.').waitFor();
    const saved = (await api(`/api/admin/providers/${f.provider.id}/group-mapping`)).body;
    expect(saved.mode).toBe('manual');
    expect(saved.manual.rules).toEqual([{ localGroup: 'staff', idpGroups: ['developers', 'admins'] }]);
  });

  it('changes a sign-in setting that the login page then shows, and explains the lock-out guard in words', async () => {
    await tab('SSO Settings');
    await page.getByLabel('Enable backdoor login').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const login = await openPage(chromium);
    await login.page.goto(`${f.url}/login`);
    await expect(settledCount(login.page.locator('a[href^="/backdoor"]'), 1)).resolves.toBe(1);
    await login.close();

    await tab('Global SSO Settings');
    await page.getByLabel('Enable SSO').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/this change would leave no way for an administrator to sign in.*Turning SSO off/s);
    expect((await api('/api/admin/sign-in-settings')).body.ssoEnabled).toBe(true);
  });

  it('tries the redirection rules with the evaluate box', async () => {
    await tab('Redirection Rules');
    await page.getByRole('button', { name: 'Add Rule' }).click();
    await page.getByLabel('Rule 1 email domains').fill('example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill('jane@example.com');
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await page.getByTestId('evaluate-result').filter({ hasText: 'would go' }).waitFor();
    expect(await page.getByTestId('evaluate-result').innerText()).toBe('jane@example.com would go to Test IdP (rule “Rule 1”).');
  });

  it('edits the login template and shows it in the sandboxed preview', async () => {
    await tab('Look and Feel');
    await page
      .getByLabel('login page template')
      .fill(
        '<!doctype html><html lang="en"><head><title>ACME</title></head><body><h1>ACME sign-in</h1>{% for p in providers %}<a href="{{ p.startUrl }}">{{ p.buttonText }}</a>{% endfor %}</body></html>',
      );
    const frame = page.frameLocator('iframe[title="Preview of the login page"]');
    await frame.getByRole('heading', { name: 'ACME sign-in' }).waitFor();
    expect(await page.locator('iframe').getAttribute('sandbox')).toBe('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const login = await openPage(chromium);
    await login.page.goto(`${f.url}/login`);
    await login.page.getByRole('heading', { name: 'ACME sign-in' }).waitFor();
    await login.close();
  });

  it('finds a user, revokes one of their sessions and leaves the others', async () => {
    const elsewhere = new TestBrowser();
    expect((await f.login(elsewhere, 'alice')).status).toBe(302);
    const aliceId = ((await api('/api/admin/users?search=alice')).body.items as Json[])[0]!.id as string;
    const sessions = (await api(`/api/admin/sessions?userId=${aliceId}`)).body as unknown as Json[];
    expect(sessions.length).toBe(2);
    const newest = sessions[0]!.id as string;
    expect((await elsewhere.get(`${f.url}/api/me`)).status).toBe(200);
    await tab('Directory');
    await page.getByLabel('Search users').fill('alice');
    await page.getByRole('button', { name: 'Open alice' }).click();
    await page.locator(`tr[data-session="${newest}"]`).getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Session revoked').waitFor();
    expect((await elsewhere.get(`${f.url}/api/me`)).status).toBe(401);
    expect(((await api(`/api/admin/sessions?userId=${aliceId}`)).body as unknown as Json[]).map((s) => s.id)).not.toContain(newest);
    const events = (await api('/api/admin/audit-events?type=admin_change')).body.items as Json[];
    expect(events.find((e) => e.details.entity === 'session' && e.details.entityId === newest)?.actor).toMatch(/^user:alice \(/);
    // alice is the only enabled admin: the console shows the lock-out guard's refusal in words.
    await page.getByRole('button', { name: 'Disable user' }).click();
    const lockout = page.getByRole('alert').filter({ hasText: 'Disabling this user would leave no enabled member of adminGroups.admin' });
    await lockout.waitFor();
    expect(await lockout.innerText()).toMatch(/^Not saved: this change would leave no way for an administrator to sign in/);
    expect((await api(`/api/admin/users/${aliceId}`)).body.active).toBe(true);
  });

  it('exports the configuration and shows the dry-run import report before anything is applied', async () => {
    await tab('Operations');
    await page.getByRole('button', { name: 'Export configuration' }).click();
    await page.getByText('Exported').waitFor();
    const document = JSON.parse(await page.getByLabel('Configuration document').inputValue()) as Json;
    document.lookAndFeel.loginButtonText = 'Continue with {{ provider }}';
    await page.getByLabel('Configuration document').fill(JSON.stringify(document, null, 2));
    await page.getByRole('button', { name: 'Dry run import' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.innerText()).toMatch(
      /What the import would change[\s\S]*Provider idp: unchanged[\s\S]*lookAndFeel: updated \(loginButtonText\)/,
    );
    expect((await api('/api/admin/look-and-feel')).body.loginButtonText).not.toBe('Continue with {{ provider }}');
  });

  it('refuses a write without the CSRF token, even from the console page itself', async () => {
    const answer = await page.evaluate(async () => {
      const response = await fetch('/api/admin/groups', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"no-token"}',
      });
      return { status: response.status, body: (await response.json()) as { code: string } };
    });
    expect(answer).toMatchObject({ status: 403, body: { code: 'CSRF_INVALID' } });
  });

  it('shows a read-only admin everything, greys out changes, and the server refuses their write', async () => {
    const carol = await openPage(chromium);
    await signIn(carol.page, 'carol');
    await carol.page.getByText('You are a read-only administrator').waitFor();
    expect(await carol.page.getByRole('button', { name: 'Add provider' }).isDisabled()).toBe(true);
    const answer = await carol.page.evaluate(async () => {
      const me = (await (await fetch('/api/admin/me')).json()) as { csrfToken: string };
      const response = await fetch('/api/admin/groups', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sesame-csrf': me.csrfToken },
        body: '{"name":"carol-was-here"}',
      });
      return { status: response.status, body: (await response.json()) as { message: string } };
    });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/carol is a read-only administrator/);
    expect(carol.problems).toEqual([]);
    await carol.close();
  });

  it('has no serious or critical axe-core violation on any tab, and screenshots of each at desktop and phone width', async () => {
    // What the pictures show besides the defaults (put back after the test): a redirection rule, the backdoor login on.
    const rule = { name: 'Rule 1', match: { emailDomains: ['example.com'] }, providerId: f.provider.id };
    expect((await api('/api/admin/redirect-rules', { method: 'PATCH', body: { rules: [rule] } })).status).toBe(200);
    expect((await api('/api/admin/sign-in-settings', { method: 'PATCH', body: { backdoor: { enabled: true } } })).status).toBe(200);
    for (const name of TABS) {
      await tab(name);
      await page.waitForLoadState('networkidle');
      await page.evaluate(axe.source);
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect({ tab: name, violations }).toEqual({ tab: name, violations: [] });
      await steadyText(page, f.url);
      await screenshot(page, `console-${name.toLowerCase().replace(/ /g, '-')}`);
    }
    expect(alice.problems).toEqual([]);
  });
});

/**
 * Screenshots that do not change from run to run: the random port, ids, tokens and times are
 * written as fixed text before the picture is taken.
 */
async function steadyText(page: Page, origin: string): Promise<void> {
  await page.evaluate((origin) => {
    const rules: [RegExp, string][] = [
      [new RegExp(origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), 'http://127.0.0.1:3000'],
      [/127\.0\.0\.1:\d+/g, '127.0.0.1:4000'],
      [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '00000000-0000-4000-8000-000000000000'],
      [/ses_…[0-9a-f]{8}/g, 'ses_…00000000'],
      [/\d{1,2}\/\d{1,2}\/\d{4},? \d{1,2}:\d{2}:\d{2}/g, '01/12/2026, 09:00:00'],
      [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '2026-12-01T09:00:00.000Z'],
      [/"(iat|exp|auth_time|sid|at_hash|nonce|jti)": ("[^"]*"|\d+)/g, '"$1": "…"'],
    ];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let text = node.textContent ?? '';
      for (const [pattern, fixed] of rules) text = text.replace(pattern, fixed);
      if (text !== node.textContent) node.textContent = text;
    }
    // Claims that differ on every login (times, nonces, session ids) in the attribute table.
    for (const row of Array.from(document.querySelectorAll('tr'))) {
      const [name, value] = Array.from(row.cells);
      if (value && /^(iat|exp|auth_time|nonce|sid|at_hash|jti)$/.test(name?.textContent ?? '')) value.textContent = '…';
    }
    for (const field of Array.from(document.querySelectorAll('textarea, input'))) {
      const input = field as HTMLInputElement;
      let text = input.value;
      for (const [pattern, fixed] of rules) text = text.replace(pattern, fixed);
      input.value = text;
    }
  }, origin);
}

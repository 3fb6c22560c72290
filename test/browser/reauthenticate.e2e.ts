import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { Clock } from '../../src/common/clock.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { describeWithChromium, launchChromium, openPage, type WatchedPage } from '../support/chromium.js';

type Json = Record<string, any>;

// A real Sesame, identity provider and browser: generous, for a busy CI machine.
jest.setTimeout(180_000);

describeWithChromium('the console asks for a new sign-in when one is too old for a change', () => {
  let f: SsoFixture;
  let chromium: Browser;
  let alice: WatchedPage;
  const clock = new Clock();

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await f.sesame.admin(path, init);
    return { status: response.status, body: (await response.json().catch(() => null)) as Json };
  };

  beforeAll(async () => {
    [f, chromium] = await Promise.all([startSsoFixture({ clock }), launchChromium()]);
    const mappingPath = `/api/admin/providers/${f.provider.id}/group-mapping`;
    const mapping = (await api(mappingPath)).body;
    const onTheFly = { ...mapping, mode: 'on-the-fly', onTheFly: { ...mapping.onTheFly, createMissingGroups: true } };
    expect((await api(mappingPath, { method: 'PUT', body: onTheFly })).status).toBe(200);
    const settings = (await api('/api/admin/sign-in-settings')).body;
    const put = await api('/api/admin/sign-in-settings', {
      method: 'PUT',
      body: { ...settings, adminGroups: { admin: ['admins'], readOnly: [] }, adminSession: { reauthenticateAfterMinutes: 5 } },
    });
    expect(put.status).toBe(200);
    expect((await api('/api/admin/users', { method: 'POST', body: { username: 'dave' } })).status).toBe(201);
    alice = await openPage(chromium);
  });
  afterAll(async () => {
    await alice?.close();
    await chromium?.close();
    await f?.close();
  });

  it('refuses the write, offers "Sign in again" (the provider asks again), and the write works after it', async () => {
    const page = alice.page;
    f.idp.autoLogin = 'alice';
    await page.goto(`${f.url}/admin`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.click('[data-provider="idp"]');
    await page.waitForURL(`${f.url}/admin/`);
    f.idp.autoLogin = null; // the provider now asks, unless it answers from its own session
    const firstSignIn = (await api('/api/admin/sessions')).body as unknown as Json[];

    const disableDave = async () => {
      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Directory', exact: true }).click();
      await page.getByLabel('Search users').fill('dave');
      await page.getByRole('button', { name: 'Open dave' }).click();
      await page.getByRole('button', { name: 'Disable user' }).click();
    };
    clock.advance(6 * 60_000); // the sign-in is now older than reauthenticateAfterMinutes (5)
    await disableDave();
    const refusal = page.getByRole('alert').filter({ hasText: 'your sign-in is too old for changes' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/older than 5 minutes/);
    const again = refusal.getByRole('link', { name: 'Sign in again' });
    const href = (await again.getAttribute('href'))!;
    expect(href.startsWith(`/sso/${f.provider.slug}/start?`)).toBe(true);
    expect(Object.fromEntries(new URL(href, f.url).searchParams)).toEqual({ prompt: 'login', return_to: '/admin/#/directory' });
    expect((await api('/api/admin/users?search=dave')).body.items[0].active).toBe(true);

    const authorization = page.waitForRequest((request) => request.url().startsWith(`${f.idp.issuer}/auth`));
    await again.click();
    expect(new URL((await authorization).url()).searchParams.get('prompt')).toBe('login');
    // The provider has a session for alice, yet asks who is signing in: prompt=login is honoured.
    await page.getByText('Choose who to sign in as').waitFor();
    await page.getByRole('link', { name: /Alice Archer/ }).click();
    await page.waitForURL(`${f.url}/admin/#/directory`);
    const sessions = (await api('/api/admin/sessions')).body as unknown as Json[];
    const fresh = sessions.find((s) => !firstSignIn.some((old) => old.id === s.id));
    expect(fresh).toBeDefined();

    await disableDave();
    await page.getByText('dave disabled.').waitFor();
    expect((await api('/api/admin/users?search=dave')).body.items[0].active).toBe(false);
    expect(alice.problems).toEqual([]);
  });
});

import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { setGroupMapping } from '../mapping/mapping-fixture.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { describeWithChromium, launchChromium, openPage, screenshot } from '../support/chromium.js';

// A real Sesame, identity provider and browser: generous, for a busy CI machine.
jest.setTimeout(120_000);

describeWithChromium('the home page in Chromium', () => {
  let f: SsoFixture;
  let chromium: Browser;

  beforeAll(async () => {
    [f, chromium] = await Promise.all([startSsoFixture(), launchChromium()]);
    const put = (path: string, body: unknown) => f.sesame.admin(path, { method: 'PUT', body });
    await setGroupMapping(f, {
      assignDefaultGroupsTo: 'none',
      mode: 'on-the-fly',
      onTheFly: { createMissingGroups: true, keepExistingGroups: false },
    });
    const lookAndFeel = (await (await f.sesame.admin('/api/admin/look-and-feel')).json()) as Record<string, unknown>;
    const links = await put('/api/admin/look-and-feel', {
      ...lookAndFeel,
      homeLinks: [
        { name: 'Team wiki', url: 'https://wiki.example.com/', description: 'How we work, and who to ask' },
        { name: 'Build server', url: 'https://ci.example.com/', description: 'Pipelines and releases', groups: ['developers'] },
        { name: 'CRM', url: 'https://crm.example.com/', groups: ['sales'] },
      ],
    });
    expect(links.status).toBe(200);
  });
  afterAll(async () => {
    await chromium?.close();
    await f?.close();
  });

  it('signs in by clicking and lands on the home page with name, groups, links and sign out; CSP intact', async () => {
    const w = await openPage(chromium);
    const { page } = w;
    await page.goto(`${f.url}/`);
    await page.waitForURL(`${f.url}/login`);
    await page.locator('button[data-provider="idp"]').click();
    await page.waitForURL((url) => url.href.startsWith(`${f.idp.issuer}/interaction/`));
    await page.getByRole('link', { name: /Alice Archer/ }).click();

    await page.waitForURL(`${f.url}/`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Hello, Alice Archer');
    expect(await page.locator('#home-username').innerText()).toBe('alice');
    expect(await page.locator('#home-email').innerText()).toBe('alice@example.com');
    expect(await page.locator('#home-groups .badge').allInnerTexts()).toEqual(['admins', 'developers']);
    expect(await page.locator('.home-link-name').allInnerTexts()).toEqual(['Team wiki', 'Build server']);
    await screenshot(page, 'home');
    expect(w.problems).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${f.url}/logout`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('You are signed out');
    await page.goto(`${f.url}/`);
    await page.waitForURL(`${f.url}/login`);
    expect(w.problems).toEqual([]);
    await w.close();
  });
});

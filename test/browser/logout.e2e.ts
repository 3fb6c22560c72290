import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { describeWithChromium, launchChromium, openPage, screenshot } from '../support/chromium.js';
import { freePort } from '../support/free-port.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery staple';

describeWithChromium('a sign-out link on another site, in Chromium', () => {
  let t: TestSesame;
  let chromium: Browser;
  let elsewhere: Server;
  let elsewhereUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    [t, chromium] = await Promise.all([
      startTestSesame({ env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } }),
      launchChromium(),
    ]);
    expect((await t.admin('/api/admin/users', { method: 'POST', body: { username: 'root', password: PASSWORD } })).status).toBe(201);
    const current = (await (await t.admin('/api/admin/sign-in-settings')).json()) as Record<string, unknown>;
    const saved = await t.admin('/api/admin/sign-in-settings', {
      method: 'PUT',
      body: { ...current, backdoor: { enabled: true, key: null, allowedGroups: [] } },
    });
    expect(saved.status).toBe(200);
    // `localhost` and `127.0.0.1` are different sites to a browser: this page is "another site".
    elsewhere = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><title>Elsewhere</title><a id="out" href="${t.url}/logout">Sign out of Sesame</a>`);
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    elsewhereUrl = `http://localhost:${(elsewhere.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => elsewhere?.close(resolve));
    await t?.close();
  });

  it('lands on "Sign out?", keeps the session until the button is pressed, then signs out', async () => {
    const w = await openPage(chromium);
    const { page } = w;
    await page.goto(`${t.url}/backdoor`);
    await page.fill('#username', 'root');
    await page.fill('#password', PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.url}/`);
    const meStatus = async () => (await page.request.get(`${t.url}/api/me`)).status();
    expect(await meStatus()).toBe(200);

    await page.goto(elsewhereUrl);
    await page.click('#out');
    await page.waitForURL(`${t.url}/logout`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign out?');
    expect(await meStatus()).toBe(200);
    await screenshot(page, 'logout-confirm');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are signed out');
    expect(await meStatus()).toBe(401);
    expect(await w.context.cookies(t.url)).not.toContainEqual(expect.objectContaining({ name: 'sesame_session' }));
    expect(w.problems).toEqual([]);
    await w.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { meStatus } from './session-helpers.js';

const APP = 'https://app.example.test';
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/** /logout?return_to=: back to the app the person signed out from, when it is one Sesame may return to. */
describe('logout with return_to', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ env: { SESAME_ALLOWED_RETURN_ORIGINS: APP } });
  });
  afterAll(() => f?.close());

  async function signedIn(): Promise<TestBrowser> {
    const browser = new TestBrowser();
    await f.login(browser, 'alice');
    expect(await meStatus(browser, f.url)).toBe(200);
    return browser;
  }

  it.each([
    [`${APP}/wiki/page?x=1`, `${APP}/wiki/page?x=1`],
    ['/login?return_to=%2Fapp', '/login?return_to=%2Fapp'],
  ])('signs out and goes to an allowed %s', async (returnTo, expected) => {
    const browser = await signedIn();
    const response = await browser.get(`${f.url}/logout?return_to=${encodeURIComponent(returnTo)}`, SAME_ORIGIN);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(expected);
    expect(response.headers.get('clear-site-data')).toBe('"cookies"');
    expect(await meStatus(browser, f.url)).toBe(401);
  });

  it.each([
    ['https://evil.example/'],
    ['https://app.example.test.evil.example/'],
    ['//evil.example'],
    ['https://app.example.test@evil.example/'],
  ])('ignores %s: signs out and shows the logout page', async (returnTo) => {
    const browser = await signedIn();
    const response = await browser.get(`${f.url}/logout?return_to=${encodeURIComponent(returnTo)}`, SAME_ORIGIN);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('You are signed out');
    expect(await meStatus(browser, f.url)).toBe(401);
  });

  it('from an app’s link (another site), the "Sign out?" page keeps return_to, and its button goes there', async () => {
    const browser = await signedIn();
    const target = `${APP}/after`;
    const page = await browser.get(`${f.url}/logout?return_to=${encodeURIComponent(target)}`, { 'sec-fetch-site': 'cross-site' });
    const html = await page.text();
    expect(html).toContain(`action="/logout?return_to=${encodeURIComponent(target).replace(/%/g, '%')}"`.replace(/&/g, '&amp;'));
    expect(await meStatus(browser, f.url)).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const posted = await browser.post(`${f.url}/logout?return_to=${encodeURIComponent(target)}`, { csrf });
    expect(posted.status).toBe(302);
    expect(posted.headers.get('location')).toBe(target);
    expect(await meStatus(browser, f.url)).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

describe('the built-in demo identity provider', () => {
  let sesame: TestSesame;
  const warnings: string[] = [];
  beforeAll(async () => {
    jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
    const [port, demoPort] = [await freePort(), await freePort()];
    sesame = await startTestSesame({
      env: {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SESAME_DEMO: 'true',
        SESAME_DEMO_PORT: String(demoPort),
        SESAME_ALLOW_INSECURE_PROVIDERS: 'false',
      },
    });
  });
  afterAll(() => sesame?.close());

  it('starts without oidc-provider telling a Node.js 20 user that the runtime is unsupported', () => {
    expect(warnings.filter((line) => line.includes('Unsupported runtime'))).toEqual([]);
  });

  it('is registered as provider "demo" and signs alice in by picking her, with her groups', async () => {
    const browser = new TestBrowser();
    const login = await (await browser.get(`${sesame.url}/login`)).text();
    expect(login).toContain('/sso/demo/start');

    const { response: picker, url: pickerUrl } = await browser.follow(`${sesame.url}/sso/demo/start?return_to=/api/me`);
    expect(picker.status).toBe(200);
    const href = /href="(\/interaction\/[^"]+sub=demo-alice)"/.exec(await picker.text())?.[1];
    expect(href).toBeDefined();

    const demoIssuer = new URL(pickerUrl).origin;
    const { response } = await browser.follow(new URL(href!.replace(/&amp;/g, '&'), demoIssuer).toString());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ username: 'alice', groups: ['admins', 'developers'] });
  });

  it('ends the quick start on a 200 home page showing alice, her groups and the demo links', async () => {
    const browser = new TestBrowser();
    const login = await (await browser.get(`${sesame.url}/login`)).text();
    // The login page's own form: its action and hidden fields (return_to) as a browser would send them.
    const action = /formaction="([^"]*\/sso\/demo\/start)"/.exec(login)?.[1];
    expect(action).toBeDefined();
    const fields = [...login.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name!, value!]);
    const start = `${sesame.url}${action}?${new URLSearchParams(fields)}`;
    const { response: picker, url: pickerUrl } = await browser.follow(start);
    const href = /href="(\/interaction\/[^"]+sub=demo-alice)"/.exec(await picker.text())?.[1];
    expect(href).toBeDefined();

    const { response, url } = await browser.follow(new URL(href!.replace(/&amp;/g, '&'), new URL(pickerUrl).origin).toString());
    expect(url).toBe(`${sesame.url}/`);
    expect(response.status).toBe(200);
    const home = await response.text();
    expect(home).toContain('Hello, Alice Archer');
    expect(home).toContain('<span class="badge badge-group">admins</span>');
    expect(home).toContain(`href="${sesame.url}/api/docs"`);
  });
});

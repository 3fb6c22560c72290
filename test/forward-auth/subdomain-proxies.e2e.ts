import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../support/chromium.js';
import { freePort } from '../support/free-port.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { mapProviderGroups } from '../session/session-helpers.js';
import {
  CADDY,
  NGINX,
  documentedBlock,
  onLoopback,
  rawGet,
  startCaddy,
  startEchoApp,
  startNginx,
  type EchoApp,
  type Running,
} from './proxies.js';

/** Headers a visitor sends to pass for someone else, in the spellings apps and proxies may read. */
const SPOOFED = {
  'X-Auth-Request-User': 'mallory',
  'x-auth-request-groups': 'admins',
  X_Auth_Request_User: 'mallory',
  X_Auth_Request_Email: 'mallory@evil.example',
  'Remote-User': 'mallory',
  Remote_User: 'mallory',
  'Remote-Groups': 'admins',
};

interface Proxy {
  readonly name: string;
  readonly available: boolean;
  start(port: number, upstreams: Record<string, string>): Promise<Running>;
}

const PROXIES: Proxy[] = [
  {
    name: 'nginx',
    available: existsSync(NGINX),
    async start(port, upstreams) {
      const sites = onLoopback(await documentedBlock('nginx'), upstreams).replace(/^(\s*listen\s+)80;/gm, `$1127.0.0.1:${port};`);
      const snippet = onLoopback(await documentedBlock('nginx-snippet'), upstreams);
      return startNginx({ 'sites.conf': sites, 'snippets/sesame-forward-auth.conf': snippet }, port);
    },
  },
  {
    name: 'Caddy',
    available: existsSync(CADDY),
    async start(port, upstreams) {
      const sites = onLoopback(await documentedBlock('caddy'), upstreams).replace(/^([a-z]+\.apps\.localhost) \{/gm, `http://$1:${port} {`);
      // Global options for a test: no admin endpoint, no certificates on loopback.
      return startCaddy(`{\n\tadmin off\n\tauto_https off\n}\n\n${sites}`, port);
    },
  },
];

/**
 * Two apps (git and wiki) on two host names under one cookie domain, each behind the proxy
 * configuration that docs/subdomain-sso.md shows, read from the doc itself; a real Sesame and
 * identity provider; Chromium as the person, which resolves every *.localhost to loopback.
 */
describeWithChromium('one sign-in across subdomains behind the documented nginx and Caddy configurations', () => {
  let f: SsoFixture;
  let git: EchoApp;
  let wiki: EchoApp;
  let browser: Browser;
  let sesamePort: number;
  beforeAll(async () => {
    git = await startEchoApp('git');
    wiki = await startEchoApp('wiki');
    f = await startSsoFixture({
      publicHost: 'sso.apps.localhost',
      env: { SESAME_COOKIE_DOMAIN: '.apps.localhost', SESAME_TRUSTED_PROXIES: '127.0.0.1' },
    });
    sesamePort = Number(new URL(f.url).port);
    await mapProviderGroups(f.sesame, f.provider.id);
    // Chromium sends *.localhost to loopback, trying ::1 first; the servers here listen on 127.0.0.1.
    browser = await launchChromium(['--host-resolver-rules=MAP *.apps.localhost 127.0.0.1']);
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
    await git?.close();
    await wiki?.close();
  });

  const rules = (wikiGroups: string[]) =>
    f.sesame.admin('/api/admin/access-rules', {
      method: 'PUT',
      body: { rules: [{ name: 'Wiki team', host: 'wiki.apps.localhost', policy: 'allow', groups: wikiGroups }] },
    });
  const echoed = async (page: Page) =>
    JSON.parse((await page.locator('#echo').textContent()) ?? '{}') as { app: string; headers: Record<string, string> };

  for (const proxy of PROXIES) {
    (proxy.available ? describe : describe.skip)(`${proxy.name}${proxy.available ? '' : ' (SKIPPED: not installed)'}`, () => {
      let running: Running;
      let port: number;
      let context: BrowserContext;
      let page: Page;
      const app = (name: string, path = '/') => `http://${name}.apps.localhost:${port}${path}`;
      beforeAll(async () => {
        port = await freePort();
        running = await proxy.start(port, { sesame: `127.0.0.1:${sesamePort}`, git: git.address, wiki: wiki.address });
        expect((await rules(['developers'])).status).toBe(200);
        context = await browser.newContext();
        context.setDefaultTimeout(45_000);
        page = await context.newPage();
      });
      afterAll(async () => {
        await context?.close();
        await running?.stop();
      });

      it('signs in once at Sesame for git, and wiki knows the person without another sign-in', async () => {
        f.idp.autoLogin = 'alice';
        await context.addCookies([{ name: 'theme', value: 'dark', domain: 'git.apps.localhost', path: '/' }]);
        await page.goto(app('git', '/repo?tab=files'));
        await page.waitForURL(/^http:\/\/sso\.apps\.localhost:\d+\/login\?return_to=/);
        await page.locator('[data-provider="idp"]').first().click();
        await page.waitForURL(app('git', '/repo?tab=files'));
        const seen = await echoed(page);
        expect(seen.app).toBe('git');
        expect(seen.headers).toMatchObject({
          'x-auth-request-user': 'alice',
          'x-auth-request-email': 'alice@example.com',
          'x-auth-request-groups': 'admins,developers',
          'remote-user': 'alice',
          'remote-groups': 'admins,developers',
        });
        // The app's own cookie arrives; Sesame's session cookie does not.
        expect(seen.headers.cookie).toMatch(/theme=dark/);
        expect(seen.headers.cookie ?? '').not.toMatch(/sesame_session/);
        const [session] = (await context.cookies(f.url)).filter((c) => c.name === 'sesame_session');
        expect(session).toMatchObject({ domain: '.apps.localhost', httpOnly: true, sameSite: 'Lax' });

        f.idp.autoLogin = null;
        const before = wiki.seen.length;
        await page.goto(app('wiki', '/start'));
        expect(page.url()).toBe(app('wiki', '/start'));
        expect((await echoed(page)).headers['x-auth-request-user']).toBe('alice');
        // straight to the app: no hop through Sesame's login (the provider would have refused: autoLogin is off)
        expect(wiki.seen.slice(before).map((r) => r.url)).toContain('/start');
      });

      it('never passes on identity headers a visitor sent, in any spelling', async () => {
        const [session] = (await context.cookies(f.url)).filter((c) => c.name === 'sesame_session');
        const anonymous = await rawGet(port, `git.apps.localhost:${port}`, '/', SPOOFED);
        expect(anonymous.status).toBe(302);
        const signedIn = await rawGet(port, `git.apps.localhost:${port}`, '/', { ...SPOOFED, cookie: `sesame_session=${session!.value}` });
        expect(signedIn.status).toBe(200);
        const headers = (JSON.parse(/<pre id="echo">(.*)<\/pre>/s.exec(signedIn.body)![1]!) as { headers: Record<string, string> }).headers;
        expect(headers['x-auth-request-user']).toBe('alice');
        expect(headers['remote-user']).toBe('alice');
        expect(headers['remote-groups']).toBe('admins,developers');
        expect(Object.keys(headers).filter((name) => /_/.test(name))).toEqual([]);
        expect(JSON.stringify(headers)).not.toMatch(/mallory/);
      });

      it('an app whose rule leaves the person out answers 403 with Sesame’s page, saying who and why', async () => {
        expect((await rules(['sales'])).status).toBe(200);
        const response = await page.goto(app('wiki', '/start'));
        expect(response?.status()).toBe(403);
        await expect(page.locator('h1').textContent()).resolves.toContain('You do not have access to wiki.apps.localhost');
        const text = await page.locator('main').innerText();
        expect(text).toContain('Alice Archer');
        expect(text).toContain('wiki.apps.localhost is open only to members of sales (rule "Wiki team").');
        expect(await page.locator('a', { hasText: 'Sign in as someone else' }).getAttribute('href')).toMatch(
          new RegExp(`^${f.url}/logout\\?return_to=`),
        );
        expect(await page.locator('a', { hasText: 'Sign out' }).getAttribute('href')).toBe(`${f.url}/logout`);
        // git is still open to alice
        expect((await page.goto(app('git')))?.status()).toBe(200);
        expect((await rules(['developers'])).status).toBe(200);
      });

      it('signing out from git, back to git, ends the session on wiki too', async () => {
        await page.goto(`${f.url}/logout?return_to=${encodeURIComponent(app('git', '/repo'))}`);
        // back at git, which has no session any more and sends the browser to sign in again
        await page.waitForURL(/\/login\?return_to=/);
        expect(new URL(page.url()).searchParams.get('return_to')).toBe(app('git', '/repo'));
        await page.goto(app('wiki', '/start'));
        await page.waitForURL(/^http:\/\/sso\.apps\.localhost:\d+\/login\?return_to=/);
        expect(new URL(page.url()).searchParams.get('return_to')).toBe(app('wiki', '/start'));
      });
    });
  }
});

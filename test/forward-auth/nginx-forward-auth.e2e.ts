import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { mapProviderGroups } from '../session/session-helpers.js';

const NGINX = '/usr/sbin/nginx';
const TEMPLATE = new URL('../../deploy/nginx/forward-auth-local.conf.template', import.meta.url);

interface Running {
  readonly url: string;
  stop(): Promise<void>;
}

/** The template with its ${NAME} placeholders filled in, as the official nginx image does. */
async function fillTemplate(values: Record<string, string>): Promise<string> {
  const text = await readFile(TEMPLATE, 'utf8');
  return text.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Debian's nginx in the foreground, as a user, with pid, logs and temporary files in a temporary
 * prefix. The port is chosen before Sesame starts, because Sesame must know this origin.
 */
async function startNginx(serverConfig: string, port: number): Promise<Running> {
  const prefix = await mkdtemp(join(tmpdir(), 'sesame-forward-auth-'));
  await mkdir(join(prefix, 'temp'));
  const temp = (name: string) => `  ${name}_temp_path ${join(prefix, 'temp', name)};`;
  const main = [
    `pid ${join(prefix, 'nginx.pid')};`,
    'error_log stderr;',
    'events {}',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp),
    serverConfig,
    '}',
  ].join('\n');
  await writeFile(join(prefix, 'nginx.conf'), main);
  const child = spawn(
    NGINX,
    ['-e', 'stderr', '-p', `${prefix}/`, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off; master_process off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(prefix, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100 && child.exitCode === null; attempt++) {
    try {
      await fetch(`${url}/`, { redirect: 'manual' });
      return { url, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await stop();
  throw new Error(`nginx did not start: ${errors}`);
}

/** A tiny application that answers with what it received. */
function startEchoApp(): Promise<{ url: string; seen: { url: string; headers: IncomingHttpHeaders }[]; close(): Promise<void> }> {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url, headers: req.headers }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
        seen,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

(existsSync(NGINX) ? describe : describe.skip)(
  `nginx auth_request in front of an app, with the real Sesame${existsSync(NGINX) ? '' : ` (SKIPPED: ${NGINX} is not installed)`}`,
  () => {
    let f: SsoFixture;
    let app: Awaited<ReturnType<typeof startEchoApp>>;
    let nginx: Running;
    beforeAll(async () => {
      const nginxPort = await freePort();
      const site = `http://127.0.0.1:${nginxPort}`;
      app = await startEchoApp();
      f = await startSsoFixture({ env: { SESAME_TRUSTED_PROXIES: '127.0.0.1', SESAME_ALLOWED_RETURN_ORIGINS: site } });
      await mapProviderGroups(f.sesame, f.provider.id);
      nginx = await startNginx(
        await fillTemplate({ LISTEN: `127.0.0.1:${nginxPort}`, SESAME_UPSTREAM: f.url, APP_UPSTREAM: app.url }),
        nginxPort,
      );
    });
    afterAll(async () => {
      await nginx?.stop();
      await f?.close();
      await app?.close();
    });

    it('sends an anonymous visitor to Sesame’s login page, and after a real login the app receives the identity headers', async () => {
      const browser = new TestBrowser();
      const original = `${nginx.url}/reports/q3?year=2026&x=a%20b`;
      const anonymous = await browser.get(original);
      expect(anonymous.status).toBe(302);
      const login = new URL(anonymous.headers.get('location')!);
      expect(`${login.origin}${login.pathname}`).toBe(`${f.url}/login`);
      expect(login.searchParams.get('return_to')).toBe(original);
      expect(app.seen).toEqual([]);

      // The login page, then the whole flow through the identity provider, back to the original URL.
      expect((await browser.get(login.toString())).status).toBe(200);
      const result = await f.login(browser, 'alice', { returnTo: login.searchParams.get('return_to')! });
      const callback = result.hops.findIndex((hop) => hop.startsWith(`${f.url}/sso/idp/callback`));
      expect(result.hops[callback + 1]).toBe(original);

      // One host name, two ports: a browser sends Sesame's cookie to nginx too (this jar keeps cookies per port).
      browser.setCookie(nginx.url, 'sesame_session', browser.cookie(f.url, 'sesame_session')!);
      const response = await browser.get(original);
      expect(response.status).toBe(200);
      const { url, headers } = (await response.json()) as { url: string; headers: Record<string, string> };
      expect(url).toBe('/reports/q3?year=2026&x=a%20b');
      expect(headers).toMatchObject({
        'x-auth-request-user': 'alice',
        'x-auth-request-email': 'alice@example.com',
        'x-auth-request-groups': 'admins,developers',
        'x-auth-request-name': 'Alice Archer',
      });
    });

    it('replaces identity headers the visitor sends, with or without a session', async () => {
      const spoofed = { 'X-Auth-Request-User': 'mallory', 'x-auth-request-groups': 'admins', x_auth_request_email: 'mallory@evil.example' };
      const anonymous = await fetch(`${nginx.url}/`, { headers: spoofed, redirect: 'manual' });
      expect(anonymous.status).toBe(302);

      const browser = new TestBrowser();
      await f.login(browser, 'bob');
      browser.setCookie(nginx.url, 'sesame_session', browser.cookie(f.url, 'sesame_session')!);
      const response = await browser.get(`${nginx.url}/hello`, spoofed);
      expect(response.status).toBe(200);
      const { headers } = (await response.json()) as { headers: Record<string, string> };
      expect(headers).toMatchObject({
        'x-auth-request-user': 'bob',
        'x-auth-request-groups': 'sales',
        'x-auth-request-email': 'bob@example.com',
      });
      expect(Object.keys(headers).filter((name) => name.includes('_'))).toEqual([]);
      // Not in the group the location allows: 403, however the visitor dresses up.
      expect((await browser.get(`${nginx.url}/admins/panel`, spoofed)).status).toBe(403);
    });

    it('lets a member of the allowed group into /admins/, and a signed-out visitor nowhere', async () => {
      const browser = new TestBrowser();
      await f.login(browser, 'alice');
      browser.setCookie(nginx.url, 'sesame_session', browser.cookie(f.url, 'sesame_session')!);
      expect((await browser.get(`${nginx.url}/admins/panel`)).status).toBe(200);

      await browser.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
      expect((await browser.get(`${nginx.url}/admins/panel`)).status).toBe(302);
      expect((await browser.get(`${nginx.url}/`)).status).toBe(302);
    });
  },
);

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoIdentityProvider, DEMO_USERS, type DemoIdentityProvider } from '../../src/modules/demo/index.js';
import { createNodeFetch } from '../../src/modules/provider/application/provider-fetch.js';
import { TestBrowser } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { readyOrExited, runSesame, type SesameProcess } from '../support/sesame-process.js';
import { CLIENT_ID, CLIENT_SECRET } from '../support/sso-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TOKEN = 'ses_provider-https-test-token-0123456789';

/** A self-signed certificate for 127.0.0.1, made for this run. */
function certificate(dir: string, name: string): { key: string; cert: string; certPath: string } {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]),
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}

/**
 * Sesame calls providers through its own keep-alive fetch: over https it verifies certificates
 * against Node's trust store (NODE_EXTRA_CA_CERTS here, as an operator with an internal CA would),
 * reuses connections across logins, and never follows a redirect.
 */
describe('a provider over https', () => {
  let dir: string;
  let idp: DemoIdentityProvider;
  let db: TestDatabase;
  let sesame: SesameProcess;
  let url: string;
  let untrusted: Server;
  let redirecting: Server;
  const SERVER_SIDE = new Set(['/.well-known/openid-configuration', '/jwks', '/token', '/me']);
  const calls: string[] = [];
  const sockets = new Set<unknown>();
  let browserFetch: ReturnType<typeof createNodeFetch>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sesame-https-'));
    const trusted = certificate(dir, 'trusted');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    idp = await startDemoIdentityProvider({
      users: [...DEMO_USERS],
      tls: trusted,
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${url}/sso/tls/callback`] }],
    });
    // The connections Sesame's calls arrive on (the browser never calls these endpoints).
    idp.intercept = async (ctx, next) => {
      if (SERVER_SIDE.has(ctx.path)) {
        calls.push(ctx.path);
        sockets.add(ctx.req.socket);
      }
      await next();
    };
    // The test's "browser" visits the provider's login page, so it trusts the certificate too.
    browserFetch = createNodeFetch({ ca: trusted.cert });

    const stranger = certificate(dir, 'untrusted');
    untrusted = createTlsServer(stranger, (_request, response) => response.end('{}'));
    redirecting = createHttpServer((_request, response) => {
      response.writeHead(302, { location: `${idp.issuer}/.well-known/openid-configuration` }).end();
    });
    await Promise.all([untrusted, redirecting].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));

    db = await createTestDatabase();
    sesame = runSesame({
      PORT: String(port),
      PUBLIC_URL: url,
      DATABASE_URL: db.url,
      SESAME_SECRET_KEY: 'https-test-secret-key-0123456789abcdef01',
      SESAME_ADMIN_TOKEN: TOKEN,
      SESAME_ALLOW_INSECURE_PROVIDERS: 'true',
      NODE_EXTRA_CA_CERTS: trusted.certPath,
    });
    expect(await readyOrExited(sesame, port)).toBe('ready');
  });
  afterAll(async () => {
    await sesame?.stop();
    await db?.stop();
    await idp?.close();
    untrusted?.close();
    redirecting?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const register = (slug: string, issuer: string) =>
    fetch(`${url}/api/admin/providers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        slug,
        displayName: slug,
        kind: 'oidc',
        preset: 'generic',
        issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      }),
    });

  it('signs people in through a provider whose certificate the operator trusts, over kept-alive connections', async () => {
    const created = await register('tls', idp.issuer);
    expect(created.status).toBe(201);
    for (const username of ['alice', 'bob', 'alice']) {
      idp.autoLogin = username;
      const browser = new TestBrowser({}, browserFetch);
      const { response, url: landed } = await browser.follow(`${url}/sso/tls/start?return_to=/app`, (next) => next.pathname === '/app');
      expect({ status: response.status, landed: new URL(landed).pathname }).toEqual({ status: 302, landed: '/app' });
    }
    // Discovery and keys once, then a token and a userinfo call per login, on one or two connections.
    expect(calls.filter((path) => path === '/token')).toHaveLength(3);
    expect(calls.length).toBeGreaterThanOrEqual(8);
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  it('refuses a provider whose certificate nobody trusts, and says it is the certificate', async () => {
    const { port } = untrusted.address() as { port: number };
    const refused = await register('stranger', `https://127.0.0.1:${port}`);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toMatch(/SELF_SIGNED.*NODE_EXTRA_CA_CERTS/);
  });

  it('does not follow a redirect from a provider endpoint', async () => {
    const { port } = redirecting.address() as { port: number };
    const refused = await register('moved', `http://127.0.0.1:${port}`);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toMatch(/302/);
  });
});

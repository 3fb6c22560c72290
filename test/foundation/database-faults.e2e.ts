import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { eventually } from '../session/session-helpers.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** The forward-auth default (SESAME_FORWARD_AUTH_DB_TIMEOUT_MS) and what this test sets for every other wait. */
const FORWARD_AUTH_MS = 2000;
const TIMEOUTS = { SESAME_DB_CONNECT_TIMEOUT_MS: '1000', SESAME_DB_STATEMENT_TIMEOUT_MS: '2000', SESAME_DB_QUERY_TIMEOUT_MS: '2500' };
/** What a frozen database may cost a request at most here: the longest wait above, plus a loaded machine's slack. */
const PAGE_BOUND_MS = 2500 + 1500;

/**
 * Sesame's database connections go through a TCP proxy of the test's own: refusing connections
 * (the database is down), paused (connections open, no answers) and back. Every route that needs
 * the database answers 503 with Retry-After in bounded time, and 200 again once it is back.
 */
describe('an unavailable database', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let f: SsoFixture;
  let signedIn: TestBrowser;
  /** A cookie Sesame has never seen: answering it needs the database. */
  const stranger = new TestBrowser();
  beforeAll(async () => {
    db = await createTestDatabase(20);
    proxy = await startTcpProxy(db.url);
    f = await startSsoFixture({ db: { ...db, url: proxy.url }, env: TIMEOUTS });
    signedIn = new TestBrowser();
    await f.login(signedIn, 'alice');
    expect((await signedIn.get(`${f.url}/auth/check`)).status).toBe(200); // now cached
  });
  afterAll(async () => {
    await f?.close();
    await proxy?.close();
    await db?.stop();
  });

  beforeEach(() => stranger.setCookie(f.url, 'sesame_session', randomBytes(32).toString('base64url')));

  /** Every route of the fault list, with what it must answer. */
  const routes = () => [
    { name: 'forward-auth, uncached cookie', get: () => stranger.get(`${f.url}/auth/check`), kind: 'empty' },
    { name: 'login page', get: () => new TestBrowser().get(`${f.url}/login`), kind: 'page' },
    { name: 'sign-in start', get: () => new TestBrowser().get(`${f.url}/sso/idp/start`), kind: 'page' },
    { name: 'logout', get: () => stranger.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' }), kind: 'page' },
    { name: 'own account API', get: () => stranger.get(`${f.url}/api/me`), kind: 'json' },
    { name: 'admin API', get: () => f.sesame.admin('/api/admin/users'), kind: 'json' },
  ];

  async function expectUnavailable(route: ReturnType<typeof routes>[number], boundMs: number): Promise<number> {
    const started = Date.now();
    const response = await route.get();
    const ms = Date.now() - started;
    const body = await response.text();
    expect({ route: route.name, status: response.status }).toEqual({ route: route.name, status: 503 });
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    if (route.kind === 'empty') expect(body).toBe('');
    if (route.kind === 'page') {
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(body).toContain('Sesame is briefly unavailable');
    }
    if (route.kind === 'json') expect(JSON.parse(body)).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
    expect({ route: route.name, withinBound: ms < boundMs }).toEqual({ route: route.name, withinBound: true });
    return ms;
  }

  async function expectAnsweringAgain(): Promise<void> {
    const back = async () => (await f.sesame.admin('/api/admin/users')).status;
    const { value } = await eventually(back, 200, 10_000);
    expect(value).toBe(200);
    expect((await stranger.get(`${f.url}/auth/check`)).status).toBe(401);
    expect((await new TestBrowser().get(`${f.url}/login`)).status).toBe(200);
    expect((await new TestBrowser().get(`${f.url}/sso/idp/start`)).status).toBe(302);
    expect((await signedIn.get(`${f.url}/api/me`)).status).toBe(200);
  }

  const logsSince = (count: number) => f.sesame.logs.slice(count);

  it('refusing connections: 503 with Retry-After on every route, one warning, and cached sessions still answer', async () => {
    const logCount = f.sesame.logs.length;
    await proxy.refuse();
    for (const route of routes()) await expectUnavailable(route, PAGE_BOUND_MS);
    expect((await signedIn.get(`${f.url}/auth/check`)).status).toBe(200); // cached: bounded by the cache lifetime, as before
    const logs = logsSince(logCount);
    expect(logs.filter((line) => line.msg === 'the database is unavailable: answering 503 until it is back')).toHaveLength(1);
    expect(logs.filter((line) => line.msg === 'unhandled error' || line.msg === 'forward-auth check failed')).toEqual([]);
    await proxy.resume();
    await expectAnsweringAgain();
  });

  it('all connections cut: the next requests reconnect and answer', async () => {
    proxy.cut();
    await expectAnsweringAgain();
  });

  it('frozen (connections open, no answers): 503 within the timeouts, forward-auth sooner', async () => {
    proxy.pause();
    const timings: Record<string, number> = {};
    try {
      for (const route of routes()) {
        const bound = route.kind === 'empty' ? FORWARD_AUTH_MS + 1000 : PAGE_BOUND_MS;
        timings[route.name] = await expectUnavailable(route, bound);
      }
    } finally {
      await proxy.resume();
    }
    expect(timings['forward-auth, uncached cookie']).toBeGreaterThanOrEqual(FORWARD_AUTH_MS - 50);
    process.stdout.write(`frozen database, ms per route: ${JSON.stringify(timings)}\n`);
    await expectAnsweringAgain();
  });
});

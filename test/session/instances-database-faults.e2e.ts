import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChangeBus, LocalChangeBus } from '../../src/common/change-bus.js';
import { Clock } from '../../src/common/clock.js';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';
import { eventually } from './session-helpers.js';

/** The README's promise: a revocation reaches every instance within a second. */
const PROPAGATION_MS = 1000;
/** A notice that never arrives is found by the periodic counter check: a check interval, its grace, a query. */
const MISSED_NOTICE_MS = 1500;
/** A sign-out from one of Sesame's own pages (a cross-site one would only get the "Sign out?" page). */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/**
 * Two instances on one PostgreSQL server, each reaching it through a TCP proxy of the test's
 * own, so their connections can be cut. Only a server has several instances: on the embedded
 * database every instance lives in one process and hears the others in memory.
 */
describe('changes reach every instance after database connections drop', () => {
  const onServer = process.env.TEST_DATABASE_URL !== undefined;
  const clock = new Clock();
  let db: TestDatabase;
  let proxyA: TcpProxy;
  let proxyB: TcpProxy;
  let f: SsoFixture;
  let b: TestSesame;
  const warnings: string[] = [];
  /** How long each refusal took to reach B, printed for the record. */
  const refusals: number[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);

  beforeAll(async () => {
    process.on('warning', onWarning);
    db = await createTestDatabase(30);
    proxyA = await startTcpProxy(db.url);
    proxyB = await startTcpProxy(db.url);
    f = await startSsoFixture({ db: { ...db, url: proxyA.url }, clock });
    b = await startTestSesame({ db: { ...db, url: proxyB.url }, clock, env: { PUBLIC_URL: f.url } });
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    if (refusals.length > 0) process.stdout.write(`ms until B refused, per check: ${JSON.stringify(refusals)}\n`);
    await b?.close();
    await f?.close();
    await proxyA?.close();
    await proxyB?.close();
    await db?.stop();
  });

  if (!onServer) {
    it('on the embedded database the instances of this process share one in-memory bus', () => {
      expect(f.sesame.sesame.app.get(ChangeBus)).toBeInstanceOf(LocalChangeBus);
      expect(b.sesame.app.get(ChangeBus)).toBeInstanceOf(LocalChangeBus);
    });
    return;
  }

  const a = () => f.url;
  const check = (browser: TestBrowser, origin: string) => browser.get(`${origin}/auth/check`).then((r) => r.status);

  async function signedInOnBoth(username: string): Promise<TestBrowser> {
    const browser = new TestBrowser();
    await f.login(browser, username);
    browser.setCookie(b.url, 'sesame_session', browser.cookie(a(), 'sesame_session')!);
    expect(await check(browser, a())).toBe(200);
    expect(await check(browser, b.url)).toBe(200);
    return browser;
  }

  async function refusedByB(browser: TestBrowser, withinMs: number): Promise<number> {
    const { value, ms } = await eventually(() => check(browser, b.url), 401, withinMs + 1000);
    expect(value).toBe(401);
    refusals.push(ms);
    return ms;
  }

  /** Until the instance behind `proxy` has reopened its connections and answers from the database again. */
  async function reconnected(sesame: TestSesame, proxy: TcpProxy): Promise<void> {
    const { value } = await eventually(async () => (await sesame.admin('/api/admin/users')).status, 200, 10_000);
    expect(value).toBe(200);
    await eventually(async () => proxy.connections >= 2, true, 5000);
  }

  it('B refuses within a second a session logged out on A after all of A’s connections were cut', async () => {
    const browser = await signedInOnBoth('alice');
    proxyA.cut();
    await reconnected(f.sesame, proxyA);
    expect((await browser.get(`${a()}/logout`, SAME_ORIGIN)).status).toBe(200);
    expect(await refusedByB(browser, PROPAGATION_MS)).toBeLessThan(PROPAGATION_MS);
  });

  it('B refuses within a second the sessions of a user disabled on A after A’s connections were cut twice', async () => {
    const id = (await db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'alice'`))[0]!.id;
    const browser = await signedInOnBoth('alice');
    proxyA.cut();
    await reconnected(f.sesame, proxyA);
    proxyA.cut();
    await reconnected(f.sesame, proxyA);
    expect((await f.sesame.admin(`/api/admin/users/${id}`, { method: 'PATCH', body: { active: false } })).status).toBe(200);
    try {
      expect(await refusedByB(browser, PROPAGATION_MS)).toBeLessThan(PROPAGATION_MS);
    } finally {
      await f.sesame.admin(`/api/admin/users/${id}`, { method: 'PATCH', body: { active: true } });
    }
  });

  it('B drops its caches when a change was announced while its listening connection was cut', async () => {
    const browser = await signedInOnBoth('bob');
    proxyB.cut(); // B's listener reconnects within about half a second: the notice goes nowhere meanwhile
    expect((await browser.get(`${a()}/logout`, SAME_ORIGIN)).status).toBe(200);
    expect(await refusedByB(browser, MISSED_NOTICE_MS)).toBeLessThan(MISSED_NOTICE_MS);
    await reconnected(b, proxyB);
  });

  it('B drops its caches when the change counter moved without a notice reaching it', async () => {
    const browser = await signedInOnBoth('bob');
    // A change whose notice was lost on the way: the row goes, the counter moves, nobody is told.
    await db.query(`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'bob')`);
    await db.query(`UPDATE change_sequence SET value = value + 1`);
    expect(await refusedByB(browser, MISSED_NOTICE_MS)).toBeLessThan(MISSED_NOTICE_MS);
  });

  it('concurrent changes on one instance raise no pg warning about overlapping queries', async () => {
    const browsers = await Promise.all(['alice', 'bob', 'alice', 'bob'].map((name) => signedInOnBoth(name)));
    await Promise.all(browsers.map((browser) => browser.get(`${a()}/logout`, SAME_ORIGIN)));
    for (const browser of browsers) expect(await refusedByB(browser, PROPAGATION_MS)).toBeLessThan(PROPAGATION_MS);
    expect(warnings.filter((message) => /already executing a query/.test(message))).toEqual([]);
  });
});

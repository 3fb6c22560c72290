import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ChangeBus, LocalChangeBus } from '../../src/common/change-bus.js';
import { startDemoIdentityProvider, type DemoIdentityProvider, type DemoUser } from '../../src/modules/demo/index.js';
import { TestBrowser } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { readyOrExited, runSesame, type SesameProcess } from '../support/sesame-process.js';
import { CLIENT_ID, CLIENT_SECRET } from '../support/sso-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestSesame, TEST_ADMIN_TOKEN, TEST_SECRET_KEY } from '../support/test-sesame.js';
import { eventually } from '../session/session-helpers.js';
import { startNginx, type Running } from '../forward-auth/proxies.js';

const USERS: DemoUser[] = Array.from({ length: 12 }, (_, i) => ({
  sub: `replica-user-${i}`,
  username: `user${i}`,
  email: `user${i}@example.com`,
  givenName: 'User',
  familyName: String(i),
  groups: ['staff'],
}));
const WORKERS = 4;
const RUN_MS = 12_000;
const KILL_AT_MS = 4_000;

interface Completed {
  readonly username: string;
  readonly cookie: string;
}

/**
 * Three Sesame processes on one PostgreSQL server behind an nginx upstream, under a steady load
 * of logins and forward-auth checks; one is killed with SIGKILL mid-run and another started in
 * its place. Only a server has several processes: on the embedded database one process holds it.
 */
describe('three replicas on one PostgreSQL behind nginx, one killed mid-run', () => {
  const onServer = process.env.TEST_DATABASE_URL !== undefined;

  if (!onServer) {
    it(`on the embedded database: instances of one process share one in-memory bus, so there is nothing to kill`, async () => {
      const a = await startTestSesame();
      const b = await startTestSesame({ db: a.db, env: { PUBLIC_URL: a.url } });
      try {
        expect(a.sesame.app.get(ChangeBus)).toBeInstanceOf(LocalChangeBus);
        expect(b.sesame.app.get(ChangeBus)).toBeInstanceOf(LocalChangeBus);
      } finally {
        await b.close();
        await a.close(); // and its database
      }
    });
    return;
  }

  let db: TestDatabase;
  let idp: DemoIdentityProvider;
  let nginx: Running;
  let lb: string;
  const ports: number[] = [];
  const replicas: SesameProcess[] = [];
  const completed: Completed[] = [];
  const failures: { at: number; what: string }[] = [];
  let killedAt = 0;
  let checks = 0;

  const env = (port: number) => ({
    PORT: String(port),
    PUBLIC_URL: lb,
    DATABASE_URL: db.url,
    SESAME_SECRET_KEY: TEST_SECRET_KEY,
    SESAME_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    SESAME_ALLOW_INSECURE_PROVIDERS: 'true',
    SESAME_TRUSTED_PROXIES: '127.0.0.1',
  });
  async function startReplica(port: number): Promise<SesameProcess> {
    const run = runSesame(env(port));
    const state = await readyOrExited(run, port);
    if (state !== 'ready') throw new Error(`replica on ${port} exited: ${run.stderr()}`);
    return run;
  }
  const admin = (origin: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${origin}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });

  beforeAll(async () => {
    db = await createTestDatabase(40);
    const lbPort = await freePort();
    lb = `http://127.0.0.1:${lbPort}`;
    idp = await startDemoIdentityProvider({
      users: USERS,
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${lb}/sso/idp/callback`] }],
    });
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    // One at a time: the first runs the migrations (the others would wait for its lock anyway).
    for (const port of ports) replicas.push(await startReplica(port));
    const upstreams = ports.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=2s;`).join('\n');
    nginx = await startNginx(
      {
        'sites.conf': `upstream sesame {\n${upstreams}\n}\nserver {\n  listen 127.0.0.1:${lbPort};\n  location / {\n    proxy_pass http://sesame;\n    proxy_set_header Host $http_host;\n    proxy_set_header X-Forwarded-For $remote_addr;\n  }\n}\n`,
      },
      lbPort,
    );
    const created = await admin(lb, '/api/admin/providers', {
      method: 'POST',
      body: {
        slug: 'idp',
        displayName: 'IdP',
        kind: 'oidc',
        preset: 'generic',
        issuer: idp.issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        scopes: ['openid', 'profile', 'email'],
      },
    });
    if (created.status !== 201) throw new Error(`provider not created: ${created.status} ${await created.text()}`);
  });
  afterAll(async () => {
    await nginx?.stop();
    for (const run of replicas) await run.stop();
    await idp?.close();
    await db?.stop();
  });

  /** A whole login through the load balancer: start, the provider's pick page, the callback. */
  async function login(user: DemoUser): Promise<Completed> {
    const browser = new TestBrowser();
    const toProvider = await browser.follow(`${lb}/sso/idp/start?return_to=/app`, (next) => next.pathname.startsWith('/interaction/'));
    const interaction = new URL(toProvider.response.headers.get('location') ?? toProvider.url, toProvider.url);
    const back = await browser.follow(
      `${interaction.origin}${interaction.pathname}/pick?sub=${user.sub}`,
      (next) => next.origin === lb && next.pathname === '/app',
    );
    const cookie = browser.cookie(lb, 'sesame_session');
    if (back.response.status !== 302 || !cookie) throw new Error(`login ended with ${back.response.status}`);
    return { username: user.username, cookie };
  }

  it('serves steady logins and checks while one replica is killed and another started; no completed login is lost', async () => {
    const started = Date.now();
    const worker = async (w: number) => {
      for (let n = 0; Date.now() - started < RUN_MS; n++) {
        const user = USERS[(w * 5 + n) % USERS.length]!;
        try {
          const done = await login(user);
          completed.push(done);
          for (let k = 0; k < 5; k++) {
            const check = await fetch(`${lb}/auth/check`, { headers: { cookie: `sesame_session=${done.cookie}` } });
            checks++;
            if (check.status !== 200) failures.push({ at: Date.now() - started, what: `check ${check.status}` });
          }
        } catch (error) {
          failures.push({ at: Date.now() - started, what: `login: ${(error as Error).message}` });
        }
      }
    };
    const chaos = (async () => {
      await new Promise((resolve) => setTimeout(resolve, KILL_AT_MS));
      killedAt = Date.now() - started;
      replicas[1]!.child.kill('SIGKILL');
      await replicas[1]!.exited;
      replicas[1] = await startReplica(ports[1]!);
    })();
    await Promise.all([...Array.from({ length: WORKERS }, (_, w) => worker(w)), chaos]);
    process.stdout.write(
      `replicas: ${completed.length} logins and ${checks} checks in ${RUN_MS} ms; killed at ${killedAt} ms; failures: ${JSON.stringify(failures)}\n`,
    );

    expect(completed.length).toBeGreaterThan(20);
    // Only what was in flight on the killed replica may fail: at most one request per worker, around the kill.
    expect(failures.length).toBeLessThanOrEqual(WORKERS);
    for (const failure of failures) expect(Math.abs(failure.at - killedAt)).toBeLessThan(3000);
    // Every completed login still holds, on whichever replica answers (the new one included).
    for (const { cookie } of completed) {
      expect((await fetch(`${lb}/auth/check`, { headers: { cookie: `sesame_session=${cookie}` } })).status).toBe(200);
    }
  });

  it('wrote each user, identity and session once', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const users = await client.query(`SELECT lower(username) AS name, count(*)::int AS n FROM users GROUP BY 1 HAVING count(*) > 1`);
      expect(users.rows).toEqual([]);
      const identities = await client.query(`SELECT subject, count(DISTINCT user_id)::int AS n FROM user_identities GROUP BY 1`);
      expect(identities.rows.every((row: { n: number }) => row.n === 1)).toBe(true);
      const hashes = completed.map(({ cookie }) => createHash('sha256').update(cookie).digest('base64url'));
      const sessions = await client.query(`SELECT token_hash, count(*)::int AS n FROM sessions GROUP BY 1 HAVING count(*) > 1`);
      expect(sessions.rows).toEqual([]);
      expect(new Set(hashes).size).toBe(completed.length);
    } finally {
      await client.end();
    }
  });

  it('a revocation on one replica takes effect on every other within a second', async () => {
    const victim = completed[completed.length - 1]!;
    const direct = ports.map((port) => `http://127.0.0.1:${port}`);
    const check = (origin: string) =>
      fetch(`${origin}/auth/check`, { headers: { cookie: `sesame_session=${victim.cookie}` } }).then((r) => r.status);
    for (const origin of direct) expect(await check(origin)).toBe(200);
    const users = (await (await admin(direct[0]!, `/api/admin/users?search=${victim.username}`)).json()) as {
      items: { id: string; username: string }[];
    };
    const userId = users.items.find((u) => u.username === victim.username)!.id;
    expect((await admin(direct[0]!, `/api/admin/users/${userId}/sessions`, { method: 'DELETE' })).status).toBeLessThan(300);
    const took = await Promise.all(direct.slice(1).map((origin) => eventually(() => check(origin), 401, 2000)));
    process.stdout.write(`replicas: revocation seen after ${JSON.stringify(took.map((t) => t.ms))} ms\n`);
    for (const { value, ms } of took) {
      expect(value).toBe(401);
      expect(ms).toBeLessThan(1000);
    }
  });
});

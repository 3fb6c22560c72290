import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SecretBox } from '../../src/common/secret-box.js';
import { DEMO_USERS, startDemoIdentityProvider, type DemoIdentityProvider } from '../../src/modules/demo/index.js';
import { TestBrowser } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { readyOrExited, runSesame, waitForLog, type SesameProcess } from '../support/sesame-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A replica started with another SESAME_SECRET_KEY must refuse to start (naming the variable)
 * rather than answer 500 on every login; a key is rotated with SESAME_SECRET_KEY_PREVIOUS.
 */
const TOKEN = 'ses_process-test-token-0123456789';
const KEY_A = 'key-A-0123456789abcdef0123456789abcdef';
const KEY_B = 'key-B-0123456789abcdef0123456789abcdef';
const CLIENT_SECRET = 'idp-client-secret-under-rotation-41f0';
const WRONG_KEY_LINE = /^sesame: configuration error: SESAME_SECRET_KEY: [^\n]*sealed with[^\n]*\n$/;

describe('the secret key of a running Sesame', () => {
  let db: TestDatabase;
  let idp: DemoIdentityProvider;
  let port: number;
  let url: string;
  const running: SesameProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(12);
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    idp = await startDemoIdentityProvider({
      users: DEMO_USERS,
      clients: [{ clientId: 'sesame', clientSecret: CLIENT_SECRET, redirectUris: [`${url}/sso/idp/callback`] }],
    });
  }, 60_000);

  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
  });

  afterAll(async () => {
    await idp?.close();
    await db?.stop();
  });

  const start = (env: Record<string, string>) => {
    const r = runSesame({
      PORT: String(port),
      PUBLIC_URL: url,
      DATABASE_URL: db.url,
      SESAME_ADMIN_TOKEN: TOKEN,
      SESAME_ALLOW_INSECURE_PROVIDERS: 'true',
      ...env,
    });
    running.push(r);
    return r;
  };

  /** A whole login by alice; resolves with Sesame's last answer (302 to the return URL when it worked). */
  const login = async () => {
    idp.autoLogin = 'alice';
    const browser = new TestBrowser();
    const { response } = await browser.follow(
      `${url}/sso/idp/start?return_to=/app`,
      (next) => next.origin === url && next.pathname === '/app',
    );
    const me = await browser.get(`${url}/api/me`);
    return { status: response.status, location: response.headers.get('location'), me: me.status };
  };

  const stored = async () => {
    const [provider] = await db.query<{ sealed: string }>(`SELECT client_secret_sealed AS sealed FROM providers`);
    const tokens = await db.query<{ sealed: string }>(`SELECT id_token_sealed AS sealed FROM sessions WHERE id_token_sealed IS NOT NULL`);
    const [check] = await db.query<{ check_value: string }>(`SELECT check_value FROM secret_key_check`);
    return { secret: provider!.sealed, idTokens: tokens.map((t) => t.sealed), check: check?.check_value };
  };

  const expectRefused = async (r: SesameProcess) => {
    const outcome = await readyOrExited(r, port);
    if (outcome === 'ready') {
      const attempt = await login();
      throw new Error(`started with a wrong key, and a login then answered ${attempt.status}`);
    }
    expect(outcome).toEqual({ exited: 2 });
    expect(r.stderr()).toMatch(WRONG_KEY_LINE);
    for (const key of [KEY_A, KEY_B]) expect(r.stderr() + r.stdout()).not.toContain(key);
  };

  it('starts with key A, and a login seals the provider secret and the ID token with it', async () => {
    const r = start({ SESAME_SECRET_KEY: KEY_A });
    expect(await readyOrExited(r, port)).toBe('ready');
    const created = await fetch(`${url}/api/admin/providers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        slug: 'idp',
        displayName: 'IdP',
        kind: 'oidc',
        preset: 'generic',
        issuer: idp.issuer,
        clientId: 'sesame',
        clientSecret: CLIENT_SECRET,
      }),
    });
    expect(created.status).toBe(201);
    expect(await login()).toEqual({ status: 302, location: '/app', me: 200 });
    expect(await r.stop()).toBe(0);

    const a = new SecretBox(KEY_A);
    const values = await stored();
    expect(values.check).toBe(a.checkValue);
    expect(values.secret.startsWith(a.currentPrefix)).toBe(true);
    expect(values.idTokens).toHaveLength(1);
    expect(values.idTokens[0]!.startsWith(a.currentPrefix)).toBe(true);
  }, 180_000);

  it('refuses to start with key B alone: one line naming SESAME_SECRET_KEY, never listening', async () => {
    await expectRefused(start({ SESAME_SECRET_KEY: KEY_B }));
  }, 120_000);

  it('starts with key B and A as previous: logins work, and every value is re-sealed with B in the background', async () => {
    const r = start({ SESAME_SECRET_KEY: KEY_B, SESAME_SECRET_KEY_PREVIOUS: KEY_A, LOG_LEVEL: 'info' });
    expect(await readyOrExited(r, port)).toBe('ready');
    expect(await login()).toEqual({ status: 302, location: '/app', me: 200 });
    const finished = await waitForLog(r, 'background re-seal finished');
    expect(finished.counts).toEqual({
      'provider client secrets': { resealed: 1, unreadable: 0 },
      'session ID tokens': { resealed: 1, unreadable: 0 },
    });
    expect(await login()).toEqual({ status: 302, location: '/app', me: 200 });
    expect(await r.stop()).toBe(0);
    expect(r.stdout()).not.toContain(KEY_A);

    const b = new SecretBox(KEY_B);
    const values = await stored();
    expect(values.check).toBe(b.checkValue);
    expect(values.secret.startsWith(b.currentPrefix)).toBe(true);
    expect(values.idTokens.length).toBeGreaterThanOrEqual(3);
    for (const sealed of values.idTokens) expect(sealed.startsWith(b.currentPrefix)).toBe(true);
    expect(b.open(values.secret, `provider-client-secret:${(await db.query<{ id: string }>('SELECT id FROM providers'))[0]!.id}`)).toBe(
      CLIENT_SECRET,
    );
  }, 180_000);

  it('then starts with key B alone, and logins work', async () => {
    const r = start({ SESAME_SECRET_KEY: KEY_B });
    expect(await readyOrExited(r, port)).toBe('ready');
    expect(await login()).toEqual({ status: 302, location: '/app', me: 200 });
    expect(await r.stop()).toBe(0);
  }, 120_000);

  it('and refuses the retired key A from then on', async () => {
    await expectRefused(start({ SESAME_SECRET_KEY: KEY_A }));
  }, 120_000);
});

describe('the secret key of the embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sesame-key-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is generated and recorded at the first start, accepted at a restart, and another key is refused', async () => {
    const port = await freePort();
    const env = { PORT: String(port), SESAME_DATA_DIR: dataDir };
    for (let i = 0; i < 2; i++) {
      const r = runSesame(env);
      expect(await readyOrExited(r, port)).toBe('ready');
      expect(await r.stop()).toBe(0);
    }
    const wrong = runSesame({ ...env, SESAME_SECRET_KEY: KEY_B });
    expect(await readyOrExited(wrong, port)).toEqual({ exited: 2 });
    expect(wrong.stderr()).toMatch(WRONG_KEY_LINE);
  }, 180_000);
});

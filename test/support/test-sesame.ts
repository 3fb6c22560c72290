import { Writable } from 'node:stream';
import { parseConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/common/logger.js';
import { startSesame, type Sesame } from '../../src/sesame.js';
import type { Clock } from '../../src/common/clock.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_ADMIN_TOKEN = 'ses_test-admin-token-0123456789abcdef';
export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789';

export interface TestSesame {
  readonly sesame: Sesame;
  readonly url: string;
  readonly db: TestDatabase;
  /** Every log line written so far, as parsed JSON. */
  readonly logs: Record<string, unknown>[];
  /** The raw log text, to prove a secret never appears in it. */
  logText(): string;
  /** fetch against the admin API with the test admin token. */
  admin(path: string, init?: { method?: string; body?: unknown; token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestSesameOptions {
  readonly env?: Record<string, string>;
  /** Reuse a database (several instances on one database); by default a fresh one. */
  readonly db?: TestDatabase;
  /** Move time with `clock.advance(ms)`; by default each Sesame has its own. */
  readonly clock?: Clock;
}

/** A real Sesame on a real database, listening on a free loopback port. */
export async function startTestSesame(options: TestSesameOptions = {}): Promise<TestSesame> {
  const db = options.db ?? (await createTestDatabase());
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      const text = String(chunk);
      lines.push(text);
      if (process.env.SESAME_TEST_LOGS || /"level":"(error|fatal)"/.test(text)) process.stderr.write(text);
      done();
    },
  });
  const parsed = parseConfig({
    DATABASE_URL: db.url,
    SESAME_SECRET_KEY: TEST_SECRET_KEY,
    SESAME_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    SESAME_ALLOW_INSECURE_PROVIDERS: 'true',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    SESAME_DEMO: 'false',
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const port = options.env?.PORT ? Number(options.env.PORT) : 0;
  const sesame = await startSesame({ ...parsed.config, port }, { logger: createLogger('debug', sink), clock: options.clock });
  return {
    sesame,
    url: sesame.url,
    db,
    get logs() {
      return lines.flatMap((line) => line.split('\n').filter(Boolean)).map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    logText: () => lines.join(''),
    admin(path, init = {}) {
      const token = init.token === undefined ? TEST_ADMIN_TOKEN : init.token;
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      return fetch(sesame.url + path, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    },
    async close() {
      await sesame.close();
      if (!options.db) await db.stop();
    },
  };
}

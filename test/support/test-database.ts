import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../src/database/embedded-database.js';

/** A database of its own for one test file: never shared, so tests cannot disturb each other. */
export interface TestDatabase {
  readonly url: string;
  readonly kind: 'embedded' | 'server';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export const SNAPSHOT_ENV = 'SESAME_TEST_SNAPSHOT';

/**
 * With TEST_DATABASE_URL: a fresh database on that server (dropped afterwards). Without it: an
 * embedded PGlite loaded from the migrated snapshot that global-setup made (half a second,
 * instead of several for initdb and migrations).
 */
export async function createTestDatabase(maxConnections = 12): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) return createServerDatabase(serverUrl);
  const snapshotPath = process.env[SNAPSHOT_ENV];
  const snapshot = snapshotPath ? new Blob([await readFile(snapshotPath)]) : undefined;
  const embedded = await startEmbeddedDatabase({ snapshot, maxConnections: maxConnections + 1 });
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  return {
    url: embedded.url,
    kind: 'embedded',
    query: async (sql, params) => (await client.query(sql, params)).rows,
    async stop() {
      await client.end();
      await embedded.stop();
    },
  };
}

async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `sesame_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  // Concurrent CREATE DATABASE calls contend for template1 (55006): take turns.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name}`);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt > 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    kind: 'server',
    query: async (sql, params) => (await client.query(sql, params)).rows,
    async stop() {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

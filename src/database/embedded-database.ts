import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PgliteSessionQueue } from './pglite-session-queue.js';

/**
 * The embedded PostgreSQL: PGlite (the real engine, compiled to WASM) served over the
 * Postgres wire protocol on loopback, so TypeORM and `pg` use it like any server.
 */
export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder to persist in; undefined keeps the database in memory. */
  readonly dataDir?: string;
  /** A snapshot made by `dumpDataDir`, loaded instead of running initdb (tests). */
  readonly snapshot?: Blob;
  /** The pool size of every client plus one spare (PGlite runs one query at a time anyway). */
  readonly maxConnections: number;
}

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const db = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.snapshot,
  });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections });
  // Handlers take the server's queue when they connect: replaced before start(), every connection uses it.
  (server as unknown as { queryQueue: PgliteSessionQueue }).queryQueue = new PgliteSessionQueue(db);
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** The folder PGlite keeps its files in, inside Sesame's data folder. */
export function embeddedDataPath(dataDir: string): string {
  return join(resolve(dataDir), 'pgdata');
}

/**
 * In embedded mode only, the secret key may be generated once and kept beside the database
 * (mode 0600), so a newcomer needs no configuration and sealed secrets survive restarts.
 */
export async function loadOrCreateSecretKey(dataDir: string): Promise<{ key: string; created: boolean }> {
  const folder = resolve(dataDir);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, 'secret.key');
  try {
    const key = (await readFile(file, 'utf8')).trim();
    if (key.length >= 32) return { key, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32).toString('base64url');
  await writeFile(file, key + '\n', { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { key, created: true };
}

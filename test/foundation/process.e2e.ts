import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runSesame, type SesameProcess } from '../support/sesame-process.js';
import { createTestDatabase } from '../support/test-database.js';
import { freePort } from '../support/free-port.js';

/** These tests run the built service (`npm test` builds it first) as an operator would. */
const TOKEN = 'ses_process-test-token-0123456789';
const run = runSesame;
type Run = SesameProcess;

async function waitReady(port: number, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready within ${withinMs} ms`);
}

async function stop(r: Run): Promise<number | null> {
  r.child.kill('SIGTERM');
  return r.exited;
}

const api = (port: number, path: string, body?: unknown) =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

describe('the sesame process', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it.each([
    [{ PORT: 'eighty' }, /^sesame: configuration error: PORT: must be a whole number from 1 to 65535, got "eighty"\n$/],
    [
      { DATABASE_URL: 'mysql://db/x', SESAME_SECRET_KEY: 'k'.repeat(40) },
      /^sesame: configuration error: DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\/\n$/,
    ],
    [
      { DATABASE_URL: 'postgres://127.0.0.1:1/sesame', SESAME_SECRET_KEY: 'k'.repeat(40) },
      /^sesame: could not start: the database is not reachable \(DATABASE_URL\): .*\n$/,
    ],
  ])(
    'stops with one line naming the variable for %j',
    async (env, expected) => {
      const r = run(env);
      const code = await r.exited;
      expect(code).not.toBe(0);
      expect(r.stderr()).toMatch(expected);
    },
    30_000,
  );

  // A first start creates the embedded database and runs every migration: about 15 s on an idle
  // two-core machine, more beside other suites.
  it('starts on the embedded database within 40 s and keeps data across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sesame-data-'));
    folders.push(dataDir);
    const port = await freePort();
    const env = { PORT: String(port), SESAME_DATA_DIR: dataDir, SESAME_ADMIN_TOKEN: TOKEN };

    const first = run(env);
    expect(await waitReady(port, 40_000)).toBeLessThan(40_000);
    expect((await api(port, '/api/admin/groups', { name: 'survivors' })).status).toBe(201);
    expect(await stop(first)).toBe(0);

    const key = await stat(join(dataDir, 'secret.key'));
    expect(key.mode & 0o777).toBe(0o600);

    const second = run(env);
    await waitReady(port, 20_000);
    const groups = (await (await api(port, '/api/admin/groups')).json()) as { items: { name: string }[] };
    expect(groups.items.map((g) => g.name)).toContain('survivors');
    expect(await stop(second)).toBe(0);
  }, 90_000);

  it('starts with DATABASE_URL and keeps data across a restart', async () => {
    const db = await createTestDatabase(12);
    try {
      const port = await freePort();
      const env = { PORT: String(port), DATABASE_URL: db.url, SESAME_SECRET_KEY: 's'.repeat(40), SESAME_ADMIN_TOKEN: TOKEN };
      const first = run(env);
      await waitReady(port, 20_000);
      expect((await api(port, '/api/admin/groups', { name: 'on-a-server' })).status).toBe(201);
      expect(await stop(first)).toBe(0);
      const second = run(env);
      await waitReady(port, 20_000);
      const groups = (await (await api(port, '/api/admin/groups')).json()) as { items: { name: string }[] };
      expect(groups.items.map((g) => g.name)).toEqual(['on-a-server']);
      expect(await stop(second)).toBe(0);
    } finally {
      await db.stop();
    }
  }, 90_000);
});

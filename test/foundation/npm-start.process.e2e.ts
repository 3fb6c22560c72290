import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../support/free-port.js';
import { alive, descendants, listening, startProcess, waitReady } from '../support/started-process.js';

/** `npm start` as the quick start runs it, stopped the way a process manager stops it. */
describe('npm start', () => {
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('stops gracefully on SIGTERM sent to npm: the port closes and no process of it is left', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sesame-npm-start-'));
    const port = await freePort();
    // --ignore-scripts skips only prestart (the build `npm test` has already done), so the test
    // does not rewrite dist/ under other process tests; `start` itself runs as written.
    const run = startProcess('npm', ['start', '--ignore-scripts'], {
      cwd: process.cwd(),
      env: { PORT: String(port), SESAME_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    });
    await waitReady(port, run);
    const tree = descendants(run.child.pid!);
    expect(tree.length).toBeGreaterThan(0);

    process.kill(run.child.pid!, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (tree.some(alive) || (await listening(port)))) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const left = tree.filter(alive);
    // Clean up before asserting, so a failure does not leave a server behind.
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(left).toEqual([]);
    expect(await listening(port)).toBe(false);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"shutting down"');
  });
});

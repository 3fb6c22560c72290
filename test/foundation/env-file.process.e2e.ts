import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../support/free-port.js';
import { listening, startProcess, waitReady, type StartedProcess } from '../support/started-process.js';

/** `.env` in the working directory, as `.env.example` describes it, under the built service. */
const MAIN = join(process.cwd(), 'dist', 'main.js');

describe('the .env file', () => {
  const folders: string[] = [];
  const runs: StartedProcess[] = [];
  afterAll(async () => {
    for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });
  const folder = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sesame-env-file-'));
    folders.push(dir);
    return dir;
  };
  const start = (cwd: string, env: Record<string, string> = {}) => {
    const run = startProcess(process.execPath, [MAIN], { cwd, env });
    runs.push(run);
    return run;
  };
  const stop = async (run: StartedProcess) => {
    run.child.kill('SIGTERM');
    return run.exited;
  };

  it('is read from the working directory, and the environment wins over it', async () => {
    const cwd = await folder();
    const [filePort, envPort] = [await freePort(), await freePort()];
    await writeFile(join(cwd, '.env'), `# as in .env.example\nPORT=${filePort}\nLOG_LEVEL=warn\n`);

    const fromFile = start(cwd);
    await waitReady(filePort, fromFile);
    expect(fromFile.output()).not.toContain('"level":"info"'); // LOG_LEVEL came from the file too
    expect(await stop(fromFile)).toBe(0);

    const overridden = start(cwd, { PORT: String(envPort), LOG_LEVEL: 'info' });
    await waitReady(envPort, overridden);
    expect(await listening(filePort)).toBe(false);
    expect(overridden.output()).toContain('"level":"info"');
    expect(await stop(overridden)).toBe(0);
  });

  it('SESAME_ENV_FILE names another file; one that is missing stops Sesame with one line', async () => {
    const cwd = await folder();
    const port = await freePort();
    await writeFile(join(cwd, 'sesame.env'), `PORT=${port}\n`);
    const named = start(cwd, { SESAME_ENV_FILE: 'sesame.env' });
    await waitReady(port, named);
    expect(await stop(named)).toBe(0);

    const missing = start(cwd, { SESAME_ENV_FILE: join(cwd, 'absent.env') });
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toBe(`sesame: configuration error: SESAME_ENV_FILE: no such file: ${join(cwd, 'absent.env')}\n`);
  });
});

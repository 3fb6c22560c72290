import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll } from '@jest/globals';

/** The built service (`npm run build` first), started as an operator would start it. */
export const MAIN = join(process.cwd(), 'dist', 'main.js');

export interface SesameProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Processes started by this test file and not yet ended. A test that fails half-way (a start that
 * was not ready in time) never reaches its stop: they are killed after the file, and when the
 * worker exits, so no Sesame outlives its test to hold a port and a core.
 */
const running = new Set<ChildProcess>();
const killLeftovers = () => running.forEach((child) => child.kill('SIGKILL'));
afterAll(killLeftovers);
process.once('exit', killLeftovers);

export function runSesame(env: Record<string, string>): SesameProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', SESAME_DEMO: 'false', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Resolves once /health/ready answers 200, or with the exit code if the process ends first. */
export async function readyOrExited(run: SesameProcess, port: number, withinMs = 60_000): Promise<'ready' | { exited: number | null }> {
  let exit: { exited: number | null } | undefined;
  void run.exited.then((code) => (exit = { exited: code }));
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (exit) return exit;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.status === 200) return 'ready';
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`neither ready nor exited within ${withinMs} ms; stderr: ${run.stderr()}`);
}

/** Resolves when a log line (pino JSON on stdout) has this message prefix. */
export async function waitForLog(run: SesameProcess, prefix: string, withinMs = 20_000): Promise<Record<string, unknown>> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    for (const line of run.stdout().split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (typeof entry.msg === 'string' && entry.msg.startsWith(prefix)) return entry;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no log line "${prefix}" within ${withinMs} ms`);
}

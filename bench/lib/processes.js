// Starting the processes of a run: each server in its own child, pinned to a core when the machine has two or more.
import { execFileSync, fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildHandle } from './ipc.js';

const cores = availableParallelism();
let tasksetWorks;

/**
 * Servers under test share one core, load generators and helpers another: the server's CPU
 * time and throughput are then its own, not a share of what wrk or the mock provider left.
 */
export const CPU = cores >= 2 ? { server: String(cores - 1), load: '0' } : { server: null, load: null };

export function canPin() {
  if (CPU.server === null) return false;
  if (tasksetWorks === undefined) {
    try {
      execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      tasksetWorks = true;
    } catch {
      tasksetWorks = false;
    }
  }
  return tasksetWorks;
}

/** Pins every thread of a running process (node's threads exist once it has started). */
export function pin(pid, cpu) {
  if (!canPin() || cpu === null) return;
  execFileSync('taskset', ['-a', '-c', '-p', cpu, String(pid)], { stdio: 'ignore' });
}

/** Wraps a command so it starts pinned (wrk). */
export function pinnedCommand(command, args, cpu) {
  return canPin() && cpu !== null ? ['taskset', ['-c', cpu, command, ...args]] : [command, args];
}

export const logDir = join(tmpdir(), 'sesame-bench');

/**
 * Forks `script` with an IPC channel; its output goes to a log file (writing to a file costs
 * little, like production logging to a pipe). Resolves once the child says it is ready.
 */
export async function startChild(name, script, { env = {}, execArgv = [], cpu = null, timeoutMs = 120_000 } = {}) {
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const child = fork(script, [], {
    env: { ...process.env, ...env },
    execArgv,
    stdio: ['ignore', fd, fd, 'ipc'],
    serialization: 'advanced',
  });
  closeSync(fd);
  const handle = new ChildHandle(name, child);
  handle.logFile = logFile;
  let timer;
  try {
    const info = await Promise.race([
      handle.readyInfo,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs / 1000} s (see ${logFile})`)), timeoutMs);
      }),
    ]);
    handle.info = info;
    handle.url = info.url;
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message} (log: ${logFile})`);
  } finally {
    clearTimeout(timer);
  }
  pin(child.pid, cpu);
  return handle;
}

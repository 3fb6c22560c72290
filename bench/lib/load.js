// Load runs: wrk (Debian's package, installed when missing) or, failing that, bench's own node:http generator.
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CPU, logDir, pinnedCommand, startChild } from './processes.js';
import { planData, wrkScript } from './requests.js';

let generator;

function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version: it exists.
    return error.code !== 'ENOENT';
  }
}

/** Makes sure a load generator exists; says what it does. Returns 'wrk' or 'node'. */
export async function ensureLoadGenerator(log) {
  if (hasWrk()) return (generator = 'wrk');
  log('wrk is not installed: installing Debian\'s package with "apt-get install -y wrk"…');
  for (const args of [['install', '-y', 'wrk'], ['update'], ['install', '-y', 'wrk']]) {
    try {
      execFileSync('apt-get', args, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      // the first install may fail on stale package lists; update and retry once
    }
    if (args[0] === 'install' && hasWrk()) {
      log('wrk installed.');
      return (generator = 'wrk');
    }
  }
  log("Could not install wrk: falling back to bench's node:http generator (slower than wrk, so server ratios are understated).");
  return (generator = 'node');
}

let loadChild;
async function nodeGenerator() {
  loadChild ??= await startChild('load-generator', fileURLToPath(new URL('./load-child.js', import.meta.url)), { cpu: CPU.load });
  return loadChild;
}

export async function stopLoad() {
  await loadChild?.stop();
  loadChild = undefined;
}

let scriptCount = 0;

/**
 * Closed-loop load on `base` for `seconds` with `connections`: { requests, durationUs, rps,
 * p50Us, p99Us, statusErrors, … }.
 */
export async function runLoad(base, plan, { seconds, connections, threads = 1 }) {
  let result;
  if (generator === 'node') {
    result = await (await nodeGenerator()).call('closed', { base, plan, connections, seconds });
  } else {
    const id = `${process.pid}-${scriptCount++}`;
    const script = join(logDir, `wrk-${id}.lua`);
    const data = planData(plan);
    const dataFile = join(logDir, `wrk-${id}.txt`);
    if (data) writeFileSync(dataFile, data.join('\n') + '\n');
    writeFileSync(script, wrkScript(plan, threads, dataFile));
    const [command, args] = pinnedCommand(
      'wrk',
      ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '-s', script, base],
      CPU.load,
    );
    const stdout = await new Promise((resolve, reject) =>
      execFile(command, args, { maxBuffer: 1 << 20 }, (error, out, err) =>
        error ? reject(new Error(`wrk failed: ${err || error.message}`)) : resolve(out),
      ),
    );
    const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
    if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
    result = JSON.parse(line.slice('BENCH_RESULT '.length));
  }
  const errors = result.connectErrors + result.readErrors + result.writeErrors + result.timeouts;
  return { ...result, errors, rps: result.requests / (result.durationUs / 1e6) };
}

/** Open-loop load at a fixed rate (bench's generator: wrk has no fixed-rate mode). */
export async function runPaced(base, plan, { seconds, rate }) {
  const result = await (await nodeGenerator()).call('paced', { base, plan, rate, seconds });
  return { ...result, errors: result.connectErrors, rps: result.requests / (result.durationUs / 1e6) };
}

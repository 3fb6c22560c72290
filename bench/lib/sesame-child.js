// One Sesame, built from dist/, in its own process: the harness reads its CPU time, SQL round trips and cache memory over IPC.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { installQueryCounter, startCounting, stopCounting } from './query-counter.js';
import { ready, serve } from './ipc.js';
import { loopDelay, watchLoop } from './loop-delay.js';
import { sessionToken } from './identity.js';

installQueryCounter();

const dist = new URL('../../dist/', import.meta.url);
const { startSesame } = await import(new URL('sesame.js', dist).href);
const { parseConfig } = await import(new URL('config/index.js', dist).href);
const { createLogger } = await import(new URL('common/logger.js', dist).href);
const { SessionAuthenticator } = await import(new URL('modules/session/index.js', dist).href);
const { ChangeBus } = await import(new URL('common/change-bus.js', dist).href);
const { MetricsService } = await import(new URL('modules/metrics/index.js', dist).href);

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`configuration errors: ${parsed.errors.join('; ')}\n`);
  process.exit(2);
}
const logger = createLogger(parsed.config.logLevel);
const sesame = await startSesame(parsed.config, { logger });
const authenticator = sesame.app.get(SessionAuthenticator);

/** Phases of the run on this process's monotonic clock (the CPU profile's), for profile-summary.js --phase. */
const marks = [];

serve({
  mark: ({ label }) => {
    marks.push({ label, us: Number(process.hrtime.bigint() / 1000n) });
  },
  countQueries: () => startCounting(),
  /** Event-loop delay and Sesame's own login histograms over a run (see loop-delay.js). */
  watchLoop: () => {
    watchLoop();
    for (const name of WATCHED_HISTOGRAMS) histogram(name).reset();
  },
  loopDelay: async () => ({
    ...loopDelay(),
    over: Object.fromEntries(await Promise.all(WATCHED_HISTOGRAMS.map(async (name) => [name, await overBuckets(name)]))),
  }),
  queries: () => stopCounting(),
  cacheSize: () => authenticator.size,
  /**
   * Empties the session cache the way a provider change does, so the sessions a run then reads
   * are all freshly cached: none reaches the cache's 30 s lifetime (and is read again) mid-run.
   */
  forgetSessions: () => sesame.app.get(ChangeBus).publish({ kind: 'provider', id: 'bench' }),
  /**
   * Heap bytes per cached session: authenticate the cookies of sessions `numbers` (not cached
   * yet) and compare the heap after a full GC before and after. The cookie strings are made
   * here, after the first reading: the cache keeps them, as it keeps a real request's. Needs --expose-gc.
   */
  async cacheMemory({ numbers, concurrency = 8 }) {
    const before = await settledHeap();
    const sizeBefore = authenticator.size;
    let next = 0;
    let valid = 0;
    const worker = async () => {
      while (next < numbers.length) {
        const principal = await authenticator.authenticate(sessionToken(numbers[next++]));
        if (principal) valid++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const after = await settledHeap();
    const added = authenticator.size - sizeBefore;
    return { added, valid, bytesPerSession: added > 0 ? (after - before) / added : null };
  },
  async stop() {
    setImmediate(async () => {
      if (process.env.BENCH_MARKS_FILE) writeFileSync(process.env.BENCH_MARKS_FILE, JSON.stringify(marks));
      await sesame.close();
      process.exit(0);
    });
  },
});
ready({ url: sesame.url, databaseUrl: sesame.config.databaseUrl });

/** Sesame's own histograms of a login: its whole callback, and the wait for the provider within it. */
const WATCHED_HISTOGRAMS = ['sesame_login_duration_seconds', 'sesame_provider_round_trip_seconds'];
const histogram = (name) => sesame.app.get(MetricsService).registry.getSingleMetric(name);

/** How many observations exceeded each bucket bound (in ms), from the cumulative buckets. */
async function overBuckets(name) {
  const { values } = await histogram(name).get();
  const sum = (rows) => rows.reduce((total, v) => total + v.value, 0);
  const count = sum(values.filter((v) => v.metricName.endsWith('_count')));
  const over = { count };
  const bounds = new Set(values.filter((v) => v.metricName.endsWith('_bucket') && v.labels.le !== '+Inf').map((v) => v.labels.le));
  for (const le of bounds)
    over[`>${le * 1000}ms`] = count - sum(values.filter((v) => v.metricName.endsWith('_bucket') && v.labels.le === le));
  return over;
}

async function settledHeap() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

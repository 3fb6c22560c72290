// One Sesame, built from dist/, in its own process: the harness reads its CPU time, SQL round trips and cache memory over IPC.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { installQueryCounter, startCounting, stopCounting } from './query-counter.js';
import { ready, serve } from './ipc.js';
import { sessionToken } from './identity.js';

installQueryCounter();

const dist = new URL('../../dist/', import.meta.url);
const { startSesame } = await import(new URL('sesame.js', dist).href);
const { parseConfig } = await import(new URL('config/index.js', dist).href);
const { createLogger } = await import(new URL('common/logger.js', dist).href);
const { SessionAuthenticator } = await import(new URL('modules/session/index.js', dist).href);
const { ChangeBus } = await import(new URL('common/change-bus.js', dist).href);

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

async function settledHeap() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

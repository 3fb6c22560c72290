// bench's own load generator on node:http, in its own process: open-loop (a fixed rate, latency
// counted from when each request was due, so a stall is not hidden) and, when wrk cannot be had,
// closed-loop (N connections, each sending as soon as the previous answer came).
import { Agent, request as httpRequest } from 'node:http';
import { ready, serve } from './ipc.js';
import { loopDelay, watchLoop } from './loop-delay.js';
import { nthRequest } from './requests.js';

function send(agent, base, { path, headers }) {
  return new Promise((resolve) => {
    const req = httpRequest(`${base}${path}`, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

function summarise(latenciesUs, statuses, durationUs, late) {
  latenciesUs.sort((a, b) => a - b);
  const at = (p) => latenciesUs[Math.min(latenciesUs.length - 1, Math.floor((p / 100) * latenciesUs.length))] ?? 0;
  const ok = (s) => s >= 200 && s < 400;
  return {
    requests: latenciesUs.length,
    durationUs,
    statusErrors: statuses.filter((s) => s !== 0 && !ok(s)).length,
    connectErrors: statuses.filter((s) => s === 0).length,
    readErrors: 0,
    writeErrors: 0,
    timeouts: 0,
    p50Us: at(50),
    p90Us: at(90),
    p99Us: at(99),
    meanUs: latenciesUs.reduce((sum, v) => sum + v, 0) / Math.max(1, latenciesUs.length),
    maxUs: latenciesUs[latenciesUs.length - 1] ?? 0,
    late,
  };
}

serve({
  /** Open loop: `rate` requests per second for `seconds`. */
  async paced({ base, plan, rate, seconds, maxSockets = 256 }) {
    const agent = new Agent({ keepAlive: true, maxSockets });
    const latencies = [];
    const statuses = [];
    const total = Math.round(rate * seconds);
    watchLoop();
    const started = performance.now();
    let late = 0;
    const inFlight = [];
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      else if (wait < -5) late++;
      inFlight.push(
        send(agent, base, nthRequest(plan, n)).then((status) => {
          latencies.push((performance.now() - due) * 1000);
          statuses.push(status);
        }),
      );
    }
    await Promise.all(inFlight);
    agent.destroy();
    return { ...summarise(latencies, statuses, (performance.now() - started) * 1000, late), generatorLoop: loopDelay() };
  },
  /** Closed loop: `connections` senders for `seconds`. */
  async closed({ base, plan, connections, seconds }) {
    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    const latencies = [];
    const statuses = [];
    const started = performance.now();
    const end = started + seconds * 1000;
    let n = 0;
    const worker = async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        statuses.push(await send(agent, base, nthRequest(plan, n++)));
        latencies.push((performance.now() - sent) * 1000);
      }
    };
    await Promise.all(Array.from({ length: connections }, worker));
    agent.destroy();
    return summarise(latencies, statuses, (performance.now() - started) * 1000, 0);
  },
  stop: () => setImmediate(() => process.exit(0)),
});
ready({});

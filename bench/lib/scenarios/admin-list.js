// Scenario 4's admin side: GET /api/admin/users latency, one administrator's requests at a time.
import { Agent } from 'node:http';
import { get } from '../logins.js';
import { median } from '../measure.js';
import { ADMIN_TOKEN } from '../sesame-process.js';

/** The admin request with the worst median, over the rounds. */
export function slowest(result) {
  const worst = {};
  for (const run of result.rounds) {
    for (const [path, { medianMs }] of Object.entries(run.byPath)) worst[path] = Math.max(worst[path] ?? 0, medianMs);
  }
  const [path, medianMs] = Object.entries(worst).sort((a, b) => b[1] - a[1])[0] ?? [];
  return path ? { path, medianMs } : null;
}

export function adminPaths(users) {
  const cursor = (username) => Buffer.from(JSON.stringify([username, '00000000-0000-0000-0000-000000000000'])).toString('base64url');
  const deep = Math.min(users, 98765);
  return [
    '/api/admin/users?limit=50',
    `/api/admin/users?limit=50&cursor=${cursor('user4567')}`,
    `/api/admin/users?limit=50&cursor=${cursor(`user${deep}`)}`,
    `/api/admin/users?limit=50&search=user${deep}`,
    `/api/admin/users?limit=50&search=user${deep}%40bench`,
    `/api/admin/users?limit=50&search=first${deep}`,
  ];
}

/**
 * One administrator's requests, one at a time (latency, not a queue): each path `repeats` times
 * (fewer when it takes seconds) after one unmeasured request. Returns the usual figures plus the median and worst time per path.
 */
export async function adminLatency(server, paths, repeats) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const latencies = [];
  const byPath = {};
  let statusErrors = 0;
  const cpuBefore = await server.cpuMicros();
  const started = performance.now();
  for (const path of paths) {
    await get(agent, `${server.url}${path}`, headers);
    const times = [];
    // A request far over the target is not repeated: the run must end in its time budget.
    for (let i = 0; i < repeats && times.reduce((sum, t) => sum + t, 0) < 1000; i++) {
      const sent = performance.now();
      const { status } = await get(agent, `${server.url}${path}`, headers);
      times.push(performance.now() - sent);
      if (status !== 200) statusErrors++;
    }
    latencies.push(...times);
    byPath[path] = { medianMs: median(times), maxMs: Math.max(...times) };
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpuMicros = (await server.cpuMicros()) - cpuBefore;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50Ms: at(50),
    p99Ms: at(99),
    // The unmeasured first request of each path costs CPU too.
    cpuUsPerRequest: cpuMicros / (latencies.length + paths.length),
    statusErrors,
    errors: 0,
    byPath,
  };
}

// One measured load run against one server child, and the arithmetic of rounds.
import { runLoad, runPaced } from './load.js';

export const median = (values) => {
  const sorted = values.filter((v) => v !== null && v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Load on `server` (a child handle with `url`) while reading its CPU time: requests/s,
 * p50/p99 (ms), CPU µs per request (µs of the server process per answered request).
 */
export async function measure(server, plan, { seconds, connections, paced, settleMs = 0 }) {
  const cpuBefore = await server.cpuMicros();
  const result = paced
    ? await runPaced(server.url, plan, { seconds, rate: paced })
    : await runLoad(server.url, plan, { seconds, connections });
  // Requests the generator gave up on at the end still finish in the server: let them, when they are counted there.
  if (settleMs) await new Promise((resolve) => setTimeout(resolve, settleMs));
  const cpuMicros = (await server.cpuMicros()) - cpuBefore;
  return {
    requests: result.requests,
    rps: result.rps,
    p50Ms: result.p50Us / 1000,
    p99Ms: result.p99Us / 1000,
    cpuUsPerRequest: result.requests > 0 ? cpuMicros / result.requests : null,
    cpuMicros,
    statusErrors: result.statusErrors,
    errors: result.errors,
    ...(result.late !== undefined ? { lateSends: result.late } : {}),
    ...(result.generatorLoop ? { generatorLoop: result.generatorLoop } : {}),
  };
}

/** Per-metric medians of several runs of one target. */
export function medians(runs) {
  const keys = ['rps', 'p50Ms', 'p99Ms', 'cpuUsPerRequest'];
  const out = Object.fromEntries(keys.map((key) => [key, median(runs.map((run) => run[key]))]));
  out.requests = runs.reduce((sum, run) => sum + run.requests, 0);
  out.statusErrors = runs.reduce((sum, run) => sum + run.statusErrors, 0);
  out.errors = runs.reduce((sum, run) => sum + run.errors, 0);
  out.rounds = runs;
  return out;
}

/**
 * Rounds of interleaved runs: in each round every target runs once, in an order rotated per
 * round, so drift in the machine's load spreads over all targets instead of favouring one.
 * `targets`: [{ name, run: (round) => Promise<result>, server? }] (a Sesame `server` gets marks
 * around its runs, for profile-summary.js --phase). Returns { name: medians }.
 */
export async function interleave(targets, rounds, log) {
  const runs = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[(k + round) % targets.length];
      await target.server?.call('mark', { label: target.name });
      const result = await target.run(round);
      await target.server?.call('mark', { label: null });
      runs[target.name].push(result);
      log(
        `  round ${round + 1}/${rounds} ${target.name}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99Ms.toFixed(2)} ms, ${fmt(result.cpuUsPerRequest)} µs CPU/req${result.statusErrors ? `, ${result.statusErrors} bad statuses` : ''}`,
      );
    }
  }
  return Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, medians(list)]));
}

/**
 * The median over rounds of a / b, each from the same round: the two ran back to back, so the
 * machine's drift between rounds (a factor of two on this shared machine) cancels out.
 */
export function pairedRatio(a, b, key) {
  return median(a.rounds.map((run, round) => run[key] / b.rounds[round][key]));
}

export const fmt = (value, digits = 0) => (value === null || value === undefined ? '–' : value.toFixed(digits));

/** A target line of the report. */
export function target(scenario, name, value, goal, met, unit = '') {
  return { scenario, name, value, goal, met, unit };
}

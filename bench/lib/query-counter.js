// Counts SQL round trips made by this process, by wrapping pg's Client.prototype.query (bench child only).
import pg from 'pg';

let counting = false;
const counts = new Map();
const latencies = [];

/** "SELECT sessions", "INSERT audit_events", "START TRANSACTION"…: the statement and its first table. */
export function describeStatement(text) {
  const sql = text.replace(/\s+/g, ' ').trim();
  const verb = /^(\w+(?: TRANSACTION)?)/i.exec(sql)?.[1]?.toUpperCase() ?? '?';
  if (verb === 'WITH') {
    const inner = /\b(DELETE FROM|INSERT INTO|UPDATE)\s+"?(\w+)/i.exec(sql);
    if (inner) return `${inner[1].split(' ')[0].toUpperCase()} ${inner[2]}`;
    // A read in parts: named by the first table it reads (not a function such as unnest).
    const read = /\bFROM\s+"?(\w+)\b(?!\s*\()/i.exec(sql);
    if (read) return `SELECT ${read[1]}`;
  }
  // The statement's own table, not a subquery's: drop parenthesised parts first.
  let outer = sql;
  while (/\([^()]*\)/.test(outer)) outer = outer.replace(/\([^()]*\)/g, ' ');
  const table = /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)/i.exec(outer)?.[1];
  return table && verb !== 'START TRANSACTION' ? `${verb} ${table}` : verb;
}

export function installQueryCounter() {
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(config, values, callback) {
    const text = counting ? (typeof config === 'string' ? config : config?.text) : undefined;
    if (typeof text !== 'string') return original.call(this, config, values, callback);
    const key = describeStatement(text);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    // Latency as the caller sees it: from the call (queueing on the connection included) to the answer.
    const started = performance.now();
    const took = () => latencies.push(performance.now() - started);
    if (typeof values === 'function') {
      const done = values;
      return original.call(this, config, (...args) => (took(), done(...args)));
    }
    if (typeof callback === 'function') {
      const done = callback;
      return original.call(this, config, values, (...args) => (took(), done(...args)));
    }
    const result = original.call(this, config, values);
    result?.then?.(took, took);
    return result;
  };
}

/** Starts counting from zero. */
export function startCounting() {
  counts.clear();
  latencies.length = 0;
  counting = true;
}

/** Stops and returns { total, byStatement }. */
export function stopCounting() {
  counting = false;
  const byStatement = Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1]));
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? null;
  return { total, byStatement, latencyMs: { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? null } };
}

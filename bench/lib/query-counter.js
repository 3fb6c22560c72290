// Counts SQL round trips made by this process, by wrapping pg's Client.prototype.query (bench child only).
import pg from 'pg';

let counting = false;
const counts = new Map();

/** "SELECT sessions", "INSERT audit_events", "START TRANSACTION"…: the statement and its first table. */
export function describeStatement(text) {
  const sql = text.replace(/\s+/g, ' ').trim();
  const verb = /^(\w+(?: TRANSACTION)?)/i.exec(sql)?.[1]?.toUpperCase() ?? '?';
  if (verb === 'WITH') {
    const inner = /\b(DELETE FROM|INSERT INTO|UPDATE)\s+"?(\w+)/i.exec(sql);
    if (inner) return `${inner[1].split(' ')[0].toUpperCase()} ${inner[2]}`;
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
    if (counting) {
      const text = typeof config === 'string' ? config : config?.text;
      if (typeof text === 'string') {
        const key = describeStatement(text);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    return original.call(this, config, values, callback);
  };
}

/** Starts counting from zero. */
export function startCounting() {
  counts.clear();
  counting = true;
}

/** Stops and returns { total, byStatement }. */
export function stopCounting() {
  counting = false;
  const byStatement = Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1]));
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return { total, byStatement };
}

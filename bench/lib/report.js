// The printed table and the JSON file.
import { fmt } from './measure.js';

function pad(text, width, right = false) {
  const s = String(text);
  return right ? s.padStart(width) : s.padEnd(width);
}

/** Rows of measured servers: name, req/s, p50, p99, CPU µs/request. */
export function serverTable(title, rows) {
  const lines = [
    `\n${title}`,
    `  ${pad('', 44)}${pad('req/s', 10, true)}${pad('p50 ms', 10, true)}${pad('p99 ms', 10, true)}${pad('CPU µs/req', 12, true)}`,
  ];
  for (const [name, r] of rows) {
    lines.push(
      `  ${pad(name, 44)}${pad(fmt(r.rps), 10, true)}${pad(fmt(r.p50Ms, 2), 10, true)}${pad(fmt(r.p99Ms, 2), 10, true)}${pad(fmt(r.cpuUsPerRequest), 12, true)}`,
    );
  }
  return lines.join('\n');
}

export function targetTable(targets) {
  const lines = [
    '\nTargets (reported, not enforced)',
    `  ${pad('scenario', 18)}${pad('measure', 44)}${pad('value', 12, true)}  ${pad('target', 16)}met`,
  ];
  for (const t of targets) {
    const value =
      t.value === null || t.value === undefined ? '–' : `${fmt(t.value, Math.abs(t.value) < 10 ? 2 : 0)}${t.unit ? ` ${t.unit}` : ''}`;
    lines.push(`  ${pad(t.scenario, 18)}${pad(t.name, 44)}${pad(value, 12, true)}  ${pad(t.goal, 16)}${t.met ? 'yes' : 'NO'}`);
  }
  return lines.join('\n');
}

/** The tables for what ran. */
export function printReport(results, targets) {
  const out = [];
  const r = results;
  if (r.forwardAuth) {
    out.push(
      serverTable(`Forward-auth GET /auth/check (${r.forwardAuth.workingSet} distinct sessions per run)`, [
        ['bare node:http (same requests)', r.forwardAuth.bare],
        ...(r.forwardAuth.peer ? [['peer: Fastify + @fastify/session, memory store', r.forwardAuth.peer]] : []),
        ...r.sessionsScale.rowsForTable,
        ...(r.accessRules
          ? [
              ['same Sesame, requests naming an app, no access rules', r.accessRules.none],
              ['same Sesame, requests naming an app, 50 access rules', r.accessRules.fifty],
            ]
          : []),
      ]),
    );
  }
  if (r.login) {
    out.push(serverTable('Login callback, end to end (unchanged users, 10 groups)', r.usersScale.rowsForTable));
    const f = r.login.customFetch;
    out.push(
      `  SQL round trips per login: ${fmt(r.login.peak.roundTripsPerLogin, 1)} (${Object.keys(r.login.peak.perLogin).join(', ')})\n` +
        `  openid-client code exchange + userinfo, CPU µs: ${fmt(f.fetchUs)} with fetch, ${fmt(f.keepAliveUs)} with a node:http keep-alive customFetch`,
    );
  }
  if (r.groupsScale) out.push(serverTable('Login callback by group count', r.groupsScale.rowsForTable));
  out.push(targetTable(targets));
  return out.join('\n');
}

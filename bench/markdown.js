// node bench/markdown.js [results.json]: the figures of a run as Markdown tables, for docs/performance.md.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? new URL('./results/latest.json', import.meta.url);
const report = JSON.parse(readFileSync(file, 'utf8'));
const r = report.results;
const n = (value, digits = 0) => (value === null || value === undefined ? '–' : Number(value).toFixed(digits));
const row = (cells) => `| ${cells.join(' | ')} |`;
const serverRows = (rows) => [
  row(['', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req']),
  row(['---', '---:', '---:', '---:', '---:']),
  ...rows.filter(([, x]) => x).map(([name, x]) => row([name, n(x.rps), n(x.p50Ms, 2), n(x.p99Ms, 2), n(x.cpuUsPerRequest)])),
];
const users = (count) => (count >= 1e6 ? `${count / 1e6}M` : `${count / 1e3}k`);
const { bigUsers, smallUsers } = report.data;

const out = [
  `Run of ${report.startedAt.slice(0, 10)} (${report.mode}, ${report.durationSeconds} s): ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, ` +
    `load average ${report.machine.loadAverageAtStart?.[0]} at start and ${report.machine.loadAverageAtEnd[0]} at the end; ${report.data.database}.`,
  '',
];
if (r.forwardAuth) {
  out.push(
    `**Forward-auth** \`GET /auth/check\`, ${r.forwardAuth.workingSet} distinct valid sessions per run, 10 groups each:`,
    '',
    ...serverRows([
      ['bare `node:http` (same requests)', r.forwardAuth.bare],
      ...(r.forwardAuth.peer ? [['peer: Fastify + `@fastify/session`, memory store', r.forwardAuth.peer]] : []),
      [`Sesame, ${users(bigUsers)} sessions`, r.sessionsScale.big],
      [`Sesame, ${users(smallUsers)} sessions`, r.sessionsScale.small],
      ['same Sesame, requests naming an app, no access rules', r.accessRules?.none],
      ['same Sesame, requests naming an app, 50 access rules', r.accessRules?.fifty],
    ]),
    '',
  );
}
if (r.login) {
  const f = r.login.customFetch;
  out.push(
    `**Login callback**, end to end against the mock provider (users who already signed in once: nothing changes):`,
    '',
    ...serverRows([
      [`login, ${users(bigUsers)} users`, r.usersScale.big],
      [`login, ${users(smallUsers)} users`, r.usersScale.small],
      [`login at half the peak rate (open loop), ${users(bigUsers)} users`, r.login.halfPeak],
      [`admin user list, ${users(bigUsers)} users (one at a time)`, r.usersScale.adminList.big],
      [`admin user list, ${users(smallUsers)} users (one at a time)`, r.usersScale.adminList.small],
    ]),
    '',
    `SQL round trips per login: ${n(r.login.peak.roundTripsPerLogin, 1)} (${Object.keys(r.login.peak.perLogin).join(', ')}). ` +
      `openid-client code exchange + userinfo: ${n(f.fetchUs)} µs of CPU with \`fetch\`, ${n(f.keepAliveUs)} µs with a \`node:http\` keep-alive \`customFetch\`.`,
    '',
    ...halfPeakWaits(r.login.halfPeak),
  );
}
if (r.groupsScale) {
  const g = r.groupsScale;
  out.push(
    '**Groups per user** (login callback, 1k-user directory):',
    '',
    ...serverRows([
      ['1 group, unchanged', g.one],
      ['1000 groups, unchanged', g.thousand],
      ['1000 groups, 5 swapped at each login', g.changed],
    ]),
    '',
    `Forward-auth answer for a member of 1000 groups: ${g.forwardAuthHeaders.bytes} bytes of headers, ${g.forwardAuthHeaders.groupsSent} groups listed` +
      `${g.forwardAuthHeaders.truncated ? ', `X-Auth-Request-Groups-Truncated: true`' : ''}.`,
    '',
  );
}
out.push(row(['scenario', 'measure', 'value', 'target', 'met']), row(['---', '---', '---:', '---', '---']));
for (const t of report.targets) {
  const value = t.value === null ? '–' : `${n(t.value, Math.abs(t.value) < 10 ? 2 : 0)}${t.unit ? ` ${t.unit}` : ''}`;
  out.push(row([t.scenario, t.name, value, t.goal, t.met ? 'yes' : '**no**']));
}
console.log(out.join('\n'));

/** Where the slow logins of the half-peak run waited: Sesame's own histograms and each process's event-loop delay. */
function halfPeakWaits(run) {
  const loop = run.eventLoopDelay;
  if (!loop) return [];
  const login = loop.over.sesame_login_duration_seconds;
  const provider = loop.over.sesame_provider_round_trip_seconds;
  return [
    `At half the peak rate, ${login['>50ms']} of ${login.count} callbacks took over 50 ms inside Sesame (its own histogram), ` +
      `${provider['>50ms']} of them waiting over 50 ms for the provider; SQL statements p99 ${n(run.queries.latencyMs.p99, 1)} ms, ` +
      `max ${n(run.queries.latencyMs.max, 1)} ms. Event-loop delay, max: Sesame ${n(loop.maxMs, 1)} ms (p99 ${n(loop.p99Ms, 1)}), ` +
      `mock provider ${n(run.providerLoop.maxMs, 1)} ms, load generator ${n(run.generatorLoop.maxMs, 1)} ms.`,
    '',
  ];
}

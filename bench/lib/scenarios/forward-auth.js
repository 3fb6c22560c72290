// Scenarios 1 and 3: GET /auth/check against a bare node:http server, on 1M and on 1k sessions.
import { createHash } from 'node:crypto';
import { Agent } from 'node:http';
import { GROUPS_PER_USER, sessionToken, teamIndex, teamName } from '../identity.js';
import { drive, get } from '../logins.js';
import { fmt, interleave, measure, pairedRatio, target } from '../measure.js';

const SESSION_COOKIE = 'sesame_session';

/** `count` session numbers spread evenly over 1..total, starting at `offset`. */
export function spread(total, count, offset = 0) {
  const step = Math.max(1, Math.floor(total / count));
  return Array.from({ length: Math.min(count, total) }, (_, k) => 1 + ((offset + k * step) % total));
}

const checkPlan = (tokens, headers) => ({ kind: 'cookies', path: '/auth/check', cookie: SESSION_COOKIE, values: tokens, headers });

/** As a proxy asks about one app; the rules below decide at the 26th of 50, after 25 that cover other hosts. */
const APP_REQUEST = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app-25.example.com', 'x-forwarded-uri': '/dashboard?tab=1' };
const FIFTY_RULES = {
  rules: Array.from({ length: 50 }, (_, i) => ({
    name: `app ${i}`,
    host: `app-${i}.example.com`,
    pathPrefix: i % 2 ? '/dashboard' : null,
    policy: 'allow',
    // The bench's people are not in these groups; their addresses are at bench.example.
    groups: [`team-${i}`, 'everyone-else'],
    emailDomains: ['bench.example'],
  })),
};

/** The peer's cookies for the same people: their sessions are created through the peer's own plugin. */
async function peerCookies(peer, numbers) {
  const cookies = [];
  for (const i of numbers) {
    const response = await fetch(`${peer.url}/seed?token=${sessionToken(i)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: `user${i}`, groups: Array.from({ length: GROUPS_PER_USER }, (_, k) => teamName(teamIndex(i, k))) }),
    });
    if (!response.ok) throw new Error(`the peer did not take session ${i}: ${response.status}`);
    cookies.push((await response.json()).cookie);
  }
  return cookies;
}

export async function forwardAuthScenarios(ctx) {
  const { big, small, bare, peer, opts, log } = ctx;
  const workingSet = opts.authWorkingSet;
  const bigNumbers = spread(opts.bigUsers, workingSet);
  const bigTokens = bigNumbers.map(sessionToken);
  const peerTokens = await peerCookies(peer, bigNumbers);
  const smallTokens = spread(opts.smallUsers, workingSet).map(sessionToken);
  const agent = new Agent({ keepAlive: true });

  // A valid session answers 200 with the user's ten groups: the runs below measure the real path.
  const sample = await get(agent, `${big.url}/auth/check`, { cookie: `${SESSION_COOKIE}=${bigTokens[1]}` });
  const groups = sample.headers['x-auth-request-groups']?.split(',') ?? [];
  if (sample.status !== 200 || groups.length !== GROUPS_PER_USER)
    throw new Error(`/auth/check answered ${sample.status} with ${groups.length} groups; expected 200 with ${GROUPS_PER_USER}`);

  const load = { seconds: opts.seconds.auth, connections: opts.connections.auth };
  log(`Forward-auth: warming up (JIT, session cache: ${workingSet} sessions on each Sesame)…`);
  for (const [server, tokens] of [
    [bare, bigTokens],
    [peer, peerTokens],
    [big, bigTokens],
    [small, smallTokens],
  ]) {
    await drive(server.url, checkPlan(tokens), tokens.length, { expected: 200 });
    await measure(server, checkPlan(tokens), { seconds: opts.seconds.warmup, connections: load.connections });
  }
  // Each run is of cache hits: the sessions are asked for once just before it, so the reloads
  // after the 30 s cache window and the once-a-minute last_seen_at writes fall outside it (they
  // would land in one server's run and not the other's). Misses are measured on their own below.
  const hitRun = (server, tokens) => async () => {
    await drive(server.url, checkPlan(tokens), tokens.length, { expected: 200 });
    await server.call('countQueries');
    const result = await measure(server, checkPlan(tokens), load);
    result.queries = await server.call('queries');
    return result;
  };
  const results = await interleave(
    [
      { name: 'bare node:http', server: bare, run: hitRun(bare, bigTokens) },
      { name: 'peer: Fastify + @fastify/session', server: peer, run: hitRun(peer, peerTokens) },
      { name: `Sesame, ${label(opts.bigUsers)} sessions`, server: big, run: hitRun(big, bigTokens) },
      { name: `Sesame, ${label(opts.smallUsers)} sessions`, server: small, run: hitRun(small, smallTokens) },
    ],
    opts.rounds,
    log,
  );
  const [bareResult, peerResult, bigResult, smallResult] = Object.values(results);

  // Per-application rules: the same requests (naming an app) with no rules and with 50, interleaved on one Sesame.
  let ruleQueries = 0;
  const withRules = (rules) => async () => {
    // Throws unless saved; the rules reach the cache before the next check (same instance).
    await small.admin('/api/admin/access-rules', { method: 'PUT', body: rules });
    // Each run starts on freshly cached sessions: a session cached 30 s before is read again, which
    // would land in whichever run came then, and count for (or against) the rules.
    await small.call('forgetSessions');
    await drive(small.url, checkPlan(smallTokens, APP_REQUEST), smallTokens.length, { expected: 200 });
    await small.call('countQueries');
    const result = await measure(small, checkPlan(smallTokens, APP_REQUEST), load);
    // Session or settings reads during a run with rules would mean the rules are not answered from memory.
    // (A session's last-seen time is written at most once a minute whatever the rules: UPDATE sessions is not counted.)
    const queries = await small.call('queries');
    if (rules.rules.length > 0)
      ruleQueries += (queries.byStatement['SELECT sessions'] ?? 0) + (queries.byStatement['SELECT settings'] ?? 0);
    return result;
  };
  const ruleRuns = await interleave(
    [
      { name: 'no access rules', server: small, run: withRules({ rules: [] }) },
      { name: '50 access rules', server: small, run: withRules(FIFTY_RULES) },
    ],
    // A difference of a few per cent: more rounds than the other comparisons (each is short).
    opts.rounds * 2 - 1,
    log,
  );
  const [noRules, fiftyRules] = Object.values(ruleRuns);
  await small.admin('/api/admin/access-rules', { method: 'PUT', body: { rules: [] } });
  const rulesCpuRatio = pairedRatio(noRules, fiftyRules, 'cpuUsPerRequest');

  // Cache hits: sessions loaded just now are not asked for again within the cache window.
  const hitTokens = spread(opts.bigUsers, 100, 17).map(sessionToken);
  for (const token of hitTokens) await get(agent, `${big.url}/auth/check`, { cookie: `${SESSION_COOKIE}=${token}` });
  await big.call('countQueries');
  const hits = await measure(big, checkPlan(hitTokens), { seconds: opts.seconds.check, connections: load.connections });
  const hitQueries = await big.call('queries');
  // Background jobs (settings refresh, audit retention) may run meanwhile: only session statements count.
  const hitSessionQueries = sessionStatements(hitQueries);

  // Unknown cookies: well-formed, never issued; each distinct one may cost one query per window.
  const unknown = Array.from({ length: opts.unknownCookies }, (_, k) => createHash('sha256').update(`unknown-${k}`).digest('base64url'));
  await big.call('countQueries');
  const misses = await measure(big, checkPlan(unknown), { seconds: opts.seconds.check + 1, connections: load.connections });
  const missQueries = await big.call('queries');
  const unauthorised = misses.statusErrors === misses.requests;

  // Memory per cached session: sessions never touched above, loaded straight into the cache.
  const memory = await big.call('cacheMemory', { numbers: spread(opts.bigUsers, opts.memorySessions, 503) });
  agent.destroy();

  const ratio = bigResult.rps / bareResult.rps;
  const p99Ratio = bigResult.p99Ms / bareResult.p99Ms;
  // Capacity: requests per CPU-second of Sesame (steadier than req/s on a shared machine).
  const scaleRatio = smallResult.cpuUsPerRequest / bigResult.cpuUsPerRequest;
  const scaleRpsRatio = bigResult.rps / smallResult.rps;
  const cpuRatio = bareResult.cpuUsPerRequest / bigResult.cpuUsPerRequest;
  const hitSelects = hitSessionQueries;
  const missSelectsPerCookie = (missQueries.byStatement['SELECT sessions'] ?? 0) / unknown.length;
  log(
    `  cache hits: ${hits.requests} requests, ${hitSelects} queries; unknown cookies: ${misses.requests} requests for ${unknown.length} cookies, ` +
      `${missQueries.total} queries${unauthorised ? '' : ' (NOT all 401!)'}; cache memory ${fmt(memory.bytesPerSession)} B/session`,
  );
  return {
    results: {
      forwardAuth: {
        workingSet,
        bare: bareResult,
        peer: peerResult,
        peerRatio: bigResult.rps / peerResult.rps,
        peerCpuRatio: peerResult.cpuUsPerRequest / bigResult.cpuUsPerRequest,
        sesame: bigResult,
        ratio,
        p99Ratio,
        cpuRatio,
        cacheHitCheck: { requests: hits.requests, sessionQueries: hitSessionQueries, allQueries: hitQueries },
        unknownCookieCheck: {
          cookies: unknown.length,
          requests: misses.requests,
          all401: unauthorised,
          rps: misses.rps,
          queries: missQueries,
        },
      },
      accessRules: {
        none: noRules,
        fifty: fiftyRules,
        cpuRatio: rulesCpuRatio,
        rpsRatio: fiftyRules.rps / noRules.rps,
        queries: ruleQueries,
      },
      sessionsScale: { small: smallResult, big: bigResult, capacityRatio: scaleRatio, rpsRatio: scaleRpsRatio, cacheMemory: memory },
    },
    targets: [
      target('1 forward-auth', 'req/s vs bare node:http', ratio * 100, '≥ 60 %', ratio >= 0.6, '%'),
      target('1 forward-auth', 'p99 vs bare node:http', p99Ratio, '≤ 2×', p99Ratio <= 2, '×'),
      target(
        '1 forward-auth',
        'CPU per check vs bare node:http',
        bigResult.cpuUsPerRequest / bareResult.cpuUsPerRequest,
        '≤ 1.6×',
        bigResult.cpuUsPerRequest / bareResult.cpuUsPerRequest <= 1.6,
        '×',
      ),
      target('1 forward-auth', 'session queries on cache hits', hitSelects, '0', hitSelects === 0, ''),
      target('1 forward-auth', 'req per CPU-s with 50 access rules vs none', rulesCpuRatio * 100, '≥ 95 %', rulesCpuRatio >= 0.95, '%'),
      target('1 forward-auth', 'queries with 50 access rules (cache hits)', ruleQueries, '0', ruleQueries === 0, ''),
      target(
        '1 forward-auth',
        'queries per unknown cookie (30 s window)',
        missSelectsPerCookie,
        '≤ 1',
        missSelectsPerCookie <= 1 && unauthorised,
        '',
      ),
      target(
        '3 sessions 1k→1M',
        `req per CPU-s at ${label(opts.bigUsers)} vs ${label(opts.smallUsers)}`,
        scaleRatio * 100,
        '≥ 90 %',
        scaleRatio >= 0.9,
        '%',
      ),
      target(
        '3 sessions 1k→1M',
        'memory per cached session',
        memory.bytesPerSession,
        '≤ 1024 B',
        memory.bytesPerSession !== null && memory.bytesPerSession <= 1024,
        'B',
      ),
    ],
  };
}

/** Statements on the sessions table (lookups, last_seen_at writes). */
const sessionStatements = (queries) =>
  Object.entries(queries.byStatement)
    .filter(([statement]) => statement.endsWith(' sessions'))
    .reduce((sum, [, count]) => sum + count, 0);

export const label = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

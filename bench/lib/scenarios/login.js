// Scenarios 2 and 4: the login callback end to end against the mock provider, on 1k and 1M users, and the admin user list.
import { GROUPS_PER_USER } from '../identity.js';
import { drive, preparedLogins } from '../logins.js';
import { fmt, interleave, measure, median, target } from '../measure.js';
import { CPU, startChild } from '../processes.js';
import { fileURLToPath } from 'node:url';
import { adminLatency, adminPaths, slowest } from './admin-list.js';
import { label } from './forward-auth.js';

/** The users whose logins are measured: `count` of `total`, evenly spread (ids from + k·step). */
export const loginBlock = (total, count) => ({ from: 1, users: Math.min(count, total), step: Math.max(1, Math.floor(total / count)) });

/** A login run on one server: fresh transactions, SQL round trips counted, leftovers deleted. */
export async function loginRun(server, db, providerId, block, load, options = {}) {
  const seconds = load.seconds;
  const count = options.count ?? Math.max(3000, Math.ceil(seconds * 2500));
  const { plan, done } = await preparedLogins(db, providerId, block, { count, ...options });
  await server.call('countQueries');
  if (options.watchLoop) await server.call('watchLoop');
  const result = await measure(server, plan, { ...load, settleMs: 500 });
  if (options.watchLoop) result.eventLoopDelay = await server.call('loopDelay');
  result.queries = await server.call('queries');
  await done();
  if (result.statusErrors > result.requests * 0.01 || count <= result.requests)
    throw new Error(`${result.statusErrors} of ${result.requests} logins failed (${count} transactions seeded); see ${server.logFile}`);
  // Counted in Sesame: every completed login inserts one session, including those still in flight when the load stopped.
  const completed = result.queries.byStatement['INSERT sessions'] ?? 0;
  result.completed = completed;
  result.cpuUsPerRequest = completed > 0 ? result.cpuMicros / completed : null;
  result.roundTripsPerLogin = completed > 0 ? result.queries.total / completed : null;
  result.perLogin = Object.fromEntries(Object.entries(result.queries.byStatement).map(([k, v]) => [k, v / Math.max(1, completed)]));
  return result;
}

/** Admin list requests: first pages, keyset pages deep in the list, and prefix searches (username, email, display name). */
export async function loginScenarios(ctx) {
  const { big, small, opts, log, db, providers } = ctx;
  const blocks = { big: loginBlock(opts.bigUsers, opts.loginUsers), small: loginBlock(opts.smallUsers, opts.loginUsers) };
  const load = { seconds: opts.seconds.login, connections: opts.connections.login };

  // First logins set each identity's stored group hash; every later login of these users changes nothing.
  log(`Login: first login of ${blocks.big.users} + ${blocks.small.users} users (stores their group hash)…`);
  for (const [server, key] of [
    [big, 'big'],
    [small, 'small'],
  ]) {
    const { plan, done } = await preparedLogins(db[key], providers[key], blocks[key], { count: blocks[key].users });
    await drive(server.url, plan, blocks[key].users, { concurrency: 16 });
    await done();
    await loginRun(server, db[key], providers[key], blocks[key], { seconds: opts.seconds.warmup, connections: load.connections });
  }

  const adminRun = (server, users) => adminLatency(server, adminPaths(users), opts.adminRepeats);
  const names = { small: `login, ${label(opts.smallUsers)} users`, big: `login, ${label(opts.bigUsers)} users` };
  const results = await interleave(
    [
      { name: names.small, server: small, run: () => loginRun(small, db.small, providers.small, blocks.small, load) },
      { name: names.big, server: big, run: () => loginRun(big, db.big, providers.big, blocks.big, load) },
      {
        name: `admin user list, ${label(opts.smallUsers)} users`,
        server: small,
        run: () => adminRun(small, opts.smallUsers),
      },
      { name: `admin user list, ${label(opts.bigUsers)} users`, server: big, run: () => adminRun(big, opts.bigUsers) },
    ],
    opts.rounds,
    log,
  );
  const smallLogin = results[names.small];
  const bigLogin = results[names.big];
  const adminSmall = results[`admin user list, ${label(opts.smallUsers)} users`];
  const adminBig = results[`admin user list, ${label(opts.bigUsers)} users`];
  for (const r of [smallLogin, bigLogin]) {
    r.roundTripsPerLogin = median(r.rounds.map((run) => run.roundTripsPerLogin));
    r.perLogin = r.rounds.at(-1).perLogin;
  }

  // Latency at half the peak rate, open loop: a request's latency counts from when it was due.
  const rate = Math.max(10, Math.round(bigLogin.rps / 2));
  log(`  half peak: ${rate} logins/s for ${opts.seconds.paced} s (open loop)…`);
  await ctx.idp.call('watchLoop');
  const halfPeak = await loginRun(
    big,
    db.big,
    providers.big,
    blocks.big,
    { seconds: opts.seconds.paced, paced: rate },
    {
      count: Math.ceil(rate * opts.seconds.paced) + 10,
      watchLoop: true,
    },
  );
  halfPeak.providerLoop = await ctx.idp.call('loopDelay');
  const loop = halfPeak.eventLoopDelay;
  log(`  half peak, Sesame's histograms: ${JSON.stringify(loop.over)}`);
  log(
    `  half peak, event-loop delay max: mock provider ${fmt(halfPeak.providerLoop.maxMs, 1)} ms, load generator ${fmt(halfPeak.generatorLoop.maxMs, 1)} ms`,
  );
  log(
    `  half peak: p50 ${fmt(halfPeak.p50Ms, 1)} ms, p99 ${fmt(halfPeak.p99Ms, 1)} ms at ${fmt(halfPeak.rps)} logins/s; ` +
      `Sesame's event-loop delay p99 ${fmt(loop.p99Ms, 1)} ms, max ${fmt(loop.maxMs, 1)} ms; ` +
      `SQL statement p99 ${fmt(halfPeak.queries.latencyMs.p99, 1)} ms, max ${fmt(halfPeak.queries.latencyMs.max, 1)} ms`,
  );

  // openid-client's HTTP calls with fetch and with a node:http keep-alive customFetch, A/B in one process.
  const ab = await startChild('openid-client-fetch-ab', fileURLToPath(new URL('../fetch-ab-child.js', import.meta.url)), {
    cpu: CPU.server,
  });
  const samples = await ab.call('run', { issuer: ctx.idp.info.issuer, user: blocks.small.from, batches: opts.fetchBatches, batchSize: 20 });
  await ab.stop();
  const customFetch = {
    description:
      'CPU µs per code exchange (with ID token validation) + userinfo call in openid-client, fetch vs customFetch over node:http keep-alive',
    fetchUs: median(samples.fetch),
    keepAliveUs: median(samples['node:http keep-alive']),
  };
  customFetch.savedUs = customFetch.fetchUs - customFetch.keepAliveUs;
  log(
    `  openid-client exchange + userinfo: ${fmt(customFetch.fetchUs)} µs CPU with fetch, ${fmt(customFetch.keepAliveUs)} µs with node:http keep-alive`,
  );

  const perCpuSecond = bigLogin.cpuUsPerRequest ? 1e6 / bigLogin.cpuUsPerRequest : null;
  // Capacity: logins per CPU-second of Sesame (steadier than logins/s on a shared machine).
  const scaleRatio = smallLogin.cpuUsPerRequest / bigLogin.cpuUsPerRequest;
  const rpsScaleRatio = bigLogin.rps / smallLogin.rps;
  return {
    results: {
      login: {
        users: blocks.big,
        groupsPerUser: GROUPS_PER_USER,
        peak: bigLogin,
        perCpuSecond,
        halfPeak: { rate, ...halfPeak },
        customFetch,
      },
      usersScale: {
        small: smallLogin,
        big: bigLogin,
        capacityRatio: scaleRatio,
        rpsRatio: rpsScaleRatio,
        adminList: { small: adminSmall, big: adminBig, slowestAtBig: slowest(adminBig) },
      },
    },
    targets: [
      target('2 login', 'logins per Sesame CPU-second', perCpuSecond, '≥ 300', perCpuSecond >= 300, ''),
      target('2 login', 'p99 at half the peak rate', halfPeak.p99Ms, '≤ 50 ms', halfPeak.p99Ms <= 50, 'ms'),
      target('2 login', 'SQL round trips per unchanged login', bigLogin.roundTripsPerLogin, '≤ 6', bigLogin.roundTripsPerLogin <= 6, ''),
      target(
        '4 users 1k→1M',
        `logins per CPU-s at ${label(opts.bigUsers)} vs ${label(opts.smallUsers)}`,
        scaleRatio * 100,
        '≥ 85 %',
        scaleRatio >= 0.85,
        '%',
      ),
      target('4 users 1k→1M', `admin user list p99 at ${label(opts.bigUsers)}`, adminBig.p99Ms, '≤ 20 ms', adminBig.p99Ms <= 20, 'ms'),
    ],
  };
}

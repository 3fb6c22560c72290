// npm run bench [-- --quick] [--only=1,2,5] [--profile] [--fresh-data] [--embedded] [--keep]
// Sesame's two hot paths (forward-auth and the login callback) against baselines measured in the same run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findServer } from './lib/database.js';
import { dropDatabases, prepareDatasets } from './lib/datasets.js';
import { ensureLoadGenerator, stopLoad } from './lib/load.js';
import { CPU, canPin, logDir, pin, startChild } from './lib/processes.js';
import { printReport } from './lib/report.js';
import { forwardAuthScenarios, label } from './lib/scenarios/forward-auth.js';
import { groupBlocks, groupScenarios } from './lib/scenarios/groups.js';
import { loginBlock, loginScenarios } from './lib/scenarios/login.js';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = flag('quick');
const only = new Set((option('only') ?? '1,2,3,4,5').split(',').map(Number));
const runForwardAuth = only.has(1) || only.has(3);
const runLogin = only.has(2) || only.has(4);
const runGroups = only.has(5);

const started = Date.now();
const loadAverageAtStart = loadavg().map((l) => Number(l.toFixed(2)));
const log = (message) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
mkdirSync(logDir, { recursive: true });
const profileDir = flag('profile') ? join(logDir, 'profiles') : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });

const server = flag('embedded') ? null : await findServer();
const opts = {
  rounds: Number(option('rounds') ?? (quick ? 1 : 3)),
  // The embedded database is one WASM process: the large directory is smaller there, and says so.
  bigUsers: Number(option('users') ?? (quick ? 20_000 : server ? 1_000_000 : 100_000)),
  smallUsers: 1_000,
  authWorkingSet: 1_000,
  loginUsers: quick ? 200 : 500,
  groupUsers: quick ? 30 : 60,
  unknownCookies: 1_000,
  memorySessions: quick ? 2_000 : 5_000,
  fetchBatches: quick ? 3 : 20,
  adminRepeats: quick ? 2 : 5,
  seconds: quick
    ? { warmup: 1, auth: 2, login: 2, groups: 2, paced: 2, check: 1 }
    : { warmup: 2, auth: 5, login: 5, groups: 4, paced: 10, check: 2 },
  connections: { auth: 50, login: 16 },
};

pin(process.pid, CPU.load);
const generator = await ensureLoadGenerator(log);
log(
  `Sesame bench (${quick ? 'quick' : 'full'}): ${server ? `PostgreSQL ${server.version} at ${server.url}` : flag('embedded') ? 'embedded PGlite (--embedded)' : 'no PostgreSQL server found: embedded PGlite'}; ` +
    `load from ${generator}; ${canPin() ? `servers pinned to CPU ${CPU.server}, load generators to CPU ${CPU.load}` : 'no CPU pinning'}; logs in ${logDir}`,
);

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const children = [];
let ctx;
let exitCode = 0;
try {
  const idp = await startChild('mock-idp', here('./lib/mock-idp.js'), { cpu: CPU.load });
  children.push(idp);
  const bare = runForwardAuth ? await startChild('bare-node-http', here('./lib/bare-server.js'), { cpu: CPU.server }) : null;
  if (bare) children.push(bare);
  const peer = runForwardAuth ? await startChild('peer-fastify-session', here('./lib/peer-session-server.js'), { cpu: CPU.server }) : null;
  if (peer) children.push(peer);
  // ID tokens are signed while the databases load.
  const presign = idp.call('presign', { users: presignList() });
  log(`Starting Sesame on ${label(opts.bigUsers)} and ${label(opts.smallUsers)} users…`);
  const datasets = await prepareDatasets({
    server,
    bigUsers: opts.bigUsers,
    smallUsers: opts.smallUsers,
    issuer: idp.info.issuer,
    profileDir,
    fresh: flag('fresh-data'),
    log,
  });
  children.push(datasets.big, datasets.small);
  const signed = await presign;
  log(`Data ready in ${datasets.data.setupSeconds.toFixed(0)} s; ${signed.held} ID tokens signed in advance.`);
  ctx = { ...datasets, bare, peer, idp, opts, log };

  const results = {};
  const targets = [];
  const collect = (part) => {
    Object.assign(results, part.results);
    targets.push(...part.targets);
  };
  if (runForwardAuth) collect(await forwardAuthScenarios(ctx));
  if (runLogin) collect(await loginScenarios(ctx));
  if (runGroups) collect(await groupScenarios(ctx));
  addTableRows(results);

  const finished = Date.now();
  const report = {
    bench: 'sesame',
    mode: quick ? 'quick' : only.size === 5 ? 'full' : `only ${[...only].join(',')}`,
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((finished - started) / 1000),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.version,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
      pinning: canPin() ? { servers: `CPU ${CPU.server}`, loadGeneratorsAndMockProvider: `CPU ${CPU.load}`, postgres: 'not pinned' } : null,
    },
    loadGenerator: generator === 'wrk' ? 'wrk (closed loop) + bench node:http generator for fixed-rate runs' : 'bench node:http generator',
    data: datasets.data,
    settings: opts,
    targets,
    results,
  };
  console.log(printReport(results, targets));
  const file = join(here('./results'), quick ? 'quick.json.tmp' : only.size === 5 ? 'latest.json' : 'partial.json.tmp');
  mkdirSync(here('./results'), { recursive: true });
  writeFileSync(file, JSON.stringify(report, (key, value) => (key === 'rowsForTable' ? undefined : value), 2) + '\n');
  log(`Done in ${report.durationSeconds} s; results in ${file}`);
} catch (error) {
  exitCode = 1;
  console.error(`bench failed: ${error.stack ?? error}`);
} finally {
  await ctx?.db.big.end().catch(() => undefined);
  await ctx?.db.small.end().catch(() => undefined);
  await stopLoad();
  await Promise.all(children.map((child) => child.stop()));
  if (profileDir) log(`CPU profiles of the Sesame processes: ${profileDir} (summarise with: node bench/profile-summary.js <file>)`);
  if (!flag('keep')) await dropDatabases(server).catch(() => undefined);
  process.exit(exitCode);
}

/** Every (user, group set, variant) whose ID token a run will ask for. */
function presignList() {
  const list = [];
  if (runLogin) {
    for (const total of [opts.bigUsers, opts.smallUsers]) {
      const block = loginBlock(total, opts.loginUsers);
      list.push({ from: block.from, count: block.users, step: block.step, set: 'teams' });
    }
  }
  if (runGroups) {
    const blocks = groupBlocks(opts);
    list.push({ from: blocks.one.from, count: blocks.one.users, set: 'one' });
    list.push({ from: blocks.thousand.from, count: blocks.thousand.users, set: 'thousand' });
    for (const block of blocks.changed) list.push({ from: block.from, count: block.users, set: 'thousand', variants: [0, 1] });
  }
  return list;
}

function addTableRows(results) {
  const o = opts;
  if (results.sessionsScale) {
    results.sessionsScale.rowsForTable = [
      [`Sesame, ${label(o.bigUsers)} sessions in the database`, results.sessionsScale.big],
      [`Sesame, ${label(o.smallUsers)} sessions in the database`, results.sessionsScale.small],
    ];
  }
  if (results.usersScale) {
    results.usersScale.rowsForTable = [
      [`login, ${label(o.bigUsers)} users`, results.usersScale.big],
      [`login, ${label(o.smallUsers)} users`, results.usersScale.small],
      [`login at half the peak rate, ${label(o.bigUsers)} users`, results.login.halfPeak],
      [`admin user list, ${label(o.bigUsers)} users`, results.usersScale.adminList.big],
      [`admin user list, ${label(o.smallUsers)} users`, results.usersScale.adminList.small],
    ];
  }
  if (results.groupsScale) {
    const g = results.groupsScale;
    results.groupsScale.rowsForTable = [
      ['1 group, unchanged', g.one],
      ['1000 groups, unchanged', g.thousand],
      ['1000 groups, 5 swapped each login', g.changed],
    ];
  }
}

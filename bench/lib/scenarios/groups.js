// Scenario 5: groups per user 1 → 1000: unchanged sets, a changed set, and the forward-auth headers of a large one.
import { Agent } from 'node:http';
import { drive, get, preparedLogins } from '../logins.js';
import { interleave, target } from '../measure.js';
import { nthRequest } from '../requests.js';
import { loginRun } from './login.js';

/**
 * Where the users of each group set start (they are created by their first login): above any
 * seeded user, so their ID tokens never collide with those of the directory's users.
 */
export const GROUP_SET_USERS = { one: 10_100_001, thousand: 10_200_001, changed: 10_300_001 };

/** The user blocks of the scenario: `changed` has a fresh block per round, so each round starts from a known state. */
export function groupBlocks(opts) {
  const users = opts.groupUsers;
  return {
    one: { from: GROUP_SET_USERS.one, users },
    thousand: { from: GROUP_SET_USERS.thousand, users },
    changed: Array.from({ length: opts.rounds }, (_, r) => ({ from: GROUP_SET_USERS.changed + r * users, users })),
  };
}

const NGINX_HEADER_BUFFER = 4096;

export async function groupScenarios(ctx) {
  const { small: server, opts, log, db, providers } = ctx;
  const blocks = groupBlocks(opts);
  const login = (block, options) => preparedLogins(db.small, providers.small, block, options);
  const first = async (block, variant) => {
    const { plan, done } = await login(block, { count: block.users, variant });
    await drive(server.url, plan, block.users, { concurrency: 4 });
    await done();
  };
  log(`Groups: first logins (creates the users and their 1 or 1000 memberships)…`);
  await first(blocks.one, 0);
  await first(blocks.thousand, 0);
  // Variant 1 first, so each measured login (variant 0, 1, 0…) changes the user's groups.
  for (const block of blocks.changed) await first(block, 1);

  const load = { seconds: opts.seconds.groups, connections: opts.connections.login };
  await loginRun(server, db.small, providers.small, blocks.thousand, { seconds: opts.seconds.warmup, connections: load.connections });
  const results = await interleave(
    [
      { name: '1 group, unchanged', server, run: () => loginRun(server, db.small, providers.small, blocks.one, load) },
      { name: '1000 groups, unchanged', server, run: () => loginRun(server, db.small, providers.small, blocks.thousand, load) },
      {
        name: '1000 groups, 5 swapped each login',
        server,
        run: (round) => loginRun(server, db.small, providers.small, blocks.changed[round], load, { alternate: true }),
      },
    ],
    opts.rounds,
    log,
  );
  const [one, thousand, changed] = Object.values(results);
  changed.perLogin = changed.rounds.at(-1).perLogin;
  thousand.perLogin = thousand.rounds.at(-1).perLogin;
  one.perLogin = one.rounds.at(-1).perLogin;

  // The forward-auth answer for a member of 1000 groups, as nginx would receive it.
  const agent = new Agent({ keepAlive: true });
  const { plan, done } = await login(blocks.thousand, { count: 1 });
  const { path, headers } = nthRequest(plan, 0);
  const signedIn = await get(agent, `${server.url}${path}`, headers);
  await done();
  const cookie = [signedIn.headers['set-cookie'] ?? []]
    .flat()
    .find((c) => c.startsWith('sesame_session='))
    ?.split(';')[0];
  if (!cookie) throw new Error(`login for the header check answered ${signedIn.status} without a session cookie`);
  const check = await get(agent, `${server.url}/auth/check`, { cookie });
  agent.destroy();
  let headerBytes = `HTTP/1.1 ${check.status} OK\r\n`.length + 2;
  for (let i = 0; i < check.rawHeaders.length; i += 2)
    headerBytes += check.rawHeaders[i].length + 2 + Buffer.byteLength(check.rawHeaders[i + 1]) + 2;
  const sentGroups = check.headers['x-auth-request-groups']?.split(',').length ?? 0;

  const costRatio = thousand.cpuUsPerRequest / one.cpuUsPerRequest;
  // What one dedicated core would sustain: logins per CPU-second of Sesame.
  const changedCapacity = 1e6 / changed.cpuUsPerRequest;
  const diffStatements = (changed.perLogin['INSERT memberships'] ?? 0) + (changed.perLogin['DELETE memberships'] ?? 0);
  return {
    results: {
      groupsScale: {
        one,
        thousand,
        changed,
        unchangedCostRatio: costRatio,
        changedPerCpuSecond: changedCapacity,
        membershipStatementsPerChangedLogin: diffStatements,
        forwardAuthHeaders: {
          status: check.status,
          bytes: headerBytes,
          groupsSent: sentGroups,
          truncated: check.headers['x-auth-request-groups-truncated'] === 'true',
        },
      },
    },
    targets: [
      target('5 groups 1→1000', 'CPU per login, 1000 unchanged vs 1', (costRatio - 1) * 100, '≤ +10 %', costRatio <= 1.1, '%'),
      target('5 groups 1→1000', 'logins per CPU-s, 1000 groups changed', changedCapacity, '≥ 300', changedCapacity >= 300, ''),
      target('5 groups 1→1000', 'membership statements per changed login', diffStatements, '≤ 2 (one diff)', diffStatements <= 2, ''),
      target(
        '5 groups 1→1000',
        'forward-auth response headers, 1000 groups',
        headerBytes,
        '< 4096 B',
        check.status === 200 && headerBytes < NGINX_HEADER_BUFFER,
        'B',
      ),
    ],
  };
}

// What a load run sends, described once and turned into a wrk script or used by the node generator.
import { BINDING, PROVIDER_SLUG, authorizationCode } from './identity.js';

/**
 * Plans:
 * - { kind: 'cookies', path, cookie, values, headers }: GET path with `Cookie: <cookie>=<value>`, cycling through values
 *   (and the optional extra headers).
 * - { kind: 'login', prefix, from, users, step, variant, alternate }: the n-th request finishes login
 *   transaction `<prefix>-<n>` of user from + (n mod users)·step, with group variant `variant` (0 or 1),
 *   or with `alternate` a variant that flips at each lap through the users, starting from `variant`.
 * - { kind: 'paths', paths, headers }: GET each path in turn.
 */
export function loginCallbackPath(plan, n) {
  const lap = Math.floor(n / plan.users);
  const user = plan.from + (n % plan.users) * (plan.step ?? 1);
  const variant = plan.alternate ? (lap + (plan.variant ?? 0)) % 2 : (plan.variant ?? 0);
  return `/sso/${PROVIDER_SLUG}/callback?code=${authorizationCode(user, variant)}&state=${plan.prefix}-${n}`;
}

export const LOGIN_COOKIE = `sesame_login=${BINDING}`;

/** The n-th request of a plan: { path, headers }. */
export function nthRequest(plan, n) {
  if (plan.kind === 'cookies')
    return { path: plan.path, headers: { ...plan.headers, cookie: `${plan.cookie}=${plan.values[n % plan.values.length]}` } };
  if (plan.kind === 'login') return { path: loginCallbackPath(plan, n), headers: { cookie: LOGIN_COOKIE } };
  return { path: plan.paths[n % plan.paths.length], headers: plan.headers ?? {} };
}

const lua = (value) => JSON.stringify(value);

/**
 * A wrk script for a plan; `dataFile` holds one value per line (cookie values or paths), read once
 * per thread, so wrk only cycles through ready-made requests. Each thread starts at a different
 * offset; for logins each takes every `threads`-th transaction, so no two send the same one.
 */
export function wrkScript(plan, threads, dataFile) {
  const common = `
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function done(summary, latency, requests)
  io.write(string.format('BENCH_RESULT {"requests":%d,"durationUs":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"meanUs":%f,"maxUs":%d}\\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
`;
  if (plan.kind === 'cookies' || plan.kind === 'paths') {
    const format =
      plan.kind === 'cookies'
        ? `wrk.format("GET", ${lua(plan.path)}, { ${Object.entries(plan.headers ?? {})
            .map(([name, value]) => `[${lua(name)}] = ${lua(value)}, `)
            .join('')}["Cookie"] = ${lua(`${plan.cookie}=`)} .. line })`
        : `wrk.format("GET", line, ${luaHeaders(plan.headers ?? {})})`;
    return `${common}
local requests = {}
local index = 0
function init(args)
  for line in io.lines(${lua(dataFile)}) do
    requests[#requests + 1] = ${format}
  end
  index = (id or 0) * 7919
end
function request()
  index = index + 1
  return requests[(index % #requests) + 1]
end
`;
  }
  return `${common}
local n = -1
local threads = ${threads}
function init(args)
  n = (id or 0) - threads
end
function request()
  n = n + threads
  local lap = math.floor(n / ${plan.users})
  local user = ${plan.from} + (n % ${plan.users}) * ${plan.step ?? 1}
  local variant = ${plan.alternate ? `(lap + ${plan.variant ?? 0}) % 2` : String(plan.variant ?? 0)}
  local path = "/sso/${PROVIDER_SLUG}/callback?code=" .. user .. "." .. variant .. "&state=${plan.prefix}-" .. n
  return wrk.format("GET", path, { ["Cookie"] = ${lua(LOGIN_COOKIE)} })
end
`;
}

/** The lines of a plan's data file (cookie values or paths). */
export function planData(plan) {
  if (plan.kind === 'cookies') return plan.values;
  if (plan.kind === 'paths') return plan.paths;
  return null;
}

function luaHeaders(headers) {
  return `{ ${Object.entries(headers)
    .map(([name, value]) => `[${lua(name)}] = ${lua(value)}`)
    .join(', ')} }`;
}

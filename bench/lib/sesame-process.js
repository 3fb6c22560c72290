// Starting a Sesame child for the bench and configuring it through its admin API, as an administrator would.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENT_ID, CLIENT_SECRET, PROVIDER_SLUG } from './identity.js';
import { CPU, logDir, startChild } from './processes.js';

export const ADMIN_TOKEN = 'ses_bench-admin-token-0123456789abcdef';
const childScript = fileURLToPath(new URL('./sesame-child.js', import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Sesame on `databaseUrl` (or its embedded database when undefined), logging at `info` like
 * production. `profileDir`: write a V8 CPU profile of the whole run there. `env`: more settings.
 */
export async function startSesameProcess(name, { databaseUrl, profileDir, env: extraEnv = {} }) {
  const port = await freePort();
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SESAME_ADMIN_TOKEN: ADMIN_TOKEN,
    // Fixed, so a database copied from the bench's template can still open the provider's sealed client secret.
    SESAME_SECRET_KEY: 'sesame-bench-secret-key-not-for-production-000',
    SESAME_ALLOW_INSECURE_PROVIDERS: 'true',
    SESAME_DEMO: 'false',
    // The load generators are on loopback: their X-Forwarded-Host names the app for the access rules.
    SESAME_TRUSTED_PROXIES: '127.0.0.1',
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    ...extraEnv,
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else env.SESAME_DATA_DIR = mkdtempSync(join(logDir, `${name}-data-`));
  // Deprecation warnings print where they come from, in the child's log.
  const execArgv = ['--expose-gc', '--trace-deprecation'];
  if (profileDir) {
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`);
    env.BENCH_MARKS_FILE = join(profileDir, `${name}.marks.json`);
  }
  const handle = await startChild(name, childScript, { env, execArgv, cpu: CPU.server, timeoutMs: 180_000 });
  handle.url = handle.info.url;
  handle.databaseUrl = handle.info.databaseUrl;
  handle.admin = (path, init = {}) => admin(handle.url, path, init);
  return handle;
}

async function admin(base, path, { method = 'GET', body } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/** Registers the mock provider with on-the-fly group sync (groups claim, removals on): returns its id. */
export async function registerProvider(sesame, issuer) {
  const provider = await sesame.admin('/api/admin/providers', {
    method: 'POST',
    body: {
      slug: PROVIDER_SLUG,
      displayName: 'Bench IdP',
      kind: 'oidc',
      preset: 'generic',
      issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      scopes: ['openid', 'profile', 'email', 'groups'],
    },
  });
  // The pure rules only: the bench runs on dist/, which `npm run bench` builds first.
  const { defaultGroupMapping } = await import('../../dist/modules/group-mapping/domain/group-mapping.js');
  const defaults = defaultGroupMapping();
  await sesame.admin(`/api/admin/providers/${provider.id}/group-mapping`, {
    method: 'PUT',
    body: {
      ...defaults,
      assignDefaultGroupsTo: 'none',
      mode: 'on-the-fly',
      onTheFly: { ...defaults.onTheFly, createMissingGroups: true, keepExistingGroups: false },
    },
  });
  return provider.id;
}

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.js';

/** Debian's nginx (CI installs it); the official nginx image has the same modules that matter here. */
export const NGINX_BINARY = '/usr/sbin/nginx';

export function nginxAvailable(): boolean {
  return existsSync(NGINX_BINARY);
}

/**
 * Hostnames of the compose network do not resolve outside it, and nginx resolves every upstream
 * host when it loads a configuration: send `name:port` to loopback, on the given port or the same
 * one. Only occurrences after whitespace or `//` are replaced, so a hostname that is not a compose
 * service is left as it is and still fails the check.
 */
export function pointHostsAtLoopback(config: string, hosts: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(hosts).reduce(
    (text, [name, port]) =>
      text.replace(
        new RegExp(`(?<=\\s|//)${name.replace(/[.-]/g, '\\$&')}:(\\d+)`, 'g'),
        (_, original: string) => `127.0.0.1:${port ?? original}`,
      ),
    config,
  );
}

export interface NginxCheck {
  readonly ok: boolean;
  readonly output: string;
}

interface Prepared {
  readonly prefix: string;
  readonly mainConfig: string;
  readonly port: number;
}

/**
 * A server-level configuration (what the official image includes from /etc/nginx/conf.d/) in a
 * main configuration whose pid, logs and temporary folders are all in a temporary prefix, so that
 * it needs neither root nor the system's nginx.conf. nginx binds its ports even for `-t`: they are
 * moved to a free loopback port.
 */
async function prepare(serverConfig: string): Promise<Prepared> {
  const prefix = await mkdtemp(join(tmpdir(), 'sesame-nginx-'));
  await mkdir(join(prefix, 'temp'));
  const port = await freePort();
  const server = serverConfig.replace(/^(\s*listen\s+)\d+\b/gm, (_, directive: string) => `${directive}127.0.0.1:${port}`);
  await writeFile(join(prefix, 'server.conf'), server);
  const temp = (name: string) => `  ${name}_temp_path ${join(prefix, 'temp', name)};`;
  const main = [
    `pid ${join(prefix, 'nginx.pid')};`,
    'error_log stderr;',
    'events {}',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp),
    `  include ${join(prefix, 'server.conf')};`,
    '}',
  ].join('\n');
  const mainConfig = join(prefix, 'nginx.conf');
  await writeFile(mainConfig, main);
  return { prefix, mainConfig, port };
}

const nginxArgs = ({ prefix, mainConfig }: Prepared) => ['-e', 'stderr', '-p', `${prefix}/`, '-c', mainConfig];

/** `nginx -t` on a server-level configuration. */
export async function testServerConfig(serverConfig: string): Promise<NginxCheck> {
  const prepared = await prepare(serverConfig);
  try {
    const run = spawnSync(NGINX_BINARY, ['-t', '-q', ...nginxArgs(prepared)], { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}` };
  } finally {
    await rm(prepared.prefix, { recursive: true, force: true });
  }
}

export interface RunningNginx {
  readonly url: string;
  stop(): Promise<void>;
}

/** Runs a server-level configuration for real, in the foreground, on a free loopback port. */
export async function startServerConfig(serverConfig: string): Promise<RunningNginx> {
  const prepared = await prepare(serverConfig);
  const child = spawn(NGINX_BINARY, [...nginxArgs(prepared), '-g', 'daemon off; master_process off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${prepared.port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    await rm(prepared.prefix, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    try {
      await fetch(`${url}/healthz`);
      return { url, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await stop();
  throw new Error(`nginx did not start: ${errors}`);
}

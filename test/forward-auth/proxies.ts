import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';
export const CADDY = '/usr/bin/caddy';
const SUBDOMAIN_DOC = new URL('../../docs/subdomain-sso.md', import.meta.url);

/** The fenced block after `<!-- tested: <name> -->` in docs/subdomain-sso.md: the test runs what the doc shows. */
export async function documentedBlock(name: string): Promise<string> {
  const text = await readFile(SUBDOMAIN_DOC, 'utf8');
  const match = new RegExp(`<!-- tested: ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(text);
  if (!match?.[1]) throw new Error(`docs/subdomain-sso.md has no block marked "tested: ${name}"`);
  return match[1];
}

/** The documentation's names → this machine's: `example.com` hosts are `apps.localhost` ones, upstreams are loopback ports. */
export function onLoopback(config: string, upstreams: Readonly<Record<string, string>>): string {
  let text = config.replace(/\bexample\.com\b/g, 'apps.localhost');
  for (const [name, address] of Object.entries(upstreams)) text = text.replace(new RegExp(`\\b${name}:\\d+\\b`, 'g'), address);
  return text;
}

export interface Running {
  stop(): Promise<void>;
}

export interface EchoApp {
  readonly address: string;
  readonly seen: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** An application that answers with what it received, as JSON inside a page. */
export function startEchoApp(name: string): Promise<EchoApp> {
  const seen: EchoApp['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const body = JSON.stringify({ app: name, url: req.url, headers: req.headers });
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><title>${name}</title><pre id="echo">${body.replace(/</g, '&lt;')}</pre>`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        address: `127.0.0.1:${(server.address() as { port: number }).port}`,
        seen,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

/** Debian's nginx in the foreground with these files (paths relative to its configuration folder), as a user. */
export async function startNginx(files: Readonly<Record<string, string>>, port: number): Promise<Running> {
  const prefix = await mkdtemp(join(tmpdir(), 'sesame-subdomain-nginx-'));
  await mkdir(join(prefix, 'temp'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(prefix, path)), { recursive: true });
    await writeFile(join(prefix, path), text);
  }
  const temp = (name: string) => `  ${name}_temp_path ${join(prefix, 'temp', name)};`;
  const main = [`pid ${join(prefix, 'nginx.pid')};`, 'error_log stderr;', 'events {}', 'http {', '  access_log off;']
    .concat(['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp), ['  include sites.conf;', '}'])
    .join('\n');
  await writeFile(join(prefix, 'nginx.conf'), main);
  return supervise(
    NGINX,
    ['-e', 'stderr', '-p', `${prefix}/`, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off; master_process off;'],
    prefix,
    port,
    {},
  );
}

/** Debian's Caddy with a Caddyfile, its admin endpoint off and its data in a temporary folder. */
export async function startCaddy(caddyfile: string, port: number): Promise<Running> {
  const prefix = await mkdtemp(join(tmpdir(), 'sesame-subdomain-caddy-'));
  const file = join(prefix, 'Caddyfile');
  await writeFile(file, caddyfile);
  const env = { ...process.env, HOME: prefix, XDG_DATA_HOME: prefix, XDG_CONFIG_HOME: prefix };
  return supervise(CADDY, ['run', '--config', file, '--adapter', 'caddyfile'], prefix, port, env);
}

async function supervise(binary: string, args: string[], prefix: string, port: number, env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], env: Object.keys(env).length > 0 ? env : process.env });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(prefix, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100 && child.exitCode === null; attempt++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
      return { stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await stop();
  throw new Error(`${binary} did not start: ${errors}`);
}

/** A request with any Host and any header names (fetch refuses to set Host), through the proxy on loopback. */
export function rawGet(
  port: number,
  host: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { ...headers, host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

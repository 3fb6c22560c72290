import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mountedFile, parseCompose, readComposeText, service } from './compose.js';
import { NGINX_BINARY, nginxAvailable, pointHostsAtLoopback, startServerConfig, type RunningNginx } from './nginx.js';

/**
 * The compose stack's nginx configuration, run for real by Debian's nginx, in front of an echo app
 * and of a stand-in that answers GET /auth/check as Sesame's forward-auth contract says (cookie
 * `sid=<user>`). This proves what the configuration does with the answers — identity headers,
 * redirects, the forbidden page — whatever Sesame does; the real Sesame behind it is tested with
 * the session module.
 */
const { compose } = parseCompose(readComposeText());
const config = readFileSync(mountedFile(service(compose, 'nginx'), '/etc/nginx/conf.d/default.conf'), 'utf8');
const USERS: Record<string, { email: string; groups: string[]; name: string }> = {
  alice: { email: 'alice@example.com', groups: ['developers', 'admins'], name: 'Alice Liddell' },
  bob: { email: 'bob@example.com', groups: ['sales'], name: 'Bob Builder' },
};

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

function listen(handler: (seen: Seen, respond: (status: number, headers: Record<string, string>, body?: string) => void) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const entry = { url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      handler(entry, (status, headers, text = '') => res.writeHead(status, headers).end(text));
    });
  });
  return {
    seen,
    server,
    port: new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))),
  };
}

const sesame = listen(({ url, headers }, respond) => {
  const query = new URL(url, 'http://sesame').searchParams;
  const user = /(?:^|;\s*)sid=(\w+)/.exec(headers.cookie ?? '')?.[1];
  const profile = user ? USERS[user] : undefined;
  if (!profile) {
    if (query.get('rd') !== '1') return respond(401, {});
    const original = `${headers['x-forwarded-proto']}://${headers['x-forwarded-host']}${headers['x-forwarded-uri']}`;
    return respond(302, { location: `/login?return_to=${encodeURIComponent(original)}` });
  }
  const allowed = query.get('allowed_groups')?.split(',');
  if (allowed && !allowed.some((group) => profile.groups.includes(group))) return respond(403, {});
  respond(200, {
    'x-auth-request-user': user!,
    'x-auth-request-email': profile.email,
    'x-auth-request-groups': profile.groups.join(','),
    'x-auth-request-name': profile.name,
  });
});
const app = listen(({ url, headers }, respond) => respond(200, { 'content-type': 'application/json' }, JSON.stringify({ url, headers })));

(nginxAvailable() ? describe : describe.skip)(
  `the compose nginx configuration, run for real${nginxAvailable() ? '' : ` (SKIPPED: ${NGINX_BINARY} is not installed)`}`,
  () => {
    let nginx: RunningNginx;
    beforeAll(async () => {
      const hosts = { sesame: await sesame.port, whoami: await app.port };
      nginx = await startServerConfig(pointHostsAtLoopback(config, hosts));
    });
    afterAll(async () => {
      await nginx?.stop();
      await Promise.all([sesame.server, app.server].map((s: Server) => new Promise((resolve) => s.close(resolve))));
    });

    const get = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
      fetch(nginx.url + path, { redirect: 'manual', ...init, headers });

    it("sends a visitor without a session to Sesame's login page, with the whole original URL to come back to", async () => {
      const response = await get('/reports/q3?year=2026&format=pdf');
      expect(response.status).toBe(302);
      const original = `${nginx.url}/reports/q3?year=2026&format=pdf`;
      expect(response.headers.get('location')).toBe(`http://localhost:3000/login?return_to=${encodeURIComponent(original)}`);
      expect(app.seen.map((s) => s.url)).not.toContain('/reports/q3?year=2026&format=pdf');
    });

    it("passes a signed-in visitor to the app with Sesame's identity headers, never the visitor's own", async () => {
      const response = await get('/hello?x=1', {
        cookie: 'theme=dark; sid=alice',
        'x-auth-request-user': 'mallory',
        'x-auth-request-groups': 'admins',
        x_auth_request_email: 'mallory@evil.example',
      });
      expect(response.status).toBe(200);
      const { url, headers } = (await response.json()) as { url: string; headers: Record<string, string> };
      expect(url).toBe('/hello?x=1');
      expect(headers).toMatchObject({
        'x-auth-request-user': 'alice',
        'x-auth-request-email': 'alice@example.com',
        'x-auth-request-groups': 'developers,admins',
        'x-auth-request-name': 'Alice Liddell',
      });
      expect(Object.keys(headers).filter((name) => name.includes('_'))).toEqual([]);
      const check = sesame.seen.at(-1)!;
      expect(check.url).toBe('/auth/check');
      expect(check.headers).toMatchObject({
        cookie: 'theme=dark; sid=alice',
        'x-forwarded-uri': '/hello?x=1',
        'x-forwarded-proto': 'http',
      });
    });

    it('does not send the request body to Sesame', async () => {
      const response = await get('/form', { cookie: 'sid=bob', 'content-type': 'text/plain' }, { method: 'POST', body: 'secret=1' });
      expect(response.status).toBe(200);
      const check = sesame.seen.at(-1)!;
      expect(check.body).toBe('');
      expect(check.headers['content-length']).toBeUndefined();
      expect(app.seen.at(-1)!.body).toBe('secret=1');
    });

    it.each([
      ['bob', 403],
      ['alice', 200],
    ])('lets %s into /admins/ only as a member of admins (%i)', async (user, status) => {
      const response = await get('/admins/panel', { cookie: `sid=${user}` });
      expect(response.status).toBe(status);
      if (status === 403) expect(await response.text()).toContain('Forbidden: you are signed in, but not in a group allowed here.');
      expect(sesame.seen.at(-1)!.url).toBe('/auth/check?allowed_groups=admins');
    });
  },
);

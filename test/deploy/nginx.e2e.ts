import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/index.js';
import { environmentOf, mountedFile, parseCompose, publishedPorts, readComposeText, service } from './compose.js';
import { NGINX_BINARY, nginxAvailable, pointHostsAtLoopback, testServerConfig } from './nginx.js';

/** The nginx configuration of the docker compose stack: valid for nginx, and wired to Sesame as documented. */
const { compose } = parseCompose(readComposeText());
const nginxService = service(compose, 'nginx');
const configPath = mountedFile(nginxService, '/etc/nginx/conf.d/default.conf');
const config = readFileSync(configPath, 'utf8');
const parsed = parseConfig(environmentOf(service(compose, 'sesame')));
const sesame = parsed.ok ? parsed.config : undefined;

const composeHosts = Object.fromEntries(Object.keys(compose.services).map((name) => [name, undefined]));
const withNginx = nginxAvailable() ? it : it.skip;
const skipNote = nginxAvailable() ? '' : ` (SKIPPED: ${NGINX_BINARY} is not installed here; apt-get install nginx)`;

/** `location` blocks by their match (`= /_sesame_check`, `/`), with their directives. */
function locations(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of text.matchAll(/^\s*location\s+([^{]+?)\s*\{([^}]*)\}/gm)) found.set(match[1]!, match[2]!);
  return found;
}

describe('the nginx configuration of the compose stack', () => {
  const byMatch = locations(config);
  const serverLevel = config.replace(/^\s*location\s+[^{]+\{[^}]*\}/gm, '');

  withNginx(`passes nginx -t${skipNote}`, async () => {
    const result = await testServerConfig(pointHostsAtLoopback(config, composeHosts));
    expect(result).toEqual({ ok: true, output: '' });
  });

  withNginx(`is really checked: nginx -t refuses a broken copy${skipNote}`, async () => {
    const broken = pointHostsAtLoopback(config, composeHosts).replace('auth_request_set', 'auth_request_sett');
    const result = await testServerConfig(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('unknown directive "auth_request_sett"');
  });

  it('listens on the port compose publishes', () => {
    const [published] = publishedPorts(nginxService);
    expect(serverLevel).toMatch(new RegExp(`^\\s*listen ${published!.container};`, 'm'));
  });

  it('asks Sesame about every request, and passes only identity headers that Sesame answered to the app', () => {
    expect(serverLevel).toMatch(/^\s*auth_request \/_sesame_check;/m);
    for (const name of ['user', 'email', 'groups', 'name']) {
      const header = `X-Auth-Request-${name[0]!.toUpperCase()}${name.slice(1)}`;
      expect(serverLevel).toContain(`auth_request_set $sesame_${name} $upstream_http_x_auth_request_${name};`);
      expect(serverLevel).toContain(`proxy_set_header ${header} $sesame_${name};`);
    }
    for (const app of ['/', '/admins/']) expect(byMatch.get(app)).not.toMatch(/proxy_set_header/);
  });

  it.each(['= /_sesame_check', '= /_sesame_check_admins', '= /_sesame_login'])(
    'sends the check %s to Sesame with the cookies and the original URL, without the body',
    (match) => {
      const block = byMatch.get(match) ?? '';
      expect(block).toMatch(/^\s*internal;/m);
      expect(block).toMatch(/^\s*auth_request off;/m);
      expect(block).toMatch(new RegExp(`proxy_pass http://sesame:${sesame!.port}/auth/check[?;]`));
      for (const line of [
        'proxy_pass_request_body off;',
        'proxy_set_header Content-Length "";',
        'proxy_set_header Cookie $http_cookie;',
        'proxy_set_header X-Forwarded-Proto $scheme;',
        'proxy_set_header X-Forwarded-Host $http_host;',
        'proxy_set_header X-Forwarded-Uri $request_uri;',
      ]) {
        expect(block).toContain(line);
      }
    },
  );

  it("sends people without a session to Sesame's login page, at Sesame's public URL", () => {
    expect(serverLevel).toMatch(/^\s*error_page 401 = \/_sesame_login;/m);
    const login = byMatch.get('= /_sesame_login') ?? '';
    expect(login).toContain('/auth/check?rd=1;');
    expect(login).toContain(`proxy_redirect ~^(/.*)$ ${sesame!.publicUrl}$1;`);
  });

  it('restricts /admins/ to the admins group and answers 403 with a plain page', () => {
    expect(byMatch.get('/admins/')).toMatch(/auth_request \/_sesame_check_admins;/);
    expect(byMatch.get('= /_sesame_check_admins')).toContain('/auth/check?allowed_groups=admins;');
    expect(serverLevel).toMatch(/^\s*error_page 403 \/_sesame_forbidden;/m);
    expect(byMatch.get('= /_sesame_forbidden')).toMatch(/return 403 "Forbidden/);
  });

  it('proxies only to services of the compose file, on the ports they listen on', () => {
    const targets = [...config.matchAll(/proxy_pass http:\/\/([\w.-]+):(\d+)/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(new Set(targets)).toEqual(new Set([`sesame:${sesame!.port}`, 'whoami:80']));
  });

  it('answers its health check without asking Sesame, to loopback only', () => {
    const health = byMatch.get('= /healthz') ?? '';
    expect(health).toMatch(/auth_request off;[\s\S]*allow 127\.0\.0\.1;[\s\S]*deny all;/);
    expect(JSON.stringify(nginxService.healthcheck?.test)).toContain('http://127.0.0.1/healthz');
  });
});

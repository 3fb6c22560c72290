import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ipaddr from 'ipaddr.js';
import { parseConfig } from '../../src/config/index.js';
import {
  ROOT,
  allStrings,
  dependencyCondition,
  environmentOf,
  mountedFile,
  mountsOf,
  parseCompose,
  publishedPorts,
  readComposeText,
  service,
} from './compose.js';

/**
 * What can be checked of the docker compose stack without a Docker engine: the file itself, that
 * the services are wired to each other consistently, and the files it mounts. The realm and the
 * bootstrap document are checked in identity-provider.e2e.ts, the nginx configuration in
 * nginx.e2e.ts.
 */
const text = readComposeText();
const { compose, problems } = parseCompose(text);
const names = Object.keys(compose.services ?? {});
const isOneShot = (name: string) => service(compose, name).restart === 'no';

describe('docker-compose.yml', () => {
  it('parses without errors or warnings and has the whole story', () => {
    expect(problems).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['postgres', 'sesame', 'keycloak', 'sesame-bootstrap', 'whoami', 'nginx']));
  });

  it('builds and mounts only files that are in the repository', () => {
    const missing: string[] = [];
    for (const name of names) {
      const svc = service(compose, name);
      if (svc.build !== undefined) {
        const context = join(ROOT, typeof svc.build === 'string' ? svc.build : (svc.build.context ?? '.'));
        const dockerfile = join(context, typeof svc.build === 'string' ? 'Dockerfile' : (svc.build.dockerfile ?? 'Dockerfile'));
        if (!existsSync(context) || !statSync(context).isDirectory()) missing.push(`${name}: build context ${context}`);
        if (!existsSync(dockerfile)) missing.push(`${name}: ${dockerfile}`);
      }
      for (const mount of mountsOf(svc)) {
        if (mount.hostPath === undefined) continue;
        if (!mount.hostPath.startsWith('./deploy/')) missing.push(`${name}: ${mount.hostPath} is outside deploy/`);
        if (!existsSync(join(ROOT, mount.hostPath))) missing.push(`${name}: ${mount.hostPath}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names every named volume it uses', () => {
    const used = names.flatMap((name) =>
      (service(compose, name).volumes ?? []).flatMap((v) => (typeof v === 'string' && !/^[./]/.test(v) ? [v.split(':')[0]!] : [])),
    );
    expect(used.length).toBeGreaterThan(0);
    for (const volume of used) expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('pins every image it pulls to a version', () => {
    const unpinned = names.flatMap((name) => {
      const svc = service(compose, name);
      if (svc.build !== undefined) return [];
      const image = svc.image ?? '';
      const tag = /:([^:/]+)$/.exec(image)?.[1];
      return tag !== undefined && tag !== 'latest' && /\d/.test(tag) ? [] : [`${name}: "${image}"`];
    });
    expect(unpinned).toEqual([]);
  });

  it('checks the health of every long-running service, or says why it cannot', () => {
    const unchecked = names.flatMap((name) => {
      const svc = service(compose, name);
      if (isOneShot(name)) return [];
      const test = svc.healthcheck?.test;
      const hasCheck = !svc.healthcheck?.disable && (typeof test === 'string' ? test.length > 0 : (test?.length ?? 0) > 1);
      const reason = svc['x-no-healthcheck'];
      return hasCheck || (typeof reason === 'string' && reason.length >= 40) ? [] : [name];
    });
    expect(unchecked).toEqual([]);
    expect(names.filter(isOneShot)).toEqual(['sesame-bootstrap']);
  });

  it('leaves nothing for compose to interpolate from the environment of whoever runs it', () => {
    // `$x` would be replaced by the host's variable (usually empty); a container's shell needs `$$x`.
    const interpolated = allStrings(compose).filter((s) => s.replaceAll('$$', '').includes('$'));
    expect(interpolated).toEqual([]);
  });

  it('marks every secret it holds as a DEMO value', () => {
    const secretLines = text
      .split('\n')
      .filter((line) => /^\s*[\w-]*(PASSWORD|SECRET|TOKEN|DATABASE_URL)[\w-]*:\s*[^\s*]/i.test(line) && !/^\s*#/.test(line));
    expect(secretLines.length).toBeGreaterThanOrEqual(5);
    expect(secretLines.filter((line) => !/# DEMO\b/.test(line))).toEqual([]);
  });
});

describe('the sesame service', () => {
  const sesame = service(compose, 'sesame');
  const env = environmentOf(sesame);
  const parsed = parseConfig(env);
  const config = parsed.ok ? parsed.config : undefined;

  it('has an environment that Sesame accepts, on the PostgreSQL service', () => {
    expect(parsed).toMatchObject({ ok: true });
    expect(new URL(config!.databaseUrl!).hostname).toBe('postgres');
    expect(dependencyCondition(sesame, 'postgres')).toBe('service_healthy');
  });

  it('is published where its PUBLIC_URL says browsers reach it', () => {
    const url = new URL(config!.publicUrl);
    expect(url.hostname).toBe('localhost');
    expect(publishedPorts(sesame)).toContainEqual({ host: Number(url.port), container: config!.port });
  });

  it('lets Sesame send people back to the demo app after they sign in', () => {
    const app = publishedPorts(service(compose, 'nginx'))[0]!;
    expect(config!.allowedReturnOrigins).toContain(`http://localhost:${app.host}`);
  });

  it('trusts forwarded headers from nginx only, whose address is fixed on the compose network', () => {
    const nginxNetworks = service(compose, 'nginx').networks as Record<string, { ipv4_address?: string }>;
    const address = nginxNetworks.default?.ipv4_address ?? '';
    const ipam = compose.networks?.default?.ipam?.config?.[0];
    const inside = (ip: string, cidr: string | undefined) => cidr !== undefined && ipaddr.parse(ip).match(ipaddr.parseCIDR(cidr));
    expect(inside(address, ipam?.subnet)).toBe(true);
    // Addresses handed out to other containers come from ip_range: nginx's must be outside it.
    expect(inside(address, ipam?.ip_range)).toBe(false);
    expect(config!.trustedProxies).toEqual([`${address}/32`]);
  });

  it('allows the plain-http Keycloak of the demo, and says it is a demo setting', () => {
    expect(config!.allowInsecureProviders).toBe(true);
    expect(text).toMatch(/# DEMO: Keycloak here speaks plain http[^\n]*\n\s+SESAME_ALLOW_INSECURE_PROVIDERS: 'true'/);
  });
});

describe('keycloak, at one URL for the browser and for Sesame', () => {
  const keycloak = service(compose, 'keycloak');
  const env = environmentOf(keycloak);
  const hostname = new URL(env.KC_HOSTNAME ?? 'http://unset');

  it('imports the realm file at start', () => {
    expect(keycloak.command).toEqual(['start-dev', '--import-realm']);
    expect(() => JSON.parse(readFileSync(mountedFile(keycloak, /^\/opt\/keycloak\/data\/import\/[^/]+\.json$/), 'utf8'))).not.toThrow();
  });

  it("runs in Sesame's network namespace, so that localhost is Keycloak for Sesame too", () => {
    expect(keycloak.network_mode).toBe('service:sesame');
    expect(keycloak.ports).toBeUndefined();
    expect(hostname.hostname).toBe('localhost');
    // Keycloak listens on its default http port inside the namespace; the browser gets the same port.
    const listens = env.KC_HTTP_PORT ?? '8080';
    expect(hostname.port).toBe(listens);
    expect(publishedPorts(service(compose, 'sesame'))).toContainEqual({ host: Number(listens), container: Number(listens) });
  });

  it('answers its health check on the management port it enables', () => {
    expect(env.KC_HEALTH_ENABLED).toBe('true');
    expect(allStrings(keycloak.healthcheck).join(' ')).toContain('/dev/tcp/127.0.0.1/9000');
  });
});

describe('sesame-bootstrap', () => {
  const bootstrap = service(compose, 'sesame-bootstrap');
  const script = allStrings(bootstrap.command).join(' ');

  it('posts the mounted bootstrap document to the config import API with the demo admin token', () => {
    const target = mountsOf(bootstrap).find((m) => m.hostPath === './deploy/sesame/bootstrap.json')?.target;
    expect(target).toBeDefined();
    expect(script).toContain(`--data-binary @${target} http://sesame:3000/api/admin/config/import`);
    expect(script).toMatch(/-X POST -H "Authorization: Bearer \$\$SESAME_ADMIN_TOKEN"/);
    expect(script).toContain('--fail-with-body');
    expect(environmentOf(bootstrap).SESAME_ADMIN_TOKEN).toBe(environmentOf(service(compose, 'sesame')).SESAME_ADMIN_TOKEN);
  });

  it('waits until Sesame and Keycloak are both healthy', () => {
    expect(dependencyCondition(bootstrap, 'sesame')).toBe('service_healthy');
    expect(dependencyCondition(bootstrap, 'keycloak')).toBe('service_healthy');
  });
});

import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { documentedBlock } from './proxies.js';

/**
 * Traefik is neither in Debian nor on npm, so the documented dynamic configuration cannot run
 * here. It is checked without Traefik: every key against the structure of Traefik v2/v3 dynamic
 * configuration as its documentation describes it (routers, services, the forwardAuth and
 * headers middlewares), and what it tells Traefik against what Sesame answers.
 */
type Shape = 'string' | 'boolean' | 'string[]' | { readonly map: Shape } | { readonly list: Shape } | { readonly [key: string]: Shape };

// From doc.traefik.io: Middlewares › ForwardAuth and Headers; Routing › Routers and Services (file provider).
const FORWARD_AUTH: Shape = {
  address: 'string',
  trustForwardHeader: 'boolean',
  authResponseHeaders: 'string[]',
  authResponseHeadersRegex: 'string',
  authRequestHeaders: 'string[]',
  addAuthCookiesToResponse: 'string[]',
  headerField: 'string',
  forwardBody: 'boolean',
  preserveLocationHeader: 'boolean',
};
const HEADERS: Shape = { customRequestHeaders: { map: 'string' }, customResponseHeaders: { map: 'string' } };
const DYNAMIC: Shape = {
  http: {
    middlewares: { map: { forwardAuth: FORWARD_AUTH, headers: HEADERS } },
    routers: { map: { rule: 'string', entryPoints: 'string[]', middlewares: 'string[]', service: 'string', priority: 'string' } },
    services: { map: { loadBalancer: { servers: { list: { url: 'string' } }, passHostHeader: 'boolean' } } },
  },
};

function problems(value: unknown, shape: Shape, at: string): string[] {
  if (shape === 'string') return typeof value === 'string' ? [] : [`${at}: must be a string`];
  if (shape === 'boolean') return typeof value === 'boolean' ? [] : [`${at}: must be true or false`];
  if (shape === 'string[]')
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [] : [`${at}: must be a list of strings`];
  if (typeof value !== 'object' || value === null) return [`${at}: must be a mapping`];
  if ('list' in shape) {
    const item = shape.list;
    return Array.isArray(value) ? value.flatMap((v, i) => problems(v, item, `${at}[${i}]`)) : [`${at}: must be a list`];
  }
  if ('map' in shape) return Object.entries(value).flatMap(([key, v]) => problems(v, shape.map, `${at}.${key}`));
  return Object.entries(value).flatMap(([key, v]) =>
    key in shape ? problems(v, (shape as Record<string, Shape>)[key]!, `${at}.${key}`) : [`${at}.${key}: not a Traefik option`],
  );
}

interface Dynamic {
  http: {
    middlewares: Record<
      string,
      {
        forwardAuth?: { address: string; authResponseHeaders: string[]; trustForwardHeader: boolean };
        headers?: { customRequestHeaders: Record<string, string> };
      }
    >;
    routers: Record<string, { rule: string; middlewares: string[]; service: string }>;
    services: Record<string, unknown>;
  };
}

describe('the documented Traefik configuration (checked without Traefik, which cannot be installed here)', () => {
  let config: Dynamic;
  it('is YAML that uses only options of Traefik’s dynamic configuration, each of its type', async () => {
    config = parse(await documentedBlock('traefik')) as Dynamic;
    expect(problems(config, DYNAMIC, '')).toEqual([]);
  });

  it('the checker refuses what Traefik would refuse (a misspelt option, a wrong type)', () => {
    expect(problems({ http: { middlewares: { x: { forwardAuth: { adress: 'http://x' } } } } }, DYNAMIC, '')).toEqual([
      '.http.middlewares.x.forwardAuth.adress: not a Traefik option',
    ]);
    expect(problems({ http: { middlewares: { x: { forwardAuth: { trustForwardHeader: 'false' } } } } }, DYNAMIC, '')).toHaveLength(1);
  });

  it('every router uses defined middlewares and services, strips the underscore spellings first, then asks Sesame', () => {
    const { middlewares, routers, services } = config.http;
    for (const router of Object.values(routers)) {
      expect(router.middlewares.every((name) => name in middlewares)).toBe(true);
      expect(router.service in services).toBe(true);
      expect(router.middlewares).toEqual(['sesame-strip', 'sesame']);
      expect(router.rule).toMatch(/^Host\(`[a-z.]+\.example\.com`\)$/);
    }
    const strip = middlewares['sesame-strip']!.headers!.customRequestHeaders;
    expect(Object.values(strip).every((value) => value === '')).toBe(true);
    expect(Object.keys(strip)).toEqual(
      expect.arrayContaining(['X_Auth_Request_User', 'X_Auth_Request_Groups', 'Remote_User', 'Remote_Groups']),
    );
  });

  it('asks Sesame’s check with rd=1 and passes on exactly the identity headers Sesame answers', async () => {
    const auth = config.http.middlewares.sesame!.forwardAuth!;
    expect(new URL(auth.address).pathname).toBe('/auth/check');
    expect(new URL(auth.address).searchParams.get('rd')).toBe('1');
    expect(auth.trustForwardHeader).toBe(false);
    // The names Sesame sends (see identity-headers.ts), so none is forgotten and none invented.
    const { identityHeaders } = await import('../../src/modules/session/http/identity-headers.js');
    const sent = Object.keys(
      identityHeaders({
        sessionId: 's',
        userId: 'u',
        username: 'a',
        email: 'a@example.com',
        displayName: 'A',
        providerId: null,
        method: 'sso',
        groups: Array.from({ length: 400 }, (_, i) => `group-${i}`),
        groupSet: new Set(),
        rememberMe: false,
        createdAt: 0,
        expiresAt: 0,
        lastSeenAt: 0,
      }),
    );
    expect(auth.authResponseHeaders.map((h) => h.toLowerCase()).sort()).toEqual(sent.sort());
  });
});

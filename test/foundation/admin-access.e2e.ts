import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

describe('admin API access', () => {
  let sesame: TestSesame;
  beforeAll(async () => {
    sesame = await startTestSesame();
  });
  afterAll(() => sesame?.close());

  /** A concrete URL for a route pattern: every parameter becomes a well-formed id. */
  const concrete = (pattern: string) => pattern.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');

  it('answers 401 to an anonymous request on every admin route Nest registered', async () => {
    const adminRoutes = sesame.sesame.routes.filter((r) => r.url.startsWith('/api/admin') && r.method !== 'HEAD');
    expect(adminRoutes.length).toBeGreaterThan(10);
    for (const route of adminRoutes) {
      for (const token of [null, 'ses_not-a-real-token', 'garbage']) {
        const response = await sesame.admin(concrete(route.url), {
          method: route.method,
          token,
          body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        expect({ route: `${route.method} ${route.url}`, token, status: response.status }).toEqual({
          route: `${route.method} ${route.url}`,
          token,
          status: 401,
        });
      }
    }
  });

  it('authenticates before reading the body: 401 for an anonymous malformed body on every admin route', async () => {
    const adminRoutes = sesame.sesame.routes.filter((r) => r.url.startsWith('/api/admin') && r.method !== 'HEAD');
    const bodies: [string, string][] = [
      ['application/json', '{"name": '],
      ['application/json', ''],
      ['application/json', '{"a":'.repeat(100) + '1' + '}'.repeat(100)],
      ['application/json', '{"name": "a\\u0000b"}'],
      ['application/xml', '<a/>'],
    ];
    for (const route of adminRoutes) {
      for (const [type, body] of bodies) {
        const response = await fetch(sesame.url + concrete(route.url), {
          method: route.method,
          headers: { 'content-type': type },
          body: route.method === 'GET' ? undefined : body,
        });
        expect({ route: `${route.method} ${route.url}`, type, body: body.slice(0, 20), status: response.status }).toEqual({
          route: `${route.method} ${route.url}`,
          type,
          body: body.slice(0, 20),
          status: 401,
        });
      }
    }
  });

  it('creates a token shown once, lists tokens without secrets, and revokes', async () => {
    const created = await sesame.admin('/api/admin/api-tokens', { method: 'POST', body: { name: 'ci', scope: 'admin' } });
    expect(created.status).toBe(201);
    const { token, id } = (await created.json()) as { token: string; id: string };
    expect(token).toMatch(/^ses_[A-Za-z0-9_-]{43}$/);
    expect((await sesame.admin('/api/admin/users', { token })).status).toBe(200);

    const list = await (await sesame.admin('/api/admin/api-tokens')).text();
    expect(list).not.toContain(token);
    expect(list).not.toMatch(/tokenHash|token_hash/);
    const [stored] = await sesame.db.query<{ token_hash: Buffer }>('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
    expect(stored!.token_hash.toString('utf8')).not.toContain(token.slice(4));

    expect((await sesame.admin(`/api/admin/api-tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await sesame.admin('/api/admin/users', { token })).status).toBe(401);
  });

  it('lets a read token read but answers 403 to its writes', async () => {
    const { token } = (await (
      await sesame.admin('/api/admin/api-tokens', { method: 'POST', body: { name: 'reader', scope: 'read' } })
    ).json()) as { token: string };
    expect((await sesame.admin('/api/admin/groups', { token })).status).toBe(200);
    const write = await sesame.admin('/api/admin/groups', { method: 'POST', token, body: { name: 'nope' } });
    expect(write.status).toBe(403);
    expect(
      (await sesame.admin('/api/admin/api-tokens', { method: 'POST', token, body: { name: 'escalate', scope: 'admin' } })).status,
    ).toBe(403);
  });

  it('serves Swagger UI and an OpenAPI document with bearer auth and DTO schemas', async () => {
    expect((await fetch(`${sesame.url}/api/docs`)).status).toBe(200);
    const doc = await (await fetch(`${sesame.url}/api/docs-json`)).json();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.CreateUserDto.properties.username).toBeDefined();
    expect(doc.paths['/api/admin/users'].post.responses['409'] ?? doc.paths['/api/admin/users'].post.responses['400']).toBeDefined();
  });

  it('answers health checks and sends security headers and a request id', async () => {
    const live = await fetch(`${sesame.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${sesame.url}/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'up' });
    expect(ready.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ready.headers.get('x-frame-options')).toBe('DENY');
    expect(ready.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an oversized body and never logs the bearer token', async () => {
    const huge = await fetch(`${sesame.url}/api/admin/groups`, {
      method: 'POST',
      headers: { authorization: 'Bearer ses_test-admin-token-0123456789abcdef', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(sesame.logText()).not.toContain('ses_test-admin-token-0123456789abcdef');
  });
});

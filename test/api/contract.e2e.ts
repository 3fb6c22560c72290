import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { renderApiSection, withApiSection } from '../../src/common/api-section.js';
import { TestBrowser } from '../support/browser.js';
import { looseness, schemaProblems, type SchemaObject } from '../support/openapi-schema.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_ADMIN_TOKEN } from '../support/test-sesame.js';

/**
 * The OpenAPI document as a contract, walked as served by a running Sesame: every operation is
 * described, every documented request example works as it stands, and every documented error
 * status is one this test makes Sesame answer.
 */
const ADMIN_TAG_ORDER = [
  'providers',
  'user profile',
  'user groups',
  'sign-in',
  'redirection rules',
  'sessions',
  'look and feel',
  'directory',
  'tokens',
  'audit',
  'configuration',
];
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const EXAMPLE_MEMBER_ID = '00000000-0000-4000-8000-000000000000';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: string[];
  readonly example?: unknown;
  readonly contentType?: string;
  readonly statuses: number[];
  readonly parameters: { name: string; in: string }[];
  /** The schema of the request body, if there is one. */
  readonly body?: SchemaObject;
  /** The 2xx statuses, each with the schema of its JSON answer (undefined: none documented). */
  readonly answers: Record<number, SchemaObject | undefined>;
}

type OpenApi = {
  tags: { name: string }[];
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { securitySchemes: Record<string, { bearerFormat?: string }>; schemas: Record<string, SchemaObject> };
};

let db: TestDatabase;
let proxy: TcpProxy;
let f: SsoFixture;
let document: OpenApi;
let operations: Operation[];
let readToken: string;
const ids: Record<string, string> = {};

async function call(
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; token?: string | null; contentType?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TEST_ADMIN_TOKEN : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = options.raw ?? JSON.stringify(options.body);
  }
  return fetch(f.url + path, { method: method.toUpperCase(), headers, body });
}

function readOperations(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => {
      const op = item[method] as {
        summary?: string;
        description?: string;
        tags?: string[];
        parameters?: { name: string; in: string }[];
        responses: Record<string, { content?: Record<string, { schema?: SchemaObject }> }>;
        requestBody?: { content: Record<string, { schema?: SchemaObject; examples?: Record<string, { value: unknown }> }> };
      };
      const [contentType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      return {
        method,
        path,
        summary: op.summary,
        description: op.description,
        tags: op.tags,
        parameters: op.parameters ?? [],
        contentType,
        example: media?.examples ? Object.values(media.examples)[0]?.value : undefined,
        body: media?.schema,
        statuses: Object.keys(op.responses)
          .map(Number)
          .filter((s) => s >= 400),
        answers: Object.fromEntries(
          Object.entries(op.responses)
            .filter(([status]) => status.startsWith('2'))
            .map(([status, answer]) => [Number(status), answer.content?.['application/json']?.schema]),
        ),
      };
    }),
  );
}

/** The path with its parameters filled in: the things the examples set up, or `other` for every id. */
function fill(op: Operation, other?: string): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (other !== undefined) return other;
    // The fixture's provider has been tested; the examples' corporate provider cannot be (its endpoints are examples).
    if (name === 'idOrSlug') return op.path.endsWith('/test-result') ? f.provider.slug : 'corporate';
    if (name === 'userId') return ids.user!;
    if (name === 'identityId') return ids.identity!;
    if (op.path.startsWith('/api/admin/groups')) return ids.group!;
    if (op.path.startsWith('/api/admin/sessions')) return ids.session!;
    if (op.path.startsWith('/api/admin/api-tokens')) return ids.token!;
    return ids.user!;
  });
}

const isAdmin = (op: Operation) => op.path.startsWith('/api/admin');
const key = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;

/** Requests that answer a given status where no general rule applies. */
const SPECIAL: Record<string, () => Promise<Response>> = {
  'POST /api/admin/providers 409': () => call('post', '/api/admin/providers', { body: { ...providerExample(), clientSecret: 'x' } }),
  'POST /api/admin/providers 422': () =>
    call('post', '/api/admin/providers', {
      body: {
        slug: 'unreachable',
        displayName: 'Unreachable',
        kind: 'oidc',
        preset: 'generic',
        issuer: 'http://127.0.0.1:9/',
        clientId: 'x',
      },
    }),
  'PATCH /api/admin/providers/{idOrSlug} 409': () =>
    call('patch', `/api/admin/providers/${f.provider.slug}`, { body: { slug: 'corporate' } }),
  'PATCH /api/admin/providers/{idOrSlug} 422': () =>
    call('patch', '/api/admin/providers/corporate', { body: { kind: 'oidc', issuer: 'http://127.0.0.1:9/', scopes: ['openid'] } }),
  'PUT /api/admin/providers/order 404': () => call('put', '/api/admin/providers/order', { body: { ids: ['no-such-provider'] } }),
  'POST /api/admin/mapping-preview 404': () =>
    call('post', '/api/admin/mapping-preview', { body: { providerId: 'no-such-provider', claims: { sub: '1' } } }),
  'POST /api/admin/users 409': () => call('post', '/api/admin/users', { body: { username: 'jane' } }),
  'PATCH /api/admin/users/{id} 409': () => call('patch', `/api/admin/users/${ids.user}`, { body: { username: 'member' } }),
  'DELETE /api/admin/users/{id} 409': () => withTheOnlyAdmin('user', (userId) => call('delete', `/api/admin/users/${userId}`)),
  'DELETE /api/admin/groups/{id} 409': () =>
    withTheOnlyAdmin('group', (_userId, groupId) => call('delete', `/api/admin/groups/${groupId}`)),
  'DELETE /api/admin/groups/{id}/members/{userId} 409': () =>
    withTheOnlyAdmin('member', (userId, groupId) => call('delete', `/api/admin/groups/${groupId}/members/${userId}`)),
  'POST /api/admin/groups 409': () => call('post', '/api/admin/groups', { body: { name: 'developers' } }),
  'PATCH /api/admin/groups/{id} 409': () => call('patch', `/api/admin/groups/${ids.group}`, { body: { name: 'staff' } }),
  'PUT /api/admin/sign-in-settings 409': () =>
    call('put', '/api/admin/sign-in-settings', { body: { ...signInExample(), ssoEnabled: false } }),
  'PATCH /api/admin/sign-in-settings 409': () => call('patch', '/api/admin/sign-in-settings', { body: { ssoEnabled: false } }),
  'PUT /api/admin/sign-in-settings 422': () =>
    call('put', '/api/admin/sign-in-settings', {
      body: { ...signInExample(), autoRedirect: { enabled: false, providerId: 'nobody', delaySeconds: 0 } },
    }),
  'PATCH /api/admin/sign-in-settings 422': () =>
    call('patch', '/api/admin/sign-in-settings', { body: { autoRedirect: { providerId: 'nobody' } } }),
  'PUT /api/admin/redirect-rules 422': () =>
    call('put', '/api/admin/redirect-rules', { body: { enabled: true, rules: [], defaultProviderId: 'nobody' } }),
  'PATCH /api/admin/redirect-rules 422': () => call('patch', '/api/admin/redirect-rules', { body: { defaultProviderId: 'nobody' } }),
  'PUT /api/admin/providers/{idOrSlug}/group-mapping 422': () =>
    call('put', '/api/admin/providers/corporate/group-mapping', { body: danglingGroupMapping() }),
  'PATCH /api/admin/providers/{idOrSlug}/group-mapping 422': () =>
    call('patch', '/api/admin/providers/corporate/group-mapping', { body: danglingGroupMapping() }),
  'PUT /api/admin/look-and-feel 422': () =>
    call('put', '/api/admin/look-and-feel', { body: { ...lookAndFeelExample(), loginTemplate: '{% if %}' } }),
  'PATCH /api/admin/look-and-feel 422': () => call('patch', '/api/admin/look-and-feel', { body: { loginTemplate: '{% if %}' } }),
  'POST /api/admin/look-and-feel/preview 422': () =>
    call('post', '/api/admin/look-and-feel/preview', { body: { page: 'login', template: '{% if %}' } }),
  'POST /api/admin/config/import 422': () => call('post', '/api/admin/config/import', { body: { format: 'sesame-config', version: 99 } }),
  'GET /api/admin/config/export 400': () => call('get', '/api/admin/config/export?includeSecrets=true'),
  'GET /api/admin/config/export 403': () => call('get', '/api/admin/config/export?includeSecrets=true', { token: readToken }),
  'POST /api/admin/groups/{id}/members 404': () =>
    call('post', `/api/admin/groups/${ids.group}/members`, { body: { userId: randomUUID() } }),
  'DELETE /api/admin/groups/{id}/members/{userId} 404': () => call('delete', `/api/admin/groups/${ids.group}/members/${randomUUID()}`),
  'DELETE /api/admin/users/{id}/identities/{identityId} 404': () =>
    call('delete', `/api/admin/users/${ids.user}/identities/${randomUUID()}`),
  'GET /metrics 401': () => call('get', '/metrics', { token: null }),
  'GET /api/me 401': () => call('get', '/api/me', { token: null }),
  'POST /api/me/password 401': () => call('post', '/api/me/password', { token: null, body: passwordChange() }),
  'POST /api/me/password 400': () => signedIn.request(`${f.url}/api/me/password`, { method: 'POST', json: { currentPassword: 'x' } }),
  'POST /api/me/password 403': () => signedIn.request(`${f.url}/api/me/password`, { method: 'POST', json: passwordChange() }),
};
const signedIn = new TestBrowser();

/** The last enabled member of adminGroups.admin cannot be taken away: make one, try, and put the settings back. */
async function withTheOnlyAdmin(name: string, attempt: (userId: string, groupId: string) => Promise<Response>): Promise<Response> {
  const json = async (response: Response) => (await response.json()) as { id: string; adminGroups: unknown };
  const user = await json(await call('post', '/api/admin/users', { body: { username: `contract-only-admin-${name}` } }));
  const group = await json(await call('post', '/api/admin/groups', { body: { name: `contract-admins-${name}` } }));
  await call('post', `/api/admin/groups/${group.id}/members`, { body: { userId: user.id } });
  const before = (await json(await call('get', '/api/admin/sign-in-settings'))).adminGroups;
  await call('patch', '/api/admin/sign-in-settings', { body: { adminGroups: { admin: [`contract-admins-${name}`] } } });
  try {
    return await attempt(user.id, group.id);
  } finally {
    await call('patch', '/api/admin/sign-in-settings', { body: { adminGroups: before } });
  }
}

const example = (method: string, path: string) =>
  operations.find((op) => op.method === method && op.path === path)!.example as Record<string, unknown>;
const providerExample = () => example('post', '/api/admin/providers');
const signInExample = () => example('put', '/api/admin/sign-in-settings');
const lookAndFeelExample = () => example('put', '/api/admin/look-and-feel');
const passwordChange = () => ({ currentPassword: 'correct horse battery staple', newPassword: 'a longer and newer passphrase' });
const danglingGroupMapping = () => ({
  ...(example('put', '/api/admin/providers/{idOrSlug}/group-mapping') as object),
  manual: { rules: [{ localGroup: 'no-such-group', idpGroups: ['x'] }], requireMappedGroupForCreation: false },
});

/** Where an answer differs from the schema its operation documents for that status. */
function answerProblems(op: Operation, status: number, answer: unknown): string[] {
  if (!(status in op.answers)) return [`${key(op)} answered ${status}, which it does not document`];
  const schema = op.answers[status];
  if (!schema) return status === 204 ? [] : [`${key(op)} ${status}: no schema`];
  return schemaProblems(document, schema, answer).map((problem) => `${key(op)} ${status} ${problem}`);
}

/** The general ways to make an operation answer a status; SPECIAL wins. */
function trigger(op: Operation, status: number): (() => Promise<Response>) | undefined {
  const special = SPECIAL[`${key(op)} ${status}`];
  if (special) return special;
  const uuidParam = op.parameters.some((p) => p.in === 'path' && p.name !== 'idOrSlug');
  const queryParam = op.parameters.some((p) => p.in === 'query');
  if (status === 401 && isAdmin(op)) return () => call(op.method, fill(op), { token: null, body: op.example });
  if (status === 403 && isAdmin(op) && op.method !== 'get') return () => call(op.method, fill(op), { token: readToken, body: op.example });
  if (status === 400 && uuidParam) return () => call(op.method, fill(op, 'not-a-uuid'), { body: op.example });
  if (status === 400 && op.contentType) return () => call(op.method, fill(op), { raw: '{', contentType: op.contentType });
  if (status === 400 && queryParam) return () => call(op.method, `${fill(op)}?limit=ten`);
  if (status === 404 && op.parameters.some((p) => p.name === 'idOrSlug')) {
    return () => call(op.method, fill(op, 'no-such-provider'), { body: op.example });
  }
  if (status === 404 && uuidParam) return () => call(op.method, fill(op, randomUUID()), { body: op.example });
  return undefined;
}

beforeAll(async () => {
  db = await createTestDatabase(20);
  proxy = await startTcpProxy(db.url);
  f = await startSsoFixture({ db: { ...db, url: proxy.url }, env: { SESAME_METRICS_TOKEN: METRICS_TOKEN } });
  const served = await fetch(`${f.url}/api/openapi.json`);
  expect(served.status).toBe(200);
  document = (await served.json()) as OpenApi;
  operations = readOperations(document);
  const token = await f.sesame.admin('/api/admin/api-tokens', { method: 'POST', body: { name: 'reader', scope: 'read' } });
  readToken = ((await token.json()) as { token: string }).token;
  // What the examples refer to: the member of the add-member example, a second user and group to conflict with.
  await f.sesame.db.query(`INSERT INTO users (id, username, active) VALUES ($1, 'member', true)`, [EXAMPLE_MEMBER_ID]);
  await f.sesame.admin('/api/admin/groups', { method: 'POST', body: { name: 'staff' } });
  // A Test Configuration of the fixture's provider, so that its test-result has an answer to check.
  const link = (await (await f.sesame.admin(`/api/admin/providers/${f.provider.slug}/test`, { method: 'POST' })).json()) as { url: string };
  f.idp.autoLogin = 'alice';
  expect((await new TestBrowser().follow(link.url)).response.status).toBe(200);
  expect((await f.login(signedIn, 'alice')).status).toBe(302);
});

afterAll(async () => {
  await f?.close();
  await proxy?.close();
  await db?.stop();
});

describe('the OpenAPI document', () => {
  it('is the same at its stable path and at Swagger UI’s, and Swagger UI is served', async () => {
    expect(await (await fetch(`${f.url}/api/docs-json`)).json()).toEqual(document);
    expect((await fetch(`${f.url}/api/docs`)).status).toBe(200);
  });

  it('gives every operation a summary, a description and a tag it declares, the tags in the order an admin configures', () => {
    const undescribed = operations.filter((op) => !op.summary?.trim() || !op.description?.trim() || !op.tags?.length).map(key);
    expect(undescribed).toEqual([]);
    const declared = document.tags.map((t) => t.name);
    expect(declared.slice(0, ADMIN_TAG_ORDER.length)).toEqual(ADMIN_TAG_ORDER);
    expect(operations.flatMap((op) => op.tags ?? []).filter((tag) => !declared.includes(tag))).toEqual([]);
    expect(Object.values(document.components.securitySchemes).map((s) => s.bearerFormat)).not.toContain('JWT');
  });

  it('has examples that name only example domains, and descriptions that say what a setting does', () => {
    const text = JSON.stringify(document);
    expect(text).not.toMatch(/\bSeed\b/i);
    const hosts = [...text.matchAll(/(?:https?:\/\/|@)([a-z0-9.-]+\.[a-z]{2,})/gi)].map((m) => m[1]!.toLowerCase());
    expect(hosts.filter((host) => !/(^|\.)example\.(com|org|net)$/.test(host))).toEqual([]);
  });

  it('describes the answer of every admin operation that has one, member by member', () => {
    const undescribed = operations.filter(isAdmin).flatMap((op) =>
      Object.entries(op.answers)
        .filter(([status]) => status !== '204')
        .flatMap(([status, schema]) => looseness(document, schema).map((why) => `${key(op)} ${status} ${why}`)),
    );
    expect(undescribed).toEqual([]);
    expect(operations.filter(isAdmin).flatMap((op) => (op.answers[204] ? [`${key(op)} 204 has a body`] : []))).toEqual([]);
  });

  it('describes every admin request body member by member', () => {
    const loose = operations
      .filter((op) => isAdmin(op) && op.contentType)
      .flatMap((op) => looseness(document, op.body).map((why) => `${key(op)} body ${why}`));
    expect(loose).toEqual([]);
  });

  it('documents a working example for every admin request body, and each answers 2xx as it stands', async () => {
    const withBody = operations.filter((op) => op.contentType && isAdmin(op));
    expect(withBody.filter((op) => op.example === undefined).map(key)).toEqual([]);
    // Things that make others' paths work come first: a provider, a user, a group.
    const first = ['POST /api/admin/providers', 'POST /api/admin/users', 'POST /api/admin/groups'];
    const ordered = [...withBody].sort((a, b) => rank(a) - rank(b));
    function rank(op: Operation): number {
      const at = first.indexOf(key(op));
      return at < 0 ? first.length : at;
    }
    const failed: string[] = [];
    for (const op of ordered) {
      const response = await call(op.method, fill(op), { body: op.example, contentType: op.contentType });
      const answer = (await response.json().catch(() => null)) as { id?: string } | null;
      if (response.status < 200 || response.status > 299) failed.push(`${key(op)} → ${response.status} ${JSON.stringify(answer)}`);
      else failed.push(...answerProblems(op, response.status, answer));
      if (key(op) === 'POST /api/admin/users') ids.user = answer?.id ?? '';
      if (key(op) === 'POST /api/admin/groups') ids.group = answer?.id ?? '';
    }
    expect(failed).toEqual([]);
  });

  it('answers every admin GET with what its response schema describes, and no more', async () => {
    const problems: string[] = [];
    for (const op of operations.filter((o) => isAdmin(o) && o.method === 'get')) {
      const response = await call('get', fill(op));
      if (response.status !== 200) problems.push(`${key(op)} → ${response.status}`);
      else problems.push(...answerProblems(op, 200, await response.json()));
    }
    expect(problems).toEqual([]);
  });

  it('documents only error statuses that Sesame answers: this test makes it answer each one', async () => {
    const unreached: string[] = [];
    for (const op of operations) {
      for (const status of op.statuses.filter((s) => s !== 503 && !(s === 403 && isAdmin(op) && op.method === 'get'))) {
        const run = trigger(op, status);
        const got = run ? (await run()).status : 'no trigger';
        if (got !== status) unreached.push(`${key(op)} ${status}: ${got}`);
      }
    }
    expect(unreached).toEqual([]);
  });

  // Last: these close the admin API to this test's network, and then its database.
  it('answers 403 to every admin operation from a network the sign-in settings do not allow, and 503 without a database', async () => {
    const allowed = await call('patch', '/api/admin/sign-in-settings', { body: { apiAccess: { allowedCidrs: ['10.0.0.0/8'] } } });
    expect(allowed.status).toBe(200);
    const open: string[] = [];
    for (const op of operations.filter((o) => isAdmin(o) && o.statuses.includes(403))) {
      const status = (await call(op.method, fill(op), { body: op.example, contentType: op.contentType })).status;
      if (status !== 403) open.push(`${key(op)}: ${status}`);
    }
    expect(open).toEqual([]);

    const documented503 = operations.filter((op) => op.statuses.includes(503)).map(key);
    expect(documented503).toEqual(['GET /health/ready']);
    await proxy.refuse();
    expect((await call('get', '/health/ready', { token: null })).status).toBe(503);
    await proxy.resume();
  });
});

describe('the README', () => {
  it('lists the operations of the document, by tag (`npm run docs:api` rewrites the list)', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = renderApiSection(document);
    expect(withApiSection(readme, section)).toBe(readme);
  });
});

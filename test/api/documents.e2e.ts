import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSesame, TEST_ADMIN_TOKEN, type TestSesame } from '../support/test-sesame.js';

/** Partial updates (JSON Merge Patch), one rule for naming a provider, and validation answers that say what is wrong. */
let sesame: TestSesame;
let provider: { id: string; slug: string };

const OAUTH2 = {
  slug: 'corporate',
  displayName: 'Corporate',
  kind: 'oauth2',
  preset: 'generic',
  endpoints: {
    authorization: 'https://idp.example.com/authorize',
    token: 'https://idp.example.com/token',
    userinfo: 'https://idp.example.com/me',
  },
  subjectAttribute: 'id',
  clientId: 'sesame',
  clientSecret: 'first-secret',
};

function patch(path: string, body: unknown, type = 'application/merge-patch+json'): Promise<Response> {
  return fetch(sesame.url + path, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': type },
    body: JSON.stringify(body),
  });
}

async function json<T = Record<string, unknown>>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

beforeAll(async () => {
  sesame = await startTestSesame();
  const created = await sesame.admin('/api/admin/providers', { method: 'POST', body: OAUTH2 });
  expect(created.status).toBe(201);
  provider = await json(created);
});

afterAll(() => sesame?.close());

describe('PATCH with a JSON Merge Patch', () => {
  it('changes only the setting sent, on every settings document', async () => {
    const before = await json(sesame.admin('/api/admin/look-and-feel'));
    const changed = await patch('/api/admin/look-and-feel', { loginButtonText: 'Continue with {{ provider.displayName }}' });
    expect(changed.status).toBe(200);
    expect(await json(sesame.admin('/api/admin/look-and-feel'))).toEqual({
      ...before,
      loginButtonText: 'Continue with {{ provider.displayName }}',
    });

    const session = await json<{ session: Record<string, unknown> }>(sesame.admin('/api/admin/sign-in-settings'));
    expect((await patch('/api/admin/sign-in-settings', { session: { idleTimeoutMinutes: 120 } })).status).toBe(200);
    const after = await json<{ session: Record<string, unknown> }>(sesame.admin('/api/admin/sign-in-settings'));
    // Nested objects merge member by member.
    expect(after.session).toEqual({ ...session.session, idleTimeoutMinutes: 120 });

    expect((await json(patch('/api/admin/audit-settings', { retentionDays: 200 }))).retentionDays).toBe(200);
    expect((await json(patch(`/api/admin/providers/${provider.id}/user-mapping`, { matchBy: 'email' }))).matchBy).toBe('email');
    const groups = await json(patch(`/api/admin/providers/corporate/group-mapping`, { onTheFly: { keepExistingGroups: false } }));
    expect(groups.onTheFly).toEqual({ createMissingGroups: false, keepExistingGroups: false, excludeGroups: [] });
    expect((await json(patch('/api/admin/redirect-rules', { enabled: true }))).enabled).toBe(true);
  });

  it('validates the merged document whole, naming the field', async () => {
    const refused = await patch('/api/admin/sign-in-settings', { session: { idleTimeoutMinutes: 10_000, absoluteTimeoutHours: 1 } });
    expect(refused.status).toBe(400);
    expect((await json(refused)).errors).toEqual([
      { field: 'session.idleTimeoutMinutes', reason: 'must not be longer than the absolute timeout' },
    ]);
    const notObject = await patch('/api/admin/look-and-feel', ['loginButtonText']);
    expect(notObject.status).toBe(400);
    expect((await json(notObject)).errors).toEqual([
      { field: 'body', reason: 'must be a JSON object: a merge patch of the document (RFC 7396)' },
    ]);
  });

  it('reads null as clearing a setting, and as removing a member of a map', async () => {
    await patch('/api/admin/look-and-feel', { logoutTemplate: '<p>Bye</p>', errorMessages: { SSO_DOMAIN_NOT_ALLOWED: 'Use work email.' } });
    const cleared = await json(
      patch('/api/admin/look-and-feel', { logoutTemplate: null, errorMessages: { SSO_DOMAIN_NOT_ALLOWED: null } }),
    );
    expect(cleared.logoutTemplate).toBeNull();
    expect(cleared.errorMessages).toEqual({});
    const required = await patch('/api/admin/sign-in-settings', { session: null });
    expect((await json(required)).errors).toEqual([{ field: 'session', reason: 'session is required' }]);
  });

  it('patches a provider: a client secret is replaced, kept or removed; endpoints merge', async () => {
    const renamed = await json(
      patch('/api/admin/providers/corporate', { displayName: 'Staff', endpoints: { userinfo: 'https://idp.example.com/v2/me' } }),
    );
    expect(renamed).toMatchObject({ displayName: 'Staff', hasClientSecret: true, clientId: 'sesame' });
    expect(renamed.endpoints).toEqual({ ...OAUTH2.endpoints, userinfo: 'https://idp.example.com/v2/me' });
    expect((await json(patch('/api/admin/providers/corporate', { clientSecret: null }))).hasClientSecret).toBe(false);
    // A plain JSON body is read as a merge patch too.
    expect((await json(patch('/api/admin/providers/corporate', { clientSecret: 'second' }, 'application/json'))).hasClientSecret).toBe(
      true,
    );
    const refused = await patch('/api/admin/providers/corporate', { kind: 'oidc' });
    expect(refused.status).toBe(400);
    expect((await json<{ errors: { field: string }[] }>(refused)).errors.map((e) => e.field)).toEqual(['issuer', 'scopes']);
  });

  it('takes back what GET returned, read-only members included', async () => {
    for (const path of [
      '/api/admin/redirect-rules',
      '/api/admin/sign-in-settings',
      '/api/admin/look-and-feel',
      '/api/admin/providers/corporate/group-mapping',
    ]) {
      const document = await json(sesame.admin(path));
      const put = await sesame.admin(path, { method: 'PUT', body: document });
      expect([path, put.status]).toEqual([path, 200]);
      expect([path, (await patch(path, document)).status]).toEqual([path, 200]);
    }
    const current = await json(sesame.admin('/api/admin/providers/corporate'));
    expect((await patch('/api/admin/providers/corporate', current)).status).toBe(200);
    expect((await patch('/api/admin/providers/corporate', { ...current, id: 'something-else', hasClientSecret: false })).status).toBe(200);
    expect((await json(sesame.admin('/api/admin/providers/corporate'))).id).toBe(provider.id);
  });
});

describe('a provider named by its id or its slug', () => {
  it('is found by either in a path', async () => {
    expect((await json(sesame.admin('/api/admin/providers/corporate'))).id).toBe(provider.id);
    expect((await json(sesame.admin(`/api/admin/providers/${provider.id}`))).slug).toBe('corporate');
    expect((await sesame.admin('/api/admin/providers/corporate/user-mapping')).status).toBe(200);
    const missing = await sesame.admin('/api/admin/providers/nobody');
    expect(missing.status).toBe(404);
    expect((await json(missing)).code).toBe('NOT_FOUND');
  });

  it('is taken by slug in redirect rules and auto-redirect, stored as its id, never stale', async () => {
    const rules = {
      enabled: true,
      rules: [{ name: 'Staff', match: { emailDomains: ['example.com'] }, providerId: 'corporate' }],
      defaultProviderId: 'corporate',
    };
    const saved = await json(sesame.admin('/api/admin/redirect-rules', { method: 'PUT', body: rules }));
    expect(saved).toMatchObject({ defaultProviderId: provider.id, rules: [{ providerId: provider.id }], staleRules: [] });
    const signIn = await json(patch('/api/admin/sign-in-settings', { autoRedirect: { providerId: 'corporate' } }));
    expect(signIn.autoRedirect).toMatchObject({ providerId: provider.id });
    const preview = await sesame.admin('/api/admin/mapping-preview', {
      method: 'POST',
      body: { providerId: 'corporate', claims: { id: '1', preferred_username: 'jane' } },
    });
    expect(preview.status).toBe(200);
  });

  it('refuses a name that matches no provider at save (422), naming each field', async () => {
    const rules = {
      enabled: true,
      rules: [{ name: 'Staff', match: { emailDomains: ['example.com'] }, providerId: 'demo' }],
      defaultProviderId: '00000000-0000-4000-8000-000000000000',
    };
    const refused = await sesame.admin('/api/admin/redirect-rules', { method: 'PUT', body: rules });
    expect(refused.status).toBe(422);
    expect((await json<{ errors: { field: string }[] }>(refused)).errors.map((e) => e.field)).toEqual([
      'rules[0].providerId',
      'defaultProviderId',
    ]);
    const autoRedirect = await patch('/api/admin/sign-in-settings', { autoRedirect: { providerId: 'demo' } });
    expect(autoRedirect.status).toBe(422);
    expect((await json(autoRedirect)).errors).toEqual([
      { field: 'autoRedirect.providerId', reason: `names no provider: "demo" is neither a provider's id nor its slug` },
    ]);
  });
});

describe('validation answers', () => {
  it('say "is required" for a field left out, each field once with its first reason', async () => {
    const { loginTemplate: _left, ...document } = await json(sesame.admin('/api/admin/look-and-feel'));
    const refused = await sesame.admin('/api/admin/look-and-feel', { method: 'PUT', body: { ...document, loginButtonText: 42 } });
    expect(refused.status).toBe(400);
    const body = await json<{ errors: { field: string; reason: string }[]; message: string }>(refused);
    expect(body.errors).toEqual([
      { field: 'loginButtonText', reason: 'loginButtonText must be a string' },
      { field: 'loginTemplate', reason: 'loginTemplate is required' },
    ]);
    expect(body.message).toBe('loginButtonText: loginButtonText must be a string; loginTemplate: loginTemplate is required');
  });

  it('name a path id that is not a UUID like any other field', async () => {
    const refused = await sesame.admin('/api/admin/users/not-a-uuid');
    expect(refused.status).toBe(400);
    expect(await json(refused)).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'id', reason: 'must be a UUID' }] });
  });

  it('name a missing provider field as required before any rule about it', async () => {
    const refused = await sesame.admin('/api/admin/providers', {
      method: 'POST',
      body: { slug: 'x-y', kind: 'oauth2', preset: 'generic' },
    });
    const fields = (await json<{ errors: { field: string; reason: string }[] }>(refused)).errors;
    expect(fields).toEqual([
      { field: 'displayName', reason: 'displayName is required' },
      { field: 'clientId', reason: 'clientId is required' },
    ]);
  });
});

describe('providers reached only by browsers', () => {
  it('are not resolved: only the endpoints Sesame calls are checked for where they point', async () => {
    const strict = await startTestSesame({ env: { SESAME_ALLOW_INSECURE_PROVIDERS: 'false' } });
    try {
      const browserOnly = {
        ...OAUTH2,
        slug: 'intranet',
        endpoints: { ...OAUTH2.endpoints, authorization: 'https://login.intranet.invalid/authorize' },
      };
      const created = await strict.admin('/api/admin/providers', { method: 'POST', body: browserOnly });
      // idp.example.com resolves on the public internet only: without it, the server-side check answers first.
      const body = await json(created);
      expect(JSON.stringify(body)).not.toContain('endpoints.authorization');
      const serverSide = { ...OAUTH2, slug: 'private', endpoints: { ...OAUTH2.endpoints, token: 'https://127.0.0.1/token' } };
      const refused = await strict.admin('/api/admin/providers', { method: 'POST', body: serverSide });
      expect(refused.status).toBe(422);
      expect((await json(refused)).field).toBe('endpoints.token');
      const oauth2 = await json<{ scopes?: string[] }>(sesame.admin('/api/admin/providers/corporate'));
      expect(oauth2.scopes).toEqual(['profile', 'email']);
    } finally {
      await strict.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { CLIENT_SECRET, startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';

type Json = Record<string, any>;

/** A failed login or Test Configuration says which step failed, what the provider said, and what to check. */
describe('diagnosing provider failures', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture();
  });
  afterAll(() => f?.close());

  const configure = async (body: Json) => {
    const response = await f.sesame.admin(`/api/admin/providers/${f.provider.id}`, { method: 'PATCH', body });
    expect(response.status).toBe(200);
  };

  /** The audit event a request wrote (written after the response, so it may take a moment). */
  async function auditOf(response: Response): Promise<Json> {
    const requestId = response.headers.get('x-request-id');
    for (let attempt = 0; attempt < 50; attempt++) {
      const [row] = await f.sesame.db.query<Json>(`SELECT code, details FROM audit_events WHERE request_id = $1`, [requestId]);
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no audit event for request ${requestId}`);
  }

  const lastLog = (event: string) => f.sesame.logs.filter((line) => line.event === event && line.outcome === 'failure').at(-1);

  /** oidc-provider takes client_secret_post and _basic alike; stricter providers refuse the one not registered, as this does. */
  const strictBasicOnly: SsoFixture['idp']['intercept'] = async (ctx, next) => {
    if (ctx.path !== '/token' || ctx.headers.authorization) return next();
    ctx.status = 400;
    ctx.body = { error: 'unauthorized_client', error_description: 'client_secret_post is not allowed for this client' };
  };

  it.each<[string, Json, SsoFixture['idp']['intercept'], string, RegExp]>([
    [
      'a wrong client secret',
      { clientSecret: 'not-the-secret-4c1f2a9b' },
      null,
      'invalid_client',
      /client ID, the client secret and the client authentication method \(client_secret_basic or client_secret_post\)/,
    ],
    [
      'client_secret_post where the provider allows only client_secret_basic',
      { clientAuthMethod: 'client_secret_post' },
      strictBasicOnly,
      'unauthorized_client',
      /client authentication method \(client_secret_basic or client_secret_post\)/,
    ],
  ])(
    '%s: the login’s audit event and log name step token, the provider’s error and the hint',
    async (_name, change, intercept, error, hint) => {
      await configure(change);
      f.idp.intercept = intercept;
      try {
        const result = await f.login(new TestBrowser(), 'alice');
        expect(result.status).toBe(502);
        expect(result.body).toContain('SSO_PROVIDER_ERROR');
        const event = await auditOf(result.response);
        expect(event.code).toBe('SSO_PROVIDER_ERROR');
        expect(event.details).toMatchObject({ step: 'token', error, hint: expect.stringMatching(hint) });
        expect(event.details.reason).toContain(error);
        expect(typeof event.details.error_description).toBe('string');
        expect(lastLog('login')).toMatchObject({ level: 'warn', provider: 'idp', step: 'token', error, hint: expect.stringMatching(hint) });
        expect(f.sesame.logText()).not.toContain('not-the-secret-4c1f2a9b');
        expect(f.sesame.logText()).not.toContain(CLIENT_SECRET);
      } finally {
        f.idp.intercept = null;
        await configure({ clientSecret: CLIENT_SECRET, clientAuthMethod: 'client_secret_basic' });
      }
    },
  );

  it('a failed Test Configuration shows and stores the step, the provider’s error and the hint, and logs them', async () => {
    await configure({ clientSecret: 'not-the-secret-4c1f2a9b' });
    try {
      const link = (await (await f.sesame.admin(`/api/admin/providers/${f.provider.id}/test`, { method: 'POST' })).json()) as {
        url: string;
      };
      f.idp.autoLogin = 'alice';
      const { response } = await new TestBrowser().follow(link.url);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('at step <code>token</code>');
      expect(html).toContain('<code>invalid_client</code>');
      expect(html).toContain('client_secret_basic or client_secret_post');

      const result = (await (await f.sesame.admin(`/api/admin/providers/${f.provider.id}/test-result`)).json()) as Json;
      expect(result.ok).toBe(false);
      expect(result.error).toMatchObject({
        code: 'SSO_PROVIDER_ERROR',
        step: 'token',
        error: 'invalid_client',
        hint: expect.stringContaining('client secret'),
      });
      expect(lastLog('test-configuration')).toMatchObject({ level: 'warn', provider: 'idp', step: 'token', error: 'invalid_client' });
    } finally {
      await configure({ clientSecret: CLIENT_SECRET });
    }
  });

  it('escapes and caps the provider’s error_description on the Test Configuration page', async () => {
    const description = `<img src=x onerror=alert(1)> ${'y'.repeat(1000)}`;
    f.idp.intercept = async (ctx, next) => {
      if (ctx.path !== '/token') return next();
      ctx.status = 400;
      ctx.body = { error: 'invalid_grant', error_description: description };
    };
    try {
      const link = (await (await f.sesame.admin(`/api/admin/providers/${f.provider.id}/test`, { method: 'POST' })).json()) as {
        url: string;
      };
      f.idp.autoLogin = 'alice';
      const html = await (await new TestBrowser().follow(link.url)).response.text();
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      const result = (await (await f.sesame.admin(`/api/admin/providers/${f.provider.id}/test-result`)).json()) as Json;
      expect(result.error).toMatchObject({ step: 'token', error: 'invalid_grant', hint: expect.stringContaining('authorization code') });
      expect(result.error.error_description.length).toBeLessThanOrEqual(300);
    } finally {
      f.idp.intercept = null;
    }
  });
});

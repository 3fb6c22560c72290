import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';

type Json = Record<string, any>;
type Intercept = SsoFixture['idp']['intercept'];

const TIMEOUT_MS = 800;
const PATHS = { discovery: '/.well-known/openid-configuration', token: '/token', jwks: '/jwks', userinfo: '/me' } as const;
type Step = keyof typeof PATHS;

/** How a provider fails at one endpoint: too slow, gone (connection cut), or answering garbage. */
const FAULTS: Record<string, (path: string) => Intercept> = {
  slow: (path) => async (ctx, next) => {
    await next();
    // Koa sends the response once every middleware is done: waiting here delays it.
    if (ctx.path === path) await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS + 700));
  },
  down: (path) => async (ctx, next) => {
    if (ctx.path === path) return void ctx.req.socket.destroy();
    await next();
  },
  garbage: (path) => async (ctx, next) => {
    if (ctx.path !== path) return next();
    ctx.status = 200;
    ctx.type = 'html';
    ctx.body = '<html>Service temporarily unavailable</html>';
  },
};
const EXPECTED: Record<string, { status: number; codes: string[] }> = {
  slow: { status: 504, codes: ['SSO_PROVIDER_TIMEOUT'] },
  down: { status: 502, codes: ['SSO_PROVIDER_ERROR'] },
  garbage: { status: 502, codes: ['SSO_PROVIDER_ERROR', 'SSO_USERINFO_INVALID'] },
};

/**
 * The identity provider slow, down or answering garbage at each step of the callback. Each case
 * answers the right page within the provider timeout, uses up the login transaction once (the
 * same callback again is a replay), and writes no user, identity link or session.
 */
describe('an identity provider failing at each step', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ env: { SESAME_PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS) } });
    f.idp.users.push({ sub: 'demo-dave', username: 'dave', email: 'dave@example.com', givenName: 'Dave', familyName: 'Doe', groups: [] });
  });
  afterAll(() => f?.close());

  /** Any provider change makes Sesame discover again and fetch the JWKS afresh on the next use. */
  let edits = 0;
  const forgetDiscovery = async () => {
    const response = await f.sesame.admin(`/api/admin/providers/${f.provider.id}`, {
      method: 'PATCH',
      body: { displayName: `Test IdP ${++edits}` },
    });
    expect(response.status).toBe(200);
  };

  const written = async () => ({
    users: await f.sesame.db.query(`SELECT id FROM users WHERE username = 'dave'`),
    identities: await f.sesame.db.query(`SELECT user_id FROM user_identities WHERE subject = 'demo-dave'`),
    sessions: (await f.sesame.db.query(`SELECT id FROM sessions`)).length,
  });

  async function auditOf(response: Response): Promise<Json> {
    const requestId = response.headers.get('x-request-id');
    for (let attempt = 0; attempt < 50; attempt++) {
      const [row] = await f.sesame.db.query<Json>(`SELECT code, details FROM audit_events WHERE request_id = $1`, [requestId]);
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no audit event for request ${requestId}`);
  }

  const cases = (['discovery', 'token', 'jwks', 'userinfo'] as Step[]).flatMap((step) =>
    Object.keys(FAULTS).map((fault) => [step, fault] as const),
  );

  it.each(cases)('at the %s step, %s: the right page, one use of the transaction, nothing written', async (step, fault) => {
    const before = await written();
    await forgetDiscovery();
    const browser = new TestBrowser();
    f.idp.autoLogin = 'dave';
    const authorize = await f.begin(browser);
    // The start discovered already; forgetting it again makes the callback discover (as after a restart).
    if (step === 'discovery') await forgetDiscovery();
    f.idp.intercept = FAULTS[fault]!(PATHS[step]);
    let callback: string;
    let response: Response;
    const started = Date.now();
    try {
      const reached = await browser.follow(authorize.toString(), (next) => next.origin === f.url && next.pathname === '/sso/idp/callback');
      callback = reached.url;
      response = await browser.get(callback);
    } finally {
      f.idp.intercept = null;
    }
    const elapsed = Date.now() - started;
    const body = await response.text();
    expect({ status: response.status, code: EXPECTED[fault]!.codes.find((code) => body.includes(code)) ?? body.slice(0, 300) }).toEqual({
      status: EXPECTED[fault]!.status,
      code: expect.stringMatching(/^SSO_/),
    });
    expect(elapsed).toBeLessThan(TIMEOUT_MS * 3 + 2000);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('sesame_session='))).toBe(false);
    expect((await auditOf(response)).details).toMatchObject({ step, hint: expect.any(String) });

    const replay = await browser.get(callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('SSO_STATE_INVALID');
    expect(await written()).toEqual(before);
  });

  it.each(Object.keys(FAULTS))('at discovery when a sign-in starts, %s: the right page and no login transaction', async (fault) => {
    await forgetDiscovery();
    const before = (await f.sesame.db.query<{ count: string }>(`SELECT count(*) FROM login_transactions`))[0]!.count;
    f.idp.intercept = FAULTS[fault]!(PATHS.discovery);
    let response: Response;
    try {
      response = await new TestBrowser().get(`${f.url}/sso/idp/start?return_to=%2Fapp`);
    } finally {
      f.idp.intercept = null;
    }
    expect(response.status).toBe(EXPECTED[fault]!.status);
    expect(await response.text()).toContain(EXPECTED[fault]!.codes[0]);
    const after = (await f.sesame.db.query<{ count: string }>(`SELECT count(*) FROM login_transactions`))[0]!.count;
    expect(after).toBe(before);
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { CLIENT_SECRET, startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';

describe('SSO login flow (oidc-provider as the identity provider)', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ env: { SESAME_PROVIDER_TIMEOUT_MS: '1500' } });
  });
  afterAll(() => f?.close());

  const me = (browser: TestBrowser) => browser.get(`${f.url}/api/me`);

  it('signs alice in: user, identity link, session, cookie, /api/me', async () => {
    const browser = new TestBrowser();
    const result = await f.login(browser, 'alice', { returnTo: '/app/page?x=1' });
    expect(result.status).toBe(302);
    expect(result.location).toBe('/app/page?x=1');
    const cookie = result.response.headers.getSetCookie().find((c) => c.startsWith('sesame_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Max-Age|Expires/i); // a browser-session cookie without remember-me

    const profile = (await (await me(browser)).json()) as Record<string, unknown>;
    expect(profile).toMatchObject({ username: 'alice', email: 'alice@example.com', displayName: 'Alice Archer', method: 'sso' });

    // Other tests sign alice and others in too: this test looks at alice's link and at its own session.
    const links = await f.sesame.db.query<{ subject: string; username: string }>(
      `SELECT i.subject, u.username FROM user_identities i JOIN users u ON u.id = i.user_id WHERE u.username = 'alice'`,
    );
    expect(links).toEqual([{ subject: 'demo-alice', username: 'alice' }]);
    const token = browser.cookie(f.url, 'sesame_session')!;
    // Only the SHA-256 of the cookie is stored: the stored value is that hash, and the database holds no cookie.
    const sessions = await f.sesame.db.query<{ username: string }>(
      `SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
      [createHash('sha256').update(token).digest()],
    );
    expect(sessions).toEqual([{ username: 'alice' }]);
    const stored = await f.sesame.db.query(`SELECT 1 FROM sessions WHERE position($1::bytea IN token_hash) > 0`, [Buffer.from(token)]);
    expect(stored).toHaveLength(0);
  });

  it('sends state, nonce and PKCE S256, and the same person signs in to the same account again', async () => {
    const authorize = await f.begin(new TestBrowser());
    expect(authorize.origin).toBe(f.idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${f.url}/sso/idp/callback`);

    await f.login(new TestBrowser(), 'alice');
    const users = await f.sesame.db.query(`SELECT id FROM users WHERE username = 'alice'`);
    expect(users).toHaveLength(1);
  });

  it('refuses a replayed callback', async () => {
    const browser = new TestBrowser();
    const result = await f.login(browser, 'bob');
    expect(result.status).toBe(302);
    const callback = result.hops.find((hop) => hop.includes('/sso/idp/callback'))!;
    const replay = await browser.get(callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('SSO_STATE_INVALID');
  });

  it('refuses a callback delivered to another browser (login CSRF), and writes nothing', async () => {
    const victim = new TestBrowser();
    const attacker = new TestBrowser();
    f.idp.autoLogin = 'bob';
    const authorize = await f.begin(attacker);
    // The attacker completes the provider part, then hands the callback URL to the victim.
    let next = authorize.toString();
    let callback = '';
    for (let i = 0; i < 10 && !callback; i++) {
      const response = await attacker.get(next);
      next = new URL(response.headers.get('location')!, next).toString();
      if (next.startsWith(`${f.url}/sso/idp/callback`)) callback = next;
    }
    const sessionsBefore = await f.sesame.db.query(`SELECT id FROM sessions`);
    const response = await victim.get(callback);
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('sesame_session='))).toBe(false);
    expect(await f.sesame.db.query(`SELECT id FROM sessions`)).toHaveLength(sessionsBefore.length);
  });

  it('refuses a wrong or missing state', async () => {
    const browser = new TestBrowser();
    await f.begin(browser);
    for (const query of ['?code=abc&state=wrong', '?code=abc']) {
      const response = await browser.get(`${f.url}/sso/idp/callback${query}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('SSO_STATE_INVALID');
    }
  });

  it.each(['nope', 'a', 'Idp', 'idp%2F..', 'x'.repeat(41)])(
    'refuses a callback for a provider it does not have (/sso/%s/callback), and writes nothing',
    async (slug) => {
      const browser = new TestBrowser();
      await f.begin(browser);
      const sessionsBefore = await f.sesame.db.query(`SELECT id FROM sessions`);
      const response = await browser.get(`${f.url}/sso/${slug}/callback?code=abc&state=x`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('SSO_PROVIDER_UNKNOWN');
      expect(response.headers.getSetCookie().some((c) => c.startsWith('sesame_session='))).toBe(false);
      expect(await f.sesame.db.query(`SELECT id FROM sessions`)).toHaveLength(sessionsBefore.length);
    },
  );

  it('shows the provider’s access_denied as a 403 error page, escaped, with no cookie', async () => {
    const browser = new TestBrowser();
    const authorize = await f.begin(browser);
    const state = authorize.searchParams.get('state')!;
    const query = new URLSearchParams({
      error: 'access_denied',
      error_description: '<script>alert(1)</script> not allowed',
      state,
      iss: f.idp.issuer,
    });
    const response = await browser.get(`${f.url}/sso/idp/callback?${query}`);
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('SSO_ACCESS_DENIED');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
    expect(response.headers.getSetCookie().some((c) => c.startsWith('sesame_session='))).toBe(false);
  });

  it('answers 504 when the provider is slow and 502 when it is down, writing no user', async () => {
    f.idp.users.push({ sub: 'demo-dave', username: 'dave', email: 'dave@example.com', givenName: 'Dave', familyName: 'Doe', groups: [] });
    // Koa sends the response after every middleware is done, so waiting after next() delays it.
    f.idp.intercept = async (ctx, next) => {
      await next();
      if (ctx.path === '/token') await new Promise((r) => setTimeout(r, 2500));
    };
    const timedOut = await f.login(new TestBrowser(), 'dave');
    expect(timedOut.status).toBe(504);
    expect(timedOut.body).toContain('SSO_PROVIDER_TIMEOUT');

    // Down: the provider answers the authorization step, then its token endpoint is gone.
    f.idp.intercept = async (ctx, next) => {
      if (ctx.path === '/token') return void ctx.req.socket.destroy();
      await next();
    };
    const unreachable = await f.login(new TestBrowser(), 'dave');
    f.idp.intercept = null;
    expect(unreachable.status).toBe(502);
    expect(unreachable.body).toContain('SSO_PROVIDER_ERROR');
    expect(await f.sesame.db.query(`SELECT id FROM users WHERE username = 'dave'`)).toEqual([]);
    expect(
      await f.sesame.db.query(`SELECT s.id FROM sessions s JOIN user_identities i ON i.user_id = s.user_id WHERE i.subject = 'demo-dave'`),
    ).toEqual([]);
  });

  it.each([
    [
      'a forged payload (signature no longer matches)',
      (token: string) => {
        const [header, payload, signature] = token.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        return [header, Buffer.from(JSON.stringify({ ...claims, sub: 'demo-bob' })).toString('base64url'), signature].join('.');
      },
    ],
    [
      'alg none',
      (token: string) => {
        const [, payload] = token.split('.');
        return [Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'), payload, ''].join('.');
      },
    ],
  ])('refuses an ID token with %s: 502 SSO_ID_TOKEN_INVALID, nobody signed in', async (_name, tamper) => {
    f.idp.intercept = async (ctx, next) => {
      await next();
      const body = ctx.body as { id_token?: string } | undefined;
      if (ctx.path === '/token' && body?.id_token) ctx.body = { ...body, id_token: tamper(body.id_token) };
    };
    const browser = new TestBrowser();
    const result = await f.login(browser, 'alice');
    f.idp.intercept = null;
    expect(result.status).toBe(502);
    expect(result.body).toContain('SSO_ID_TOKEN_INVALID');
    expect((await me(browser)).status).toBe(401);
    expect(f.sesame.logs).toContainEqual(expect.objectContaining({ event: 'login', outcome: 'failure', code: 'SSO_ID_TOKEN_INVALID' }));
  });

  it('never returns or logs the client secret, and stores it sealed', async () => {
    const list = await (await f.sesame.admin('/api/admin/providers')).text();
    const one = await (await f.sesame.admin(`/api/admin/providers/${f.provider.id}`)).text();
    for (const body of [list, one, JSON.stringify(f.provider)]) {
      expect(body).not.toContain(CLIENT_SECRET);
      expect(body).toContain('"hasClientSecret":true');
    }
    expect(JSON.parse(one).callbackUrl).toBe(`${f.url}/sso/idp/callback`);
    expect(f.sesame.logText()).not.toContain(CLIENT_SECRET);
    const [row] = await f.sesame.db.query<{ client_secret_sealed: string }>(`SELECT client_secret_sealed FROM providers`);
    expect(row!.client_secret_sealed).toMatch(/^v2\./);
    expect(row!.client_secret_sealed).not.toContain(CLIENT_SECRET);
  });

  it('Test Configuration shows every attribute and writes no user', async () => {
    const usersBefore = await f.sesame.db.query(`SELECT id FROM users ORDER BY id`);
    const link = (await (await f.sesame.admin(`/api/admin/providers/${f.provider.id}/test`, { method: 'POST' })).json()) as { url: string };
    expect(link.url).toMatch(new RegExp(`^${f.url}/sso/idp/test\\?token=`));
    f.idp.users.push({
      sub: 'demo-tess',
      username: 'tess',
      email: 'tess@example.com',
      givenName: 'Tess',
      familyName: 'Tester',
      groups: ['qa'],
      extra: { custom_attributes: { Country: 'NZ' } },
    });
    f.idp.autoLogin = 'tess';
    const browser = new TestBrowser();
    const { response } = await browser.follow(link.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('custom_attributes.Country');
    expect(html).toContain('groups[0]');
    expect(response.headers.getSetCookie().some((c) => c.startsWith('sesame_session='))).toBe(false);
    expect(await f.sesame.db.query(`SELECT id FROM users ORDER BY id`)).toEqual(usersBefore);

    const result = await (await f.sesame.admin(`/api/admin/providers/${f.provider.id}/test-result`)).json();
    expect(result.ok).toBe(true);
    expect(result.attributes).toContainEqual({ path: 'custom_attributes.Country', value: 'NZ' });
    expect(result.claims.idToken.sub).toBe('demo-tess');
    expect(result.preview.user).toMatchObject({ action: 'create', username: 'tess' });

    // The link works once.
    expect((await new TestBrowser().get(link.url)).status).toBe(404);
  });

  it('signs a user in through a provider configured as plain OAuth 2.0 (userinfo only)', async () => {
    const discovery = (await (await fetch(`${f.idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    const created = await f.sesame.admin('/api/admin/providers', {
      method: 'POST',
      body: {
        slug: 'idp-oauth2',
        displayName: 'OAuth2 IdP',
        kind: 'oauth2',
        preset: 'generic',
        endpoints: {
          authorization: discovery.authorization_endpoint,
          token: discovery.token_endpoint,
          userinfo: discovery.userinfo_endpoint,
        },
        clientId: 'sesame-test',
        clientSecret: CLIENT_SECRET,
        scopes: ['openid', 'profile', 'email'],
        subjectAttribute: 'sub',
      },
    });
    expect(created.status).toBe(201);
    const browser = new TestBrowser();
    const result = await f.login(browser, 'bob', { slug: 'idp-oauth2' });
    expect(result.status).toBe(302);
    const profile = (await (await me(browser)).json()) as Record<string, unknown>;
    expect(profile).toMatchObject({ username: 'bob', email: 'bob@example.com' });
    const authorize = await f.begin(new TestBrowser(), { slug: 'idp-oauth2' });
    expect(authorize.searchParams.get('nonce')).toBeNull();
  });

  it('previews a login refused by the sign-in policy as refused, as the login itself is', async () => {
    const settings = (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Record<string, unknown>;
    const put = (allowedEmailDomains: string[]) =>
      f.sesame.admin('/api/admin/sign-in-settings', { method: 'PUT', body: { ...settings, allowedEmailDomains } });
    expect((await put(['corp.example'])).status).toBe(200);
    const preview = await f.sesame.admin('/api/admin/mapping-preview', {
      method: 'POST',
      body: { providerId: f.provider.id, claims: { sub: 'demo-alice', preferred_username: 'alice', email: 'alice@example.com' } },
    });
    expect(await preview.json()).toMatchObject({ user: null, denied: { code: 'SSO_DOMAIN_NOT_ALLOWED' } });
    const renamed = await f.sesame.admin('/api/admin/mapping-preview', {
      method: 'POST',
      body: { providerId: f.provider.id, claims: { sub: 'someone-new', email: 'new@corp.example' }, username: 'chosen-name' },
    });
    expect(await renamed.json()).toMatchObject({ user: { action: 'create', username: 'chosen-name' }, denied: null });
    const refused = await f.login(new TestBrowser(), 'alice');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('SSO_DOMAIN_NOT_ALLOWED');
    expect((await put([])).status).toBe(200);
  });

  it('rejects a return_to that leaves the site', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const result = await f.login(new TestBrowser(), 'alice', { returnTo });
      expect(result.location).toBe('/');
    }
  });
});

import { startDemoIdentityProvider, DEMO_USERS, type DemoIdentityProvider, type DemoUser } from '../../src/modules/demo/index.js';
import { freePort } from './free-port.js';
import { TestBrowser } from './browser.js';
import { startTestSesame, type TestSesame, type TestSesameOptions } from './test-sesame.js';
import type { TestDatabase } from './test-database.js';

export const CLIENT_ID = 'sesame-test';
export const CLIENT_SECRET = 'idp-client-secret-7d1c9f0e4b2a';

export interface SsoFixture {
  readonly sesame: TestSesame;
  readonly idp: DemoIdentityProvider;
  readonly url: string;
  /** The provider registered at Sesame, as the admin API returned it. */
  provider: { id: string; slug: string; [key: string]: unknown };
  /** A whole login by `username` in `browser`; resolves with the last response (Sesame's redirect to return_to). */
  login(browser: TestBrowser, username: string, options?: { returnTo?: string; rememberMe?: boolean; slug?: string }): Promise<LoginResult>;
  /** Starts a login and stops at the provider: the authorization URL (state, nonce, code_challenge…). */
  begin(browser: TestBrowser, options?: { returnTo?: string; slug?: string }): Promise<URL>;
  close(): Promise<void>;
}

export interface LoginResult {
  readonly response: Response;
  readonly status: number;
  readonly location: string | null;
  readonly hops: string[];
  readonly body: string;
}

export interface SsoFixtureOptions extends TestSesameOptions {
  readonly users?: readonly DemoUser[];
  readonly slug?: string;
  /** Fields of the provider to register (merged over a plain oidc provider). */
  readonly provider?: Record<string, unknown>;
  readonly db?: TestDatabase;
  /** The identity provider issues as `http://127.0.0.1:<port>/`, with a trailing "/". */
  readonly issuerTrailingSlash?: boolean;
  /** The host name in Sesame's PUBLIC_URL (default 127.0.0.1), e.g. `sso.apps.localhost` for Chromium-driven subdomain tests. */
  readonly publicHost?: string;
}

/** A real identity provider (oidc-provider) and a real Sesame that trusts it, talking over loopback HTTP. */
export async function startSsoFixture(options: SsoFixtureOptions = {}): Promise<SsoFixture> {
  const slug = options.slug ?? 'idp';
  const port = await freePort();
  const url = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;
  const idp = await startDemoIdentityProvider({
    users: options.users ?? DEMO_USERS,
    issuerTrailingSlash: options.issuerTrailingSlash,
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUris: [`${url}/sso/${slug}/callback`, `${url}/sso/${slug}-oauth2/callback`],
        postLogoutRedirectUris: [`${url}/logout/done`],
        backchannelLogoutUri: `${url}/sso/${slug}/backchannel-logout`,
      },
    ],
  });
  const sesame = await startTestSesame({ ...options, env: { PORT: String(port), PUBLIC_URL: url, ...options.env } });
  const created = await sesame.admin('/api/admin/providers', {
    method: 'POST',
    body: {
      slug,
      displayName: 'Test IdP',
      kind: 'oidc',
      preset: 'generic',
      issuer: idp.issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      scopes: ['openid', 'profile', 'email', 'groups', 'custom'],
      ...options.provider,
    },
  });
  if (created.status !== 201) throw new Error(`provider not created: ${created.status} ${await created.text()}`);
  const fixture: SsoFixture = {
    sesame,
    idp,
    url,
    provider: (await created.json()) as SsoFixture['provider'],
    async begin(browser, beginOptions = {}) {
      const start = await browser.get(
        `${url}/sso/${beginOptions.slug ?? slug}/start?return_to=${encodeURIComponent(beginOptions.returnTo ?? '/app')}`,
      );
      const location = start.headers.get('location');
      if (start.status !== 302 || !location) throw new Error(`start answered ${start.status}: ${await start.text()}`);
      return new URL(location);
    },
    async login(browser, username, loginOptions = {}) {
      idp.autoLogin = username;
      const params = new URLSearchParams({ return_to: loginOptions.returnTo ?? '/app' });
      if (loginOptions.rememberMe) params.set('remember_me', '1');
      const first = `${url}/sso/${loginOptions.slug ?? slug}/start?${params}`;
      const callbackPath = `/sso/${loginOptions.slug ?? slug}/callback`;
      const { response, hops } = await browser.follow(
        first,
        (next) => next.origin === url && next.pathname !== callbackPath && !next.pathname.includes('/start'),
      );
      return { response, status: response.status, location: response.headers.get('location'), hops, body: await response.text() };
    },
    async close() {
      await sesame.close();
      await idp.close();
    },
  };
  return fixture;
}

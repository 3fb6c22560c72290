import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { ParameterizedContext } from 'koa';
import { loadOidcProvider } from './load-oidc-provider.js';

/** A person at the demo identity provider. */
export interface DemoUser {
  readonly sub: string;
  readonly username: string;
  readonly email: string;
  readonly emailVerified?: boolean;
  readonly givenName: string;
  readonly familyName: string;
  readonly groups: readonly string[];
  /** Any further claims (nested objects allowed), e.g. { custom_attributes: { Department: 'R&D' } }. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface DemoClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[];
  readonly backchannelLogoutUri?: string;
}

export interface DemoIdentityProviderOptions {
  readonly port?: number;
  readonly clients: readonly DemoClient[];
  readonly users: readonly DemoUser[];
  /** Issue as `http://127.0.0.1:<port>/` (as Auth0 does, with the trailing "/"), for tests of exact issuer matching. */
  readonly issuerTrailingSlash?: boolean;
  /** Serve over https with this key and certificate (PEM) instead of http. */
  readonly tls?: { readonly key: string; readonly cert: string };
}

export interface DemoIdentityProvider {
  readonly issuer: string;
  readonly provider: Provider;
  /** The signing key, so tests can make tokens (back-channel logout) the provider would make. */
  readonly privateJwk: Record<string, unknown>;
  readonly users: DemoUser[];
  /** Sign in as this user without showing the picker (tests); null shows the picker. */
  autoLogin: string | null;
  /** Koa middleware run around every request (tests: a slow or failing token endpoint). */
  intercept: ((ctx: ParameterizedContext, next: () => Promise<void>) => Promise<void>) | null;
  close(): Promise<void>;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    sub: 'demo-alice',
    username: 'alice',
    email: 'alice@example.com',
    givenName: 'Alice',
    familyName: 'Archer',
    groups: ['developers', 'admins'],
  },
  { sub: 'demo-bob', username: 'bob', email: 'bob@example.com', givenName: 'Bob', familyName: 'Baker', groups: ['sales'] },
];

/**
 * A real OpenID Provider (oidc-provider) on loopback: the demo of `npm start` and the identity
 * provider of the tests. Its login page is a user picker; it asks for no password.
 */
export async function startDemoIdentityProvider(options: DemoIdentityProviderOptions): Promise<DemoIdentityProvider> {
  const server: Server = options.tls ? createTlsServer(options.tls) : createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}${options.issuerTrailingSlash ? '/' : ''}`;
  const users = [...options.users];
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'demo-key-1', use: 'sig', alg: 'RS256' };

  const state: { autoLogin: string | null; intercept: DemoIdentityProvider['intercept'] } = { autoLogin: null, intercept: null };
  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [...c.redirectUris],
      post_logout_redirect_uris: [...(c.postLogoutRedirectUris ?? [])],
      response_types: ['code'],
      // Refresh tokens only when a client asks for offline_access (with prompt=consent): Sesame's re-sync.
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...(c.backchannelLogoutUri ? { backchannel_logout_uri: c.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    })),
    findAccount: (_ctx, id) => {
      const user = users.find((u) => u.sub === id);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        claims: () => ({
          sub: user.sub,
          preferred_username: user.username,
          email: user.email,
          email_verified: user.emailVerified ?? true,
          given_name: user.givenName,
          family_name: user.familyName,
          name: `${user.givenName} ${user.familyName}`,
          groups: [...user.groups],
          ...user.extra,
        }),
      };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      groups: ['groups'],
      custom: ['custom_attributes', 'department', 'roles'],
    },
    scopes: ['openid', 'email', 'profile', 'groups', 'custom', 'offline_access'],
    // Put profile, email and groups in the ID token too (as most enterprise providers do).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource },
      backchannelLogout: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // Explicit lifetimes (seconds); oidc-provider prints a notice for each one left to its default.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      BackchannelAuthenticationRequest: 600,
      ClientCredentials: 600,
      DeviceCode: 600,
      Grant: 86_400,
      IdToken: 3600,
      Interaction: 600,
      PreAuthorizedCode: 600,
      RefreshToken: 86_400,
      Session: 86_400,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Demo provider error</title><p>${escape(String(out.error))}: ${escape(String(out.error_description ?? ''))}</p>`;
    },
  };

  // Loaded only when a demo or test provider starts.
  const { default: OidcProvider } = await loadOidcProvider();
  const provider = new OidcProvider(issuer, configuration);
  // Koa composes its middleware once, so a test's interceptor is looked up per request.
  provider.use((ctx, next) => (state.intercept ? state.intercept(ctx, next) : next()));
  provider.use(async (ctx, next) => {
    const match = /^\/interaction\/([^/]+)(\/pick)?$/.exec(ctx.path);
    if (!match) return next();
    await interaction(provider, ctx, users, state, Boolean(match[2]));
  });
  // Koa's handler catches its own errors (ctx.onerror answers and logs them), so its promise
  // only signals that the response is done.
  const handle = provider.callback();
  server.on('request', (request, response) => void handle(request, response));

  return {
    issuer,
    provider,
    privateJwk,
    users,
    get autoLogin() {
      return state.autoLogin;
    },
    set autoLogin(value: string | null) {
      state.autoLogin = value;
    },
    get intercept() {
      return state.intercept;
    },
    set intercept(value: DemoIdentityProvider['intercept']) {
      state.intercept = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections (Sesame's HTTP client) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

/** The login prompt: pick a user (or the test's automatic choice), then grant what was asked. */
async function interaction(
  provider: Provider,
  ctx: ParameterizedContext,
  users: DemoUser[],
  state: { autoLogin: string | null },
  picked: boolean,
) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  // prompt=login: the client wants the person to sign in again, so the provider's own session
  // does not answer for them (OpenID Connect Core §3.1.2.1); the picker is shown again.
  const loginAgain = details.prompt.name === 'login' && details.prompt.reasons.includes('login_prompt');
  const accountId =
    (loginAgain ? undefined : details.session?.accountId) ??
    (picked ? users.find((u) => u.sub === new URLSearchParams(ctx.querystring).get('sub'))?.sub : undefined) ??
    users.find((u) => u.username === state.autoLogin)?.sub;
  if (!accountId) {
    ctx.type = 'html';
    ctx.body = pickerPage(details.uid, users);
    return;
  }
  const clientId = String(details.params.client_id);
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId });
  const missing = (details.prompt.details ?? {}) as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  grant!.addOIDCScope((missing.missingOIDCScope ?? String(details.params.scope ?? 'openid').split(' ')).join(' '));
  if (missing.missingOIDCClaims) grant!.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant!.save();
  const redirectTo = await provider.interactionResult(
    ctx.req,
    ctx.res,
    { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
  ctx.status = 303;
  ctx.redirect(redirectTo);
}

function pickerPage(uid: string, users: DemoUser[]): string {
  const buttons = users
    .map(
      (u) =>
        `<li><a class="user" href="/interaction/${escape(uid)}/pick?sub=${encodeURIComponent(u.sub)}"><b>${escape(u.givenName)} ${escape(u.familyName)}</b><span>${escape(u.username)} · ${escape(u.groups.join(', '))}</span></a></li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Demo identity provider</title>
<style>body{font:16px system-ui,sans-serif;background:#f4f1ec;color:#1f2328;display:grid;place-items:center;min-height:100vh;margin:0}main{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 4px 24px #0002;max-width:26rem;width:90%}ul{list-style:none;padding:0}a.user{display:flex;flex-direction:column;padding:.8rem 1rem;margin:.5rem 0;border:1px solid #d0d7de;border-radius:8px;text-decoration:none;color:inherit}a.user:hover,a.user:focus{border-color:#0969da;outline:2px solid #0969da33}span{color:#57606a;font-size:.9rem}</style></head>
<body><main><h1>Demo identity provider</h1><p>Choose who to sign in as. (This provider asks for no password: it is for trying Sesame out.)</p><ul>${buttons}</ul></main></body></html>`;
}

/** oidc-provider's "do you want to sign out?" page; the form posts back to it. */
async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head><body>${form}<p>Sign out of the demo identity provider?</p><button form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></body></html>`;
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

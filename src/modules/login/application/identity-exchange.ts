import { Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { subjectOf } from '../domain/subject-of.js';
import { DomainError } from '../../../common/domain-error.js';
import { AppConfig } from '../../../config/index.js';
import { MetricsService } from '../../metrics/index.js';
import {
  OidcClients,
  classifyProviderError,
  diagnoseProviderError,
  providerHint,
  scopesToRequest,
  type ClassifiedProviderError,
  type Provider,
  type ProviderStep,
  type ProviderWithSecret,
} from '../../provider/index.js';
import { readProviderSid } from '../domain/provider-sid.js';
import { hasGroupOverage, withGraphGroups } from '../domain/group-overage.js';
import { GraphGroups } from './graph-groups.js';
import type { LoginTransaction } from '../infrastructure/login-transactions.repository.js';

/** What the provider said about the person, after every protocol check passed. */
export interface VerifiedIdentity {
  readonly subject: string;
  /** ID token claims over userinfo (the signed values win). */
  readonly claims: Record<string, unknown>;
  readonly idTokenClaims: Record<string, unknown> | null;
  readonly userinfo: Record<string, unknown> | null;
  readonly idToken: string | null;
  readonly providerSid: string | null;
  /** Granted with `offline_access` (re-sync on); kept sealed, never shown. */
  readonly refreshToken: string | null;
  /** The groups came from Microsoft Graph (Entra ID overage), so every re-sync reads them there too. */
  readonly graphGroups: boolean;
}

export const callbackUrl = (config: AppConfig, slug: string) => `${config.publicUrl}/sso/${slug}/callback`;

/**
 * The protocol half of the callback, all of it done by openid-client: code exchange with PKCE,
 * state and nonce; ID token signature (JWKS), iss, aud/azp, exp, iat; RFC 9207 iss; then
 * userinfo, whose `sub` must equal the ID token's.
 */
@Injectable()
export class IdentityExchange {
  constructor(
    private readonly clients: OidcClients,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly graph: GraphGroups,
  ) {}

  async authorizationUrl(
    entry: ProviderWithSecret,
    tx: LoginTransaction,
    loginHint: string | null,
    prompt: string | null = null,
  ): Promise<string> {
    const { provider } = entry;
    const configuration = await this.configuration(entry);
    const parameters: Record<string, string> = {
      ...provider.authorizeParams,
      redirect_uri: callbackUrl(this.config, provider.slug),
      scope: scopesToRequest(provider.scopes, provider.resync).join(' '),
      state: tx.state,
      code_challenge: await client.calculatePKCECodeChallenge(tx.codeVerifier),
      code_challenge_method: 'S256',
    };
    if (tx.nonce) parameters.nonce = tx.nonce;
    if (loginHint) parameters.login_hint = loginHint;
    // The start's prompt wins over one the provider's authorizeParams set (a re-authentication must happen).
    if (prompt) parameters.prompt = prompt;
    return client.buildAuthorizationUrl(configuration, parameters).href;
  }

  async verify(entry: ProviderWithSecret, tx: LoginTransaction, query: string): Promise<VerifiedIdentity> {
    const { provider } = entry;
    const configuration = await this.configuration(entry);
    const currentUrl = new URL(`${callbackUrl(this.config, provider.slug)}?${query}`);
    const started = process.hrtime.bigint();
    const grant = await this.clients.traced(() =>
      client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: tx.codeVerifier,
        expectedState: tx.state,
        expectedNonce: tx.nonce ?? undefined,
        idTokenExpected: provider.kind === 'oidc',
      }),
    );
    if (!grant.ok) throw this.providerFailure(entry, grant.error, (c) => grantStep(c, grant.fetched, configuration));
    const identity = await this.clients.traced(() =>
      provider.kind === 'oidc'
        ? this.oidcIdentity(configuration, provider, grant.value)
        : this.oauth2Identity(configuration, provider, grant.value),
    );
    if (!identity.ok) throw this.providerFailure(entry, identity.error, () => 'userinfo');
    this.metrics.providerRoundTrip(provider.slug, Number(process.hrtime.bigint() - started) / 1e9);
    return identity.value;
  }

  private async oidcIdentity(
    configuration: client.Configuration,
    provider: Provider,
    tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  ): Promise<VerifiedIdentity> {
    const idTokenClaims = { ...tokens.claims()! } as Record<string, unknown>;
    const subject = idTokenClaims.sub as string;
    let userinfo: Record<string, unknown> | null = null;
    if (hasUserinfoEndpoint(configuration) && tokens.access_token) {
      userinfo = { ...(await client.fetchUserInfo(configuration, tokens.access_token, subject)) };
    }
    const claims = { ...userinfo, ...idTokenClaims };
    const graphGroups = hasGroupOverage(idTokenClaims);
    return {
      subject,
      claims: graphGroups ? withGraphGroups(claims, await this.graph.of(tokens.access_token ?? null)) : claims,
      idTokenClaims,
      userinfo,
      idToken: tokens.id_token ?? null,
      providerSid: checkedSid(idTokenClaims.sid),
      refreshToken: tokens.refresh_token ?? null,
      graphGroups,
    };
  }

  /** A plain OAuth 2.0 provider: no ID token; who it is comes from the userinfo endpoint. */
  private async oauth2Identity(
    configuration: client.Configuration,
    provider: Provider,
    tokens: client.TokenEndpointResponse,
  ): Promise<VerifiedIdentity> {
    const refreshToken = tokens.refresh_token ?? null;
    const endpoint = configuration.serverMetadata().userinfo_endpoint!;
    const response = await client.fetchProtectedResource(
      configuration,
      tokens.access_token,
      new URL(endpoint),
      'GET',
      undefined,
      new Headers({ accept: 'application/json' }),
    );
    if (!response.ok) throw new DomainError('SSO_USERINFO_INVALID', `The userinfo endpoint answered HTTP ${response.status}`);
    const userinfo = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!userinfo || typeof userinfo !== 'object' || Array.isArray(userinfo))
      throw new DomainError('SSO_USERINFO_INVALID', 'The userinfo response is not a JSON object');
    const subject = subjectOf(userinfo, provider);
    if (subject === null) {
      throw new DomainError('SSO_USERINFO_INVALID', `The userinfo response has no "${provider.subjectAttribute}" (the subject attribute)`);
    }
    return {
      subject,
      claims: { ...userinfo, sub: subject },
      idTokenClaims: null,
      userinfo,
      idToken: null,
      providerSid: null,
      refreshToken,
      graphGroups: false,
    };
  }

  private async configuration(entry: ProviderWithSecret): Promise<client.Configuration> {
    try {
      return await this.clients.configuration(entry.provider, entry.clientSecret);
    } catch (error) {
      throw this.providerFailure(entry, error, () => 'discovery');
    }
  }

  /** A coded error carrying the diagnosis (step, the provider's error and description, hint) for the log, audit and Test Configuration. */
  private providerFailure(entry: ProviderWithSecret, error: unknown, step: (c: ClassifiedProviderError) => ProviderStep): unknown {
    const { provider } = entry;
    if (error instanceof DomainError) {
      // Sesame's own checks of what the provider sent (the oauth2 userinfo): the same diagnosis fields.
      if (error.details?.step) return error;
      const at = step(classifyProviderError(error));
      const hint = providerHint({ step: at, error: null, errorDescription: null, detail: error.message, timedOut: false });
      return new DomainError(error.code, error.message, {
        ...error.details,
        provider: provider.slug,
        step: at,
        error: null,
        error_description: null,
        hint,
      });
    }
    const classified = classifyProviderError(error);
    if (classified.kind !== 'access_denied' && classified.kind !== 'state') this.metrics.providerError(provider.slug, classified.kind);
    const diagnosis = withoutSecret(diagnoseProviderError(classified, step(classified)), entry.clientSecret);
    return new DomainError(classified.code, withoutSecret(classified.message, entry.clientSecret), {
      provider: provider.slug,
      kind: classified.kind,
      ...diagnosis,
    });
  }
}

/** Whether the provider has a userinfo endpoint, read once per configuration: serverMetadata() clones the whole discovery document. */
const userinfoKnown = new WeakMap<client.Configuration, boolean>();
function hasUserinfoEndpoint(configuration: client.Configuration): boolean {
  let known = userinfoKnown.get(configuration);
  if (known === undefined) userinfoKnown.set(configuration, (known = Boolean(configuration.serverMetadata().userinfo_endpoint)));
  return known;
}

/**
 * Which step of the code grant failed: the callback itself (nothing fetched yet), the ID token's
 * checks, or the endpoint last fetched — the token endpoint, or the JWKS fetched to verify it.
 */
function grantStep(classified: ClassifiedProviderError, fetched: readonly string[], configuration: client.Configuration): ProviderStep {
  if (fetched.length === 0) return 'authorization';
  const last = fetched.at(-1)!;
  const metadata = configuration.serverMetadata();
  if (metadata.jwks_uri && last === metadata.jwks_uri) return classified.kind === 'bad_token' ? 'id_token' : 'jwks';
  return classified.kind === 'bad_token' ? 'id_token' : 'token';
}

/** The provider could echo anything back; a client secret it echoes is never recorded. */
function withoutSecret<T>(value: T, secret: string | null): T {
  if (!secret || secret.length < 4) return value;
  const scrub = (text: string) => text.split(secret).join('[redacted]');
  if (typeof value === 'string') return scrub(value) as T;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? scrub(v) : v]),
  ) as T;
}

/** A `sid` the database cannot hold refuses the login (nothing written) instead of failing the session write. */
function checkedSid(sid: unknown): string | null {
  const reading = readProviderSid(sid);
  if (reading.ok) return reading.sid;
  throw new DomainError(
    'SSO_UNUSABLE_CLAIM',
    `The identity provider sent an unusable value for "sid" (session id): ${reading.reason}. Nothing was saved.`,
    { attribute: 'sid', claimPath: 'sid', reason: reading.reason },
  );
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { AppConfig } from '../../../config/index.js';
import { DomainError } from '../../../common/domain-error.js';
import { discoveredIssuerMatches } from '../domain/presets.js';
import type { Provider } from '../domain/provider.js';
import { providerHint } from '../domain/provider-hint.js';
import { IssuerMismatchError, classifyProviderError, diagnoseProviderError } from './provider-errors.js';
import { providerFetch } from './provider-fetch.js';

/** Discovery documents are re-read after this long, so a provider's rotated endpoints are picked up. */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;

interface CachedClient {
  readonly version: string;
  readonly configuration: Promise<client.Configuration>;
  readonly loadedAt: number;
}

/**
 * One openid-client Configuration per provider, cached with its discovery document and JWKS
 * (openid-client re-fetches the JWKS itself when a token names an unknown `kid`).
 */
@Injectable()
export class OidcClients {
  private readonly cache = new Map<string, CachedClient>();
  /** Loopback issuers Sesame runs itself (the demo provider): http is fine for them. */
  private readonly ownIssuers = new Set<string>();
  /** The URLs fetched by the current traced() call: which endpoint a failure happened at. */
  private readonly requests = new AsyncLocalStorage<string[]>();
  /** openid-client fetches through this, so discovery, token, JWKS and userinfo requests are all seen. */
  private readonly fetch: client.CustomFetch = (url, options) => {
    this.requests.getStore()?.push(url);
    return providerFetch(url, options);
  };

  constructor(private readonly config: AppConfig) {}

  trustOwnIssuer(issuer: string): void {
    this.ownIssuers.add(issuer);
  }

  /** Whether http:// and loopback addresses are allowed for this issuer. */
  allowsInsecure(issuer: string | null): boolean {
    return this.config.allowInsecureProviders || (issuer !== null && this.ownIssuers.has(issuer));
  }

  configuration(provider: Provider, clientSecret: string | null): Promise<client.Configuration> {
    const version = `${provider.updatedAt.getTime()}`;
    const cached = this.cache.get(provider.id);
    if (cached && cached.version === version && Date.now() - cached.loadedAt < DISCOVERY_TTL_MS) return cached.configuration;
    const configuration = this.build(provider, clientSecret);
    this.cache.set(provider.id, { version, configuration, loadedAt: Date.now() });
    configuration.catch(() => this.cache.delete(provider.id));
    return configuration;
  }

  invalidate(providerId: string): void {
    this.cache.delete(providerId);
  }

  /**
   * Runs `call`, noting every URL it fetches from a provider, so a failure can be placed at the
   * endpoint it happened at (the token endpoint or the JWKS inside one openid-client call).
   */
  async traced<T>(call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown; fetched: readonly string[] }> {
    const fetched: string[] = [];
    try {
      return { ok: true, value: await this.requests.run(fetched, call) };
    } catch (error) {
      return { ok: false, error, fetched };
    }
  }

  invalidateAll(): void {
    this.cache.clear();
  }

  /** Reads a discovery document (when saving a provider), with the same timeout and rules as logins. */
  async discover(issuer: string): Promise<client.ServerMetadata> {
    try {
      const configuration = await this.discoverExactly(issuer, 'sesame-discovery-check', undefined, undefined);
      return configuration.serverMetadata();
    } catch (error) {
      if (error instanceof IssuerMismatchError) {
        throw new DomainError('PROVIDER_ISSUER_MISMATCH', `issuer: ${error.message}`, {
          field: 'issuer',
          expected: error.expected,
          discovered: error.discovered,
          hint: providerHint({ step: 'discovery', error: null, errorDescription: null, detail: error.message, timedOut: false }),
        });
      }
      const classified = classifyProviderError(error);
      const { error: reason, hint } = diagnoseProviderError(classified, 'discovery');
      throw new DomainError('UNPROCESSABLE', `Could not read the discovery document of ${issuer}: ${classified.message}`, {
        field: 'issuer',
        error: reason,
        hint,
      });
    }
  }

  /**
   * Discovery with the issuer compared as identical strings (OpenID Connect Discovery 1.0 §4.3).
   * openid-client compares them as URLs, so `https://a.example/` and `https://a.example` pass
   * there, and a path issuer that differs fails with its own generic error: both become one
   * IssuerMismatchError naming the two values. (The well-known URL is the issuer with one
   * trailing "/" removed, plus /.well-known/openid-configuration; openid-client builds it so.)
   */
  private async discoverExactly(
    issuer: string,
    clientId: string,
    metadata: Partial<client.ClientMetadata> | undefined,
    auth: client.ClientAuth | undefined,
  ): Promise<client.Configuration> {
    let configuration: client.Configuration;
    try {
      configuration = await client.discovery(new URL(issuer), clientId, metadata, auth, this.discoveryOptions(issuer));
    } catch (error) {
      const discovered = discoveredIssuerOf(error);
      throw discovered === null ? error : new IssuerMismatchError(issuer, discovered);
    }
    const discovered = configuration.serverMetadata().issuer;
    if (!discoveredIssuerMatches(issuer, discovered)) throw new IssuerMismatchError(issuer, discovered);
    return configuration;
  }

  private async build(provider: Provider, clientSecret: string | null): Promise<client.Configuration> {
    const auth =
      provider.clientAuthMethod === 'client_secret_post'
        ? client.ClientSecretPost(clientSecret ?? '')
        : client.ClientSecretBasic(clientSecret ?? '');
    const metadata: Partial<client.ClientMetadata> = { client_secret: clientSecret ?? undefined };
    let configuration: client.Configuration;
    if (provider.kind === 'oidc') {
      configuration = await this.discoverExactly(provider.issuer!, provider.clientId, metadata, auth);
      const overrides = endpointOverrides(provider);
      if (Object.keys(overrides).length > 0) {
        configuration = new client.Configuration({ ...configuration.serverMetadata(), ...overrides }, provider.clientId, metadata, auth);
        this.applyOptions(configuration, provider.issuer);
      }
      // Verify the ID token's signature against the JWKS even though it came over TLS from the token endpoint.
      client.enableNonRepudiationChecks(configuration);
    } else {
      const issuer = provider.issuer ?? new URL(provider.endpoints.authorization!).origin;
      configuration = new client.Configuration({ issuer, ...endpointOverrides(provider) }, provider.clientId, metadata, auth);
      this.applyOptions(configuration, provider.issuer);
    }
    return configuration;
  }

  private discoveryOptions(issuer: string | null): client.DiscoveryRequestOptions {
    return {
      timeout: this.config.providerTimeoutMs / 1000,
      execute: this.allowsInsecure(issuer) ? [client.allowInsecureRequests] : [],
      [client.customFetch]: this.fetch,
    };
  }

  private applyOptions(configuration: client.Configuration, issuer: string | null): void {
    configuration.timeout = this.config.providerTimeoutMs / 1000;
    configuration[client.customFetch] = this.fetch;
    if (this.allowsInsecure(issuer)) client.allowInsecureRequests(configuration);
  }
}

function endpointOverrides(provider: Provider): Partial<client.ServerMetadata> {
  const e = provider.endpoints;
  const overrides: Record<string, string> = {};
  if (e.authorization) overrides.authorization_endpoint = e.authorization;
  if (e.token) overrides.token_endpoint = e.token;
  if (e.userinfo) overrides.userinfo_endpoint = e.userinfo;
  if (e.jwks) overrides.jwks_uri = e.jwks;
  if (e.endSession) overrides.end_session_endpoint = e.endSession;
  return overrides;
}

/** The issuer a discovery document named, when openid-client refused it as not matching. */
function discoveredIssuerOf(error: unknown): string | null {
  const e = error as { code?: unknown; cause?: { attribute?: unknown; body?: { issuer?: unknown } } };
  if (!(error instanceof client.ClientError) || e.code !== 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') return null;
  return e.cause?.attribute === 'issuer' && typeof e.cause.body?.issuer === 'string' ? e.cause.body.issuer : null;
}

import { Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { AppConfig } from '../../../config/index.js';
import { DomainError } from '../../../common/domain-error.js';
import type { Provider } from '../domain/provider.js';
import { classifyProviderError } from './provider-errors.js';

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

  invalidateAll(): void {
    this.cache.clear();
  }

  /** Reads a discovery document (when saving a provider), with the same timeout and rules as logins. */
  async discover(issuer: string): Promise<client.ServerMetadata> {
    try {
      const configuration = await client.discovery(
        new URL(issuer),
        'sesame-discovery-check',
        undefined,
        undefined,
        this.discoveryOptions(issuer),
      );
      return configuration.serverMetadata();
    } catch (error) {
      const classified = classifyProviderError(error);
      throw new DomainError('UNPROCESSABLE', `Could not read the discovery document of ${issuer}: ${classified.message}`, {
        field: 'issuer',
      });
    }
  }

  private async build(provider: Provider, clientSecret: string | null): Promise<client.Configuration> {
    const auth =
      provider.clientAuthMethod === 'client_secret_post'
        ? client.ClientSecretPost(clientSecret ?? '')
        : client.ClientSecretBasic(clientSecret ?? '');
    const metadata: Partial<client.ClientMetadata> = { client_secret: clientSecret ?? undefined };
    let configuration: client.Configuration;
    if (provider.kind === 'oidc') {
      configuration = await client.discovery(
        new URL(provider.issuer!),
        provider.clientId,
        metadata,
        auth,
        this.discoveryOptions(provider.issuer),
      );
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
    };
  }

  private applyOptions(configuration: client.Configuration, issuer: string | null): void {
    configuration.timeout = this.config.providerTimeoutMs / 1000;
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

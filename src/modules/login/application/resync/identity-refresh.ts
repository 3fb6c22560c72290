import { Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { OidcClients, type ProviderWithSecret } from '../../../provider/index.js';
import { hasGroupOverage, withGraphGroups } from '../../domain/group-overage.js';
import { subjectOf } from '../../domain/subject-of.js';
import { GraphGroups } from '../graph-groups.js';

export type RefreshedIdentity =
  | { readonly ok: true; readonly claims: Record<string, unknown>; readonly refreshToken: string; readonly graphGroups: boolean }
  /** `oauthError`: the provider's RFC 6749 error code, when it answered with one. */
  | { readonly ok: false; readonly oauthError: string | null; readonly reason: string };

/**
 * What the provider says about a person now, from the refresh token alone: the refresh grant
 * (openid-client validates a refreshed ID token), userinfo whose `sub` must be the person's, and
 * Microsoft Graph's groups when Entra ID put them there at login — never dropped on refresh.
 */
@Injectable()
export class IdentityRefresh {
  constructor(
    private readonly clients: OidcClients,
    private readonly graph: GraphGroups,
  ) {}

  async refresh(entry: ProviderWithSecret, subject: string, refreshToken: string, graphGroups: boolean): Promise<RefreshedIdentity> {
    let configuration: client.Configuration;
    let tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
    try {
      configuration = await this.clients.configuration(entry.provider, entry.clientSecret);
      tokens = await client.refreshTokenGrant(configuration, refreshToken);
    } catch (error) {
      if (error instanceof client.ResponseBodyError)
        return { ok: false, oauthError: error.error, reason: 'the provider refused the refresh token' };
      return { ok: false, oauthError: null, reason: `the refresh failed (${(error as Error).name})` };
    }
    try {
      const idTokenClaims = (tokens.id_token ? { ...tokens.claims()! } : null) as Record<string, unknown> | null;
      if (idTokenClaims && subjectOf(idTokenClaims, entry.provider) !== subject)
        return { ok: false, oauthError: null, reason: 'the refreshed ID token names another person' };
      const userinfo = await this.userinfo(configuration, entry, subject, tokens.access_token);
      if (!idTokenClaims && !userinfo) return { ok: false, oauthError: null, reason: 'the provider sent neither an ID token nor userinfo' };
      const claims: Record<string, unknown> = { ...userinfo, ...idTokenClaims };
      const overage = graphGroups || (idTokenClaims !== null && hasGroupOverage(idTokenClaims));
      return {
        ok: true,
        claims: overage ? withGraphGroups(claims, await this.graph.of(tokens.access_token ?? null)) : claims,
        // A provider that rotates refresh tokens sends a new one; one that does not keeps the old one valid.
        refreshToken: tokens.refresh_token ?? refreshToken,
        graphGroups: overage,
      };
    } catch (error) {
      return { ok: false, oauthError: null, reason: `the provider's answer could not be used (${(error as Error).message.slice(0, 200)})` };
    }
  }

  private async userinfo(
    configuration: client.Configuration,
    entry: ProviderWithSecret,
    subject: string,
    accessToken: string,
  ): Promise<Record<string, unknown> | null> {
    const endpoint = configuration.serverMetadata().userinfo_endpoint;
    if (!endpoint || !accessToken) return null;
    if (entry.provider.kind === 'oidc') return { ...(await client.fetchUserInfo(configuration, accessToken, subject)) };
    const response = await client.fetchProtectedResource(
      configuration,
      accessToken,
      new URL(endpoint),
      'GET',
      undefined,
      new Headers({ accept: 'application/json' }),
    );
    if (!response.ok) throw new Error(`the userinfo endpoint answered HTTP ${response.status}`);
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('the userinfo response is not a JSON object');
    if (subjectOf(body, entry.provider) !== subject) throw new Error('the userinfo response names another person');
    return { ...body, sub: subject };
  }
}

import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { Clock } from '../../../common/clock.js';
import { DomainError } from '../../../common/domain-error.js';
import { OidcClients, ProviderService } from '../../provider/index.js';
import { UsedLogoutTokensRepository } from '../infrastructure/used-logout-tokens.repository.js';
import { SessionsService } from './sessions.service.js';

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const MAX_TOKEN_AGE_SECONDS = 300;

/**
 * OpenID Connect Back-Channel Logout 1.0. The JWT itself (signature against the provider's JWKS,
 * iss, aud, exp, iat) is verified by `jose`; the rules of the logout token are checked here.
 */
@Injectable()
export class BackchannelLogout {
  private readonly keySets = new Map<string, { jwksUri: string; keys: ReturnType<typeof createRemoteJWKSet> }>();

  constructor(
    private readonly providers: ProviderService,
    private readonly clients: OidcClients,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
    private readonly usedTokens: UsedLogoutTokensRepository,
  ) {}

  /** Ends the sessions the token names; throws BAD_REQUEST (nothing ended) for any invalid token. */
  async handle(slug: string, logoutToken: unknown): Promise<number> {
    const entry = await this.providers.findBySlug(slug);
    if (!entry || entry.provider.kind !== 'oidc') throw invalid('unknown provider');
    if (typeof logoutToken !== 'string' || logoutToken.length > 16_384) throw invalid('logout_token is missing');
    const metadata = (await this.clients.configuration(entry.provider, entry.clientSecret)).serverMetadata();
    if (!metadata.jwks_uri) throw invalid('the provider publishes no JWKS');

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(logoutToken, this.keySet(entry.provider.id, metadata.jwks_uri), {
        issuer: metadata.issuer,
        audience: entry.provider.clientId,
        requiredClaims: ['iat', 'exp', 'jti'],
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
        currentDate: this.clock.now(),
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      }));
    } catch (error) {
      // jose's own reasons ("exp" claim timestamp check failed) help the provider's operator;
      // any other error's text is Sesame's internals and stays out of the answer.
      throw invalid(`logout_token is not valid: ${error instanceof joseErrors.JOSEError ? error.message : 'it cannot be verified'}`);
    }
    const events = payload.events as Record<string, unknown> | undefined;
    if (!events || typeof events !== 'object' || typeof events[LOGOUT_EVENT] !== 'object' || events[LOGOUT_EVENT] === null) {
      throw invalid('logout_token has no back-channel logout event');
    }
    if ('nonce' in payload) throw invalid('logout_token must not contain a nonce');
    const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    if (!sub && !sid) throw invalid('logout_token names neither sub nor sid');

    const fresh = await this.usedTokens.claim(entry.provider.id, payload.jti!, new Date((payload.exp! + 60) * 1000));
    if (!fresh) throw invalid('logout_token was used already (jti)');
    void this.usedTokens.deleteExpired(this.clock.now()).catch(() => undefined);
    return this.sessions.endForProviderSession(entry.provider.id, sub, sid);
  }

  private keySet(providerId: string, jwksUri: string) {
    const cached = this.keySets.get(providerId);
    if (cached && cached.jwksUri === jwksUri) return cached.keys;
    const keys = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 10_000, cooldownDuration: 30_000 });
    this.keySets.set(providerId, { jwksUri, keys });
    return keys;
  }
}

function invalid(reason: string): DomainError {
  return new DomainError('BAD_REQUEST', reason, { error: 'invalid_request' });
}

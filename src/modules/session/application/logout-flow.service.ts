import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import { AppConfig } from '../../../config/index.js';
import { Clock } from '../../../common/clock.js';
import { DomainError } from '../../../common/domain-error.js';
import { LOGGER } from '../../../common/logger.js';
import { followedReturnTo } from '../../../common/return-to.js';
import { AuditService } from '../../audit/index.js';
import { UsersService } from '../../directory/index.js';
import { LookAndFeelService } from '../../look-and-feel/index.js';
import { OidcClients, ProviderService } from '../../provider/index.js';
import { SessionsService } from './sessions.service.js';
import { SignedState } from './signed-state.js';

const LOGOUT_STATE_LIFETIME_MS = 10 * 60 * 1000;

/** Who asked to leave, for the audit log. */
export interface LogoutRequest {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string;
}

export interface LeavingUser {
  readonly username: string;
  readonly displayName: string | null;
}

/** Where the browser goes once the session is gone: the provider's logout, a URL, or the logout page. */
export type LogoutNext = { readonly kind: 'redirect'; readonly url: string } | { readonly kind: 'page'; readonly user: LeavingUser | null };

/**
 * Leaving: the session ends locally first (so nobody stays signed in because a provider is
 * down), then at the provider when its registration asks for it (RP-initiated logout with a
 * signed `state`), then the post-logout URL or the logout page.
 */
@Injectable()
export class LogoutFlow {
  private readonly states: SignedState;

  constructor(
    private readonly sessions: SessionsService,
    private readonly providers: ProviderService,
    private readonly clients: OidcClients,
    private readonly users: UsersService,
    private readonly lookAndFeel: LookAndFeelService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.states = new SignedState(config.secretKey);
  }

  /**
   * Ends the session of this cookie value (if any) and says where the browser goes next:
   * `returnTo` (an app under SESAME_COOKIE_DOMAIN or in SESAME_ALLOWED_RETURN_ORIGINS, or a path
   * here; anything else is ignored) after the provider's logout, else the post-logout URL.
   */
  async logout(token: string | undefined, request: LogoutRequest, returnTo: string | null = null): Promise<LogoutNext> {
    const target = this.followed(returnTo);
    const ended = token ? await this.sessions.endByToken(token) : null;
    if (!ended) return this.afterLogout(null, target);
    const user = await this.users.get(ended.userId).catch(() => null);
    void this.audit.record({
      type: 'logout',
      outcome: 'success',
      userId: ended.userId,
      username: user?.username ?? null,
      providerId: ended.providerId,
      ...request,
    });
    const providerLogout = await this.providerLogoutUrl(ended.providerId, ended.idToken, target);
    if (providerLogout) return { kind: 'redirect', url: providerLogout };
    return this.afterLogout(user ? { username: user.username, displayName: user.displayName } : null, target);
  }

  /** Where `return_to` may lead, or null. */
  followed(returnTo: string | null): string | null {
    return followedReturnTo(returnTo, this.config.publicOrigin, this.config.allowedReturnOrigins, this.config.cookieDomain);
  }

  /** The provider sent the browser back: only a `state` this instance (or a sibling) signed is followed. */
  async returnFromProvider(state: string | undefined): Promise<LogoutNext> {
    const carried = this.states.read(state, this.clock.nowMs());
    if (carried === null) {
      throw new DomainError('SSO_STATE_INVALID', 'This sign-out link is not valid. You are signed out of this site.');
    }
    // Checked again: the allow-list may have changed while the person was at the provider.
    return this.afterLogout(null, this.followed(carried));
  }

  /** RP-initiated logout URL, or null (not configured, or the provider is down: nobody stays signed in because of it). */
  private async providerLogoutUrl(providerId: string | null, idToken: string | null, returnTo: string | null): Promise<string | null> {
    if (!providerId) return null;
    try {
      const provider = await this.providers.get(providerId);
      if (!provider.logoutAtProvider || provider.kind !== 'oidc') return null;
      const entry = await this.providers.findBySlug(provider.slug);
      const configuration = await this.clients.configuration(provider, entry?.clientSecret ?? null);
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      const parameters: Record<string, string> = {
        post_logout_redirect_uri: `${this.config.publicUrl}/logout/done`,
        // Where to go afterwards travels in the signed state, so the provider cannot change it.
        state: this.states.issue(this.clock.nowMs(), LOGOUT_STATE_LIFETIME_MS, returnTo ?? ''),
        client_id: provider.clientId,
      };
      if (idToken) parameters.id_token_hint = idToken;
      return client.buildEndSessionUrl(configuration, parameters).href;
    } catch (error) {
      this.logger.warn({ err: error, providerId }, 'logout at the provider skipped: the provider could not be reached');
      return null;
    }
  }

  /** The app the person signed out from (returnTo), else the post-logout URL when it is still allowed, else the logout page. */
  private async afterLogout(user: LeavingUser | null, returnTo: string | null): Promise<LogoutNext> {
    if (returnTo !== null) return { kind: 'redirect', url: returnTo };
    const { postLogoutUrl } = await this.lookAndFeel.get();
    if (postLogoutUrl) {
      const target = this.followed(postLogoutUrl);
      if (target !== null) return { kind: 'redirect', url: target };
      // Saved before the rule was checked, or the allow-list changed since: the operator must hear of it.
      this.logger.warn(
        { postLogoutUrl: postLogoutUrl.slice(0, 200) },
        'post-logout URL refused (not a path on this site nor on an origin in SESAME_ALLOWED_RETURN_ORIGINS); showing the logout page',
      );
    }
    return { kind: 'page', user };
  }
}

import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import { AppConfig } from '../../../config/index.js';
import { Clock } from '../../../common/clock.js';
import { requestSite } from '../../../common/csrf.js';
import { DomainError } from '../../../common/domain-error.js';
import { LOGGER } from '../../../common/logger.js';
import { followedReturnTo } from '../../../common/return-to.js';
import { AuditService } from '../../audit/index.js';
import { UsersService } from '../../directory/index.js';
import { OidcClients, ProviderService } from '../../provider/index.js';
import { SessionCookie, SessionsService } from '../../session/index.js';
import { BackchannelLogout } from '../application/backchannel-logout.js';
import { SignedState } from '../application/signed-state.js';
import { BrowserCookies } from './browser-cookies.js';
import { Pages } from './pages.js';

const LOGOUT_STATE_LIFETIME_MS = 10 * 60 * 1000;

/** Leaving: locally first, then at the provider when configured, then the post-logout URL or page. */
@ApiExcludeController()
@Controller()
export class LogoutController {
  private readonly sessionCookie: SessionCookie;
  private readonly states: SignedState;
  private readonly cookies: BrowserCookies;

  constructor(
    private readonly sessions: SessionsService,
    private readonly providers: ProviderService,
    private readonly clients: OidcClients,
    private readonly users: UsersService,
    private readonly backchannel: BackchannelLogout,
    private readonly audit: AuditService,
    private readonly pages: Pages,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.sessionCookie = new SessionCookie(config);
    this.states = new SignedState(config.secretKey);
    this.cookies = new BrowserCookies(config);
  }

  /**
   * A link to /logout from another site (or with nothing to tell where it came from) could sign
   * anyone out, so it only asks "Sign out?". Sesame's own pages and a typed URL sign out at once.
   */
  @Get('logout')
  async getLogout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const site = requestSite(request.headers, this.config.publicOrigin);
    const returnTo = this.returnTo(request);
    if (site === 'same-origin' || site === 'user' || !this.sessionCookie.read(request)) return this.logout(request, reply, returnTo);
    const formAction = returnTo === null ? '/logout' : `/logout?return_to=${encodeURIComponent(returnTo)}`;
    const model = { formAction, csrfToken: this.cookies.csrfToken(request, reply), cancelUrl: returnTo ?? '/' };
    reply.header('cache-control', 'no-store');
    await this.pages.send(reply, 200, (ctx) => this.pages.renderer.renderLogoutConfirm(model, ctx));
  }

  /** The confirmation's form (with its CSRF token), or a same-origin post; anything else keeps the session. */
  @Post('logout')
  postLogout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const submitted = (request.body as Record<string, unknown> | undefined)?.csrf;
    if (requestSite(request.headers, this.config.publicOrigin) !== 'same-origin' && !this.cookies.csrfAccepts(request, submitted)) {
      throw new DomainError(
        'CSRF_INVALID',
        'This sign-out did not come from this site, so you are still signed in. Sign out from this site instead.',
      );
    }
    return this.logout(request, reply, this.returnTo(request));
  }

  /**
   * `return_to` (query, or the form's field): an app under SESAME_COOKIE_DOMAIN or in
   * SESAME_ALLOWED_RETURN_ORIGINS, or a path here. Anything else is ignored: the post-logout URL.
   */
  private returnTo(request: FastifyRequest): string | null {
    const fromQuery = (request.query as Record<string, unknown> | undefined)?.return_to;
    const fromBody = (request.body as Record<string, unknown> | undefined)?.return_to;
    const raw = typeof fromQuery === 'string' ? fromQuery : typeof fromBody === 'string' ? fromBody : null;
    return followedReturnTo(raw, this.config.publicOrigin, this.config.allowedReturnOrigins, this.config.cookieDomain);
  }

  /** Where the provider sends the browser back after RP-initiated logout. */
  @Get('logout/done')
  async done(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const state = (request.query as Record<string, string | undefined>).state;
    const carried = this.states.read(state, this.clock.nowMs());
    if (carried === null) {
      throw new DomainError('SSO_STATE_INVALID', 'This sign-out link is not valid. You are signed out of this site.');
    }
    // Checked again: the allow-list may have changed while the person was at the provider.
    const returnTo = followedReturnTo(carried, this.config.publicOrigin, this.config.allowedReturnOrigins, this.config.cookieDomain);
    await this.finish(reply, null, returnTo);
  }

  @Post('sso/:slug/backchannel-logout')
  @HttpCode(200)
  async backchannelLogout(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const ended = await this.backchannel.handle(slug, (request.body as Record<string, unknown> | undefined)?.logout_token);
    this.logger.info({ event: 'backchannel_logout', provider: slug, ended }, 'back-channel logout');
    await reply.header('cache-control', 'no-store').status(200).send({ ended });
  }

  private async logout(request: FastifyRequest, reply: FastifyReply, returnTo: string | null): Promise<void> {
    const token = this.sessionCookie.read(request);
    const ended = token ? await this.sessions.endByToken(token) : null;
    this.sessionCookie.clear(reply);
    reply.header('clear-site-data', '"cookies"').header('cache-control', 'no-store');
    const user = ended ? await this.users.get(ended.userId).catch(() => null) : null;
    if (ended) {
      void this.audit.record({
        type: 'logout',
        outcome: 'success',
        userId: ended.userId,
        username: user?.username ?? null,
        providerId: ended.providerId,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: String(request.id),
      });
    }
    const providerLogout = ended ? await this.providerLogoutUrl(ended.providerId, ended.idToken, returnTo) : null;
    if (providerLogout) {
      await reply.redirect(providerLogout, 302);
      return;
    }
    await this.finish(reply, user ? { username: user.username, displayName: user.displayName } : null, returnTo);
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

  private async finish(
    reply: FastifyReply,
    user: { username: string; displayName: string | null } | null,
    returnTo: string | null,
  ): Promise<void> {
    if (returnTo !== null) {
      await reply.redirect(returnTo, 302);
      return;
    }
    const settings = await this.pages.settings();
    if (settings.postLogoutUrl) {
      const target = followedReturnTo(
        settings.postLogoutUrl,
        this.config.publicOrigin,
        this.config.allowedReturnOrigins,
        this.config.cookieDomain,
      );
      if (target !== null) {
        await reply.redirect(target, 302);
        return;
      }
      // Saved before the rule was checked, or the allow-list changed since: the operator must hear of it.
      this.logger.warn(
        { postLogoutUrl: settings.postLogoutUrl.slice(0, 200) },
        'post-logout URL refused (not a path on this site nor on an origin in SESAME_ALLOWED_RETURN_ORIGINS); showing the logout page',
      );
    }
    await this.pages.send(reply, 200, (ctx) => this.pages.renderer.renderLogout({ user, loginUrl: '/login' }, ctx));
  }
}

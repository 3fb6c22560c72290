import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppConfig } from '../../../config/index.js';
import { CsrfCookie, requestSite } from '../../../common/csrf.js';
import { DomainError } from '../../../common/domain-error.js';
import { LOGGER } from '../../../common/logger.js';
import { Pages } from '../../look-and-feel/index.js';
import { BackchannelLogout } from '../application/backchannel-logout.js';
import { LogoutFlow, type LogoutNext } from '../application/logout-flow.service.js';
import { SessionCookie } from './session-cookie.js';

/** The logout paths: which requests may end a session, then what `LogoutFlow` decides, sent to the browser. */
@ApiExcludeController()
@Controller()
export class LogoutController {
  private readonly sessionCookie: SessionCookie;
  private readonly csrf: CsrfCookie;

  constructor(
    private readonly flow: LogoutFlow,
    private readonly backchannel: BackchannelLogout,
    private readonly pages: Pages,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.sessionCookie = new SessionCookie(config);
    this.csrf = new CsrfCookie(config);
  }

  /**
   * A link to /logout from another site (or with nothing to tell where it came from) could sign
   * anyone out, so it only asks "Sign out?". Sesame's own pages and a typed URL sign out at once.
   */
  @Get('logout')
  async getLogout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const site = requestSite(request.headers, this.config.publicOrigin);
    const returnTo = this.flow.followed(returnToOf(request));
    if (site === 'same-origin' || site === 'user' || !this.sessionCookie.read(request)) return this.logout(request, reply);
    // The confirmation keeps where to go next: the app the person signs out from.
    const formAction = returnTo === null ? '/logout' : `/logout?return_to=${encodeURIComponent(returnTo)}`;
    const model = { formAction, csrfToken: this.csrf.token(request, reply), cancelUrl: returnTo ?? '/' };
    reply.header('cache-control', 'no-store');
    await this.pages.send(reply, 200, (ctx) => this.pages.renderer.renderLogoutConfirm(model, ctx));
  }

  /** The confirmation's form (with its CSRF token), or a same-origin post; anything else keeps the session. */
  @Post('logout')
  postLogout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const submitted = (request.body as Record<string, unknown> | undefined)?.csrf;
    if (requestSite(request.headers, this.config.publicOrigin) !== 'same-origin' && !this.csrf.accepts(request, submitted)) {
      throw new DomainError(
        'CSRF_INVALID',
        'This sign-out did not come from this site, so you are still signed in. Sign out from this site instead.',
      );
    }
    return this.logout(request, reply);
  }

  /** Where the provider sends the browser back after RP-initiated logout. */
  @Get('logout/done')
  async done(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const state = (request.query as Record<string, string | undefined>).state;
    await this.send(reply, await this.flow.returnFromProvider(state));
  }

  @Post('sso/:slug/backchannel-logout')
  @HttpCode(200)
  async backchannelLogout(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const ended = await this.backchannel.handle(slug, (request.body as Record<string, unknown> | undefined)?.logout_token);
    this.logger.info({ event: 'backchannel_logout', provider: slug, ended }, 'back-channel logout');
    await reply.header('cache-control', 'no-store').status(200).send({ ended });
  }

  private async logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const next = await this.flow.logout(
      this.sessionCookie.read(request),
      {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: String(request.id),
      },
      returnToOf(request),
    );
    this.sessionCookie.clear(reply);
    reply.header('clear-site-data', '"cookies"').header('cache-control', 'no-store');
    await this.send(reply, next);
  }

  private async send(reply: FastifyReply, next: LogoutNext): Promise<void> {
    if (next.kind === 'redirect') {
      await reply.redirect(next.url, 302);
      return;
    }
    await this.pages.send(reply, 200, (ctx) => this.pages.renderer.renderLogout({ user: next.user, loginUrl: '/login' }, ctx));
  }
}

/** `return_to` from the query (a link, or the confirmation's form action) or the posted form. */
function returnToOf(request: FastifyRequest): string | null {
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.return_to;
  const fromBody = (request.body as Record<string, unknown> | undefined)?.return_to;
  return typeof fromQuery === 'string' ? fromQuery : typeof fromBody === 'string' ? fromBody : null;
}

import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/index.js';
import { linksFor, Pages } from '../../look-and-feel/index.js';
import { SessionAuthenticator, SessionCookie } from '../../session/index.js';
import { BrowserCookies } from './browser-cookies.js';

/**
 * `/`, where a sign-in without a return URL lands: who you are, the applications an
 * administrator lists for your groups, and sign out. Signed out, it is the way to sign in.
 */
@ApiExcludeController()
@Controller()
export class HomeController {
  private readonly sessionCookie: SessionCookie;
  private readonly cookies: BrowserCookies;

  constructor(
    private readonly authenticator: SessionAuthenticator,
    private readonly pages: Pages,
    config: AppConfig,
  ) {
    this.sessionCookie = new SessionCookie(config);
    this.cookies = new BrowserCookies(config);
  }

  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const principal = await this.authenticator.authenticate(this.sessionCookie.read(request));
    if (!principal) {
      await reply.header('cache-control', 'no-store').redirect('/login', 302);
      return;
    }
    const settings = await this.pages.settings();
    const links = linksFor(settings.homeLinks, principal.groupSet).map(({ name, url, description }) => ({ name, url, description }));
    const user = {
      username: principal.username,
      displayName: principal.displayName,
      email: principal.email,
      groups: [...principal.groups],
    };
    // The token too, not only the same-origin check: a browser that sends no Sec-Fetch-Site or Origin can still sign out.
    const csrfToken = this.cookies.csrfToken(request, reply);
    await this.pages.send(reply, 200, (ctx) => this.pages.renderer.renderHome({ user, links, logoutAction: '/logout', csrfToken }, ctx));
  }
}

import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/index.js';
import { DomainError, fieldErrors } from '../../../common/domain-error.js';
import { safeReturnTo } from '../../../common/return-to.js';
import { ProviderService, TestConfigurationService } from '../../provider/index.js';
import { RedirectRulesService } from '../../redirect-rules/index.js';
import { SessionRotation } from '../../session/index.js';
import { parseStartPrompt } from '../domain/start-prompt.js';
import { LoginFlowService } from '../application/login-flow.service.js';
import { Pages } from '../../look-and-feel/index.js';
import { BrowserCookies } from './browser-cookies.js';
import { LoginPage } from './login-page.js';

/** Browser routes read their parameters as sent: forms and links carry no DTOs. */
type Query = Record<string, string | undefined>;

/** The browser side of SSO: the login page, the start and the callback of each provider. */
@ApiExcludeController()
@Controller()
export class LoginController {
  private readonly cookies: BrowserCookies;

  constructor(
    private readonly flow: LoginFlowService,
    private readonly providers: ProviderService,
    private readonly tests: TestConfigurationService,
    private readonly rules: RedirectRulesService,
    private readonly rotation: SessionRotation,
    private readonly loginPage: LoginPage,
    private readonly pages: Pages,
    private readonly config: AppConfig,
  ) {
    this.cookies = new BrowserCookies(config);
  }

  @Get('login')
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = request.query as Query;
    const model = await this.loginPage.model({
      returnTo: this.returnTo(query.return_to),
      skipAutoRedirect: query.sso === 'false',
      csrfToken: this.cookies.csrfToken(request, reply),
    });
    await this.pages.send(reply, 200, (ctx) => this.pages.renderer.renderLogin(model, ctx));
  }

  /** The email-first form (redirection rules): on to the chosen provider, with the email as login_hint. */
  @Post('login/discover')
  async discover(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Query;
    this.cookies.verifyCsrf(request, body.csrf);
    const returnTo = this.returnTo(body.return_to);
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 320) : '';
    const choice = (await this.rules.get()).enabled ? await this.rules.choose(email) : null;
    if (!choice?.ok) {
      const model = await this.loginPage.model({ returnTo, skipAutoRedirect: true, csrfToken: this.cookies.csrfToken(request, reply) });
      model.emailFirst.email = email;
      model.emailFirst.message = choice ? choice.message : 'Sign-in by email is not turned on.';
      await this.pages.send(reply, choice?.code === 'INVALID_EMAIL' ? 400 : 404, (ctx) => this.pages.renderer.renderLogin(model, ctx));
      return;
    }
    const provider = await this.providers.get(choice.providerId);
    const params = new URLSearchParams({ return_to: returnTo, login_hint: email });
    if (body.remember_me === '1') params.set('remember_me', '1');
    await reply.redirect(`/sso/${provider.slug}/start?${params}`, 303);
  }

  @Get('sso/:slug/start')
  async start(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = request.query as Query;
    const prompt = parseStartPrompt((request.query as Record<string, unknown>).prompt);
    if (!prompt.ok) throw fieldErrors('VALIDATION_FAILED', [prompt]);
    const url = await this.flow.start({
      slug,
      returnTo: this.returnTo(query.return_to),
      rememberMe: query.remember_me === '1',
      mode: 'login',
      prompt: prompt.prompt,
      loginHint: query.login_hint?.slice(0, 320) || null,
      binding: this.cookies.binding(request, reply),
    });
    await reply.header('cache-control', 'no-store').redirect(url, 302);
  }

  /** A Test Configuration link: one use, ten minutes, made by an administrator. */
  @Get('sso/:slug/test')
  async test(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = (request.query as Query).token;
    const entry = await this.providers.findBySlug(slug);
    if (!entry || !token || !(await this.tests.consumeLink(entry.provider.id, token))) {
      throw new DomainError('SSO_TEST_LINK_INVALID', 'This Test Configuration link is not valid: links work once, for ten minutes.');
    }
    const url = await this.flow.start({
      slug,
      returnTo: '/',
      rememberMe: false,
      mode: 'test',
      prompt: null,
      loginHint: null,
      binding: this.cookies.binding(request, reply),
    });
    await reply.header('cache-control', 'no-store').redirect(url, 302);
  }

  @Get('sso/:slug/callback')
  async callback(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = request.query as Query;
    const outcome = await this.flow.callback({
      slug,
      query: request.url.split('?')[1] ?? '',
      state: query.state,
      binding: this.cookies.readBinding(request),
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: String(request.id),
    });
    if (outcome.kind === 'test') {
      const { result } = outcome;
      await this.pages.send(reply, 200, (ctx) =>
        this.pages.renderer.renderTestResult(
          {
            provider: { slug: outcome.slug, displayName: outcome.displayName },
            ok: result.ok,
            error: result.error,
            attributes: result.attributes,
            preview: result.preview,
          },
          ctx,
        ),
      );
      return;
    }
    await this.rotation.replace(request, reply, outcome.session);
    await reply.header('cache-control', 'no-store').redirect(outcome.returnTo, 302);
  }

  private returnTo(raw: string | undefined): string {
    return safeReturnTo(raw, this.config.publicOrigin, this.config.allowedReturnOrigins, this.config.cookieDomain);
  }
}

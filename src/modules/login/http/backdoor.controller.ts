import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/index.js';
import { safeReturnTo } from '../../../common/return-to.js';
import { MAX_PASSWORD_LENGTH } from '../../directory/index.js';
import { SessionRotation } from '../../session/index.js';
import { BackdoorService } from '../application/backdoor.service.js';
import { Pages } from '../../look-and-feel/index.js';
import { BrowserCookies } from './browser-cookies.js';

type Form = Record<string, unknown>;

const MAX_USERNAME_LENGTH = 255;
const FAILED = 'Sign-in failed. Check your username and password, or ask another administrator whether you may use emergency sign-in.';
const MISSING = `Enter your username and a password of at most ${MAX_PASSWORD_LENGTH} characters.`;

/** The emergency local login: GET renders the form, POST signs a local user in. */
@ApiExcludeController()
@Controller('backdoor')
export class BackdoorController {
  private readonly cookies: BrowserCookies;

  constructor(
    private readonly backdoor: BackdoorService,
    private readonly rotation: SessionRotation,
    private readonly pages: Pages,
    private readonly config: AppConfig,
  ) {
    this.cookies = new BrowserCookies(config);
  }

  @Get()
  async form(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = request.query as Form;
    // The very answer of an unknown path: nobody can tell a closed backdoor from a missing page.
    if (!(await this.backdoor.isOpen(query.key))) return reply.callNotFound();
    await this.render(request, reply, 200, { key: query.key, username: '', error: null });
  }

  @Post()
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = (request.body ?? {}) as Form;
    if (!(await this.backdoor.isOpen(form.key))) return reply.callNotFound();
    this.cookies.verifyCsrf(request, form.csrf);
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    // Refused before any hashing: nobody makes the server hash a megabyte.
    if (!username || !password || username.length > MAX_USERNAME_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      await this.render(request, reply, 400, { key: form.key, username: username.slice(0, MAX_USERNAME_LENGTH), error: MISSING });
      return;
    }
    const outcome = await this.backdoor.signIn({
      username,
      password,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: String(request.id),
    });
    if (!outcome.ok) {
      await this.render(request, reply, 401, { key: form.key, username, error: FAILED });
      return;
    }
    await this.rotation.replace(request, reply, outcome.session);
    await reply.header('cache-control', 'no-store').redirect(this.returnTo(request), 303);
  }

  private async render(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    form: { key: unknown; username: string; error: string | null },
  ): Promise<void> {
    const returnTo = this.returnTo(request);
    const model = {
      formAction: returnTo === '/' ? '/backdoor' : `/backdoor?${new URLSearchParams({ return_to: returnTo })}`,
      csrfToken: this.cookies.csrfToken(request, reply),
      key: typeof form.key === 'string' ? form.key : '',
      error: form.error,
      username: form.username,
    };
    await this.pages.send(reply, status, (ctx) => this.pages.renderer.renderBackdoor(model, ctx));
  }

  private returnTo(request: FastifyRequest): string {
    const raw = (request.query as Form).return_to;
    return safeReturnTo(
      typeof raw === 'string' ? raw : undefined,
      this.config.publicOrigin,
      this.config.allowedReturnOrigins,
      this.config.cookieDomain,
    );
  }
}

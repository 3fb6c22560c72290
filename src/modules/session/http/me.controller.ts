import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiCookieAuth, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/index.js';
import { CsrfCookie, requestSite } from '../../../common/csrf.js';
import { DomainError } from '../../../common/domain-error.js';
import { ApiDoc } from '../../../common/swagger.js';
import { AuditService } from '../../audit/index.js';
import { UsersService } from '../../directory/index.js';
import { SignInSettingsService } from '../../sign-in/index.js';
import type { SessionPrincipal } from '../application/session-authenticator.js';
import { ChangePasswordDto } from './me.dto.js';
import { MeDto } from './session.dto.js';

type SignedInRequest = FastifyRequest & { user: SessionPrincipal };

@ApiTags('me')
@ApiCookieAuth()
@Controller('api/me')
@UseGuards(AuthGuard('session'))
export class MeController {
  private readonly csrf: CsrfCookie;

  constructor(
    private readonly users: UsersService,
    private readonly settings: SignInSettingsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {
    this.csrf = new CsrfCookie(config);
  }

  @Get()
  @ApiDoc({
    public: true,
    summary: 'The signed-in user',
    description:
      'Who the session cookie belongs to: the user, their groups and when the session ends. Applications call it with the user’s cookie.',
    errors: { 401: 'No valid session cookie' },
  })
  @ApiOkResponse({
    type: MeDto,
    headers: { 'X-Sesame-Csrf': { description: 'The CSRF token to send back as X-Sesame-Csrf where a request is not same-origin' } },
  })
  me(@Req() request: SignedInRequest, @Res({ passthrough: true }) reply: FastifyReply): MeDto {
    reply.header(CsrfCookie.HEADER, this.csrf.token(request, reply));
    const p = request.user;
    return {
      id: p.userId,
      username: p.username,
      email: p.email,
      displayName: p.displayName,
      groups: [...p.groups],
      method: p.method,
      sessionExpiresAt: new Date(p.expiresAt),
    };
  }

  /** The sign-in setting `allowPasswordChange`: local users only, when the setting is on. */
  @Post('password')
  @HttpCode(204)
  @ApiDoc({
    public: true,
    summary: 'Change my password',
    description: 'A local user changes their own password, when the sign-in setting allowPasswordChange is on.',
    errors: {
      400: 'The current password is wrong, or the new one is not 12 to 256 characters',
      401: 'No valid session cookie',
      403: 'Not same-origin and no CSRF token (CSRF_INVALID), password change is turned off, or the account has no local password',
    },
  })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiHeader({ name: 'X-Sesame-Csrf', required: false, description: 'Needed unless the request is same-origin (see GET /api/me)' })
  async changePassword(@Req() request: SignedInRequest, @Body() body: ChangePasswordDto): Promise<void> {
    // The session cookie is SameSite=Lax, so a sibling site's form post carries it: ask for proof.
    const sameOrigin = requestSite(request.headers, this.config.publicOrigin) === 'same-origin';
    if (!sameOrigin && !this.csrf.accepts(request, request.headers[CsrfCookie.HEADER])) {
      throw new DomainError(
        'CSRF_INVALID',
        `A password change must come from this site (Sec-Fetch-Site: same-origin, or Origin: ${this.config.publicOrigin}) or carry the X-Sesame-Csrf header that GET /api/me returns.`,
      );
    }
    if (!(await this.settings.get()).allowPasswordChange) {
      throw new DomainError('FORBIDDEN', 'Changing your password here is turned off (sign-in settings: allowPasswordChange).');
    }
    const { userId, username } = request.user;
    await this.users.changePassword(userId, body.currentPassword, body.newPassword);
    await this.audit.recordAdminChange({
      actor: `user:${username} (self-service)`,
      action: 'update',
      entity: 'user',
      entityId: userId,
      before: { hasPassword: true },
      after: { hasPassword: true, passwordChanged: true },
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: String(request.id),
    });
  }
}

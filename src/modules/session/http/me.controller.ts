import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import {
  ApiBadRequestResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../common/domain-error.js';
import { ErrorResponseDto } from '../../../common/swagger.js';
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
@ApiUnauthorizedResponse({ description: 'No valid session cookie' })
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly settings: SignInSettingsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: MeDto })
  me(@Req() request: SignedInRequest): MeDto {
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

  /** Seed 5.1 "allow users to change their password": local users only, when the setting is on. */
  @Post('password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'The current password is wrong, or the new one is not 12 to 256 characters',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Password change is turned off, or the account has no local password' })
  async changePassword(@Req() request: SignedInRequest, @Body() body: ChangePasswordDto): Promise<void> {
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

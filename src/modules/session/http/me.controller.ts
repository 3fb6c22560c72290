import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiCookieAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { SessionPrincipal } from '../application/session-authenticator.js';
import { MeDto } from './session.dto.js';

@ApiTags('me')
@ApiCookieAuth()
@Controller('api/me')
@UseGuards(AuthGuard('session'))
export class MeController {
  @Get()
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ description: 'No valid session cookie' })
  me(@Req() request: FastifyRequest & { user: SessionPrincipal }): MeDto {
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
}

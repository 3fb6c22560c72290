import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiDoc } from '../../common/swagger.js';
import type { ApiPrincipal } from './api-token.service.js';
import type { ConsoleSession } from './admin-session.js';

export class AdminCallerDto {
  @ApiProperty({ enum: ['token', 'session'], description: 'An API token, or a person signed in to the console (session cookie)' })
  kind: 'token' | 'session';
  @ApiProperty({ description: 'The token name, or the username', example: 'alice' }) name: string;
  @ApiProperty({ enum: ['admin', 'read'], description: 'admin may change everything; read may only read' }) scope: 'admin' | 'read';
  @ApiPropertyOptional({
    description: 'Session only: the value of the X-Sesame-Csrf header that every write with the session cookie must carry',
  })
  csrfToken?: string;
  @ApiPropertyOptional({ description: 'Session only: when the person signed in' }) signedInAt?: string;
  @ApiPropertyOptional({
    description: 'Session only: writes are accepted until then; later, sign in again (adminSession.reauthenticateAfterMinutes)',
  })
  writableUntil?: string;
}

/** GET /api/admin/me: who the admin API takes the caller to be, and for the console the CSRF token of its writes. */
@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/admin/me')
export class AdminCallerController {
  @Get()
  @ApiDoc({
    summary: 'Who is calling',
    description:
      'Whether the admin API takes the caller to be an API token or a person signed in to the console, with the scope; for ' +
      'a person, the CSRF token that every write with the session cookie must carry and until when writes are accepted.',
  })
  @ApiOkResponse({ type: AdminCallerDto })
  me(@Req() request: FastifyRequest & { user?: ApiPrincipal; consoleSession?: ConsoleSession }): AdminCallerDto {
    const caller = request.user!;
    const session = request.consoleSession;
    if (caller.kind === 'token' || session?.kind !== 'admin') return { kind: 'token', name: caller.name, scope: caller.scope };
    return {
      kind: 'session',
      name: caller.name,
      scope: caller.scope,
      csrfToken: session.csrfToken,
      signedInAt: new Date(session.signedInAtMs).toISOString(),
      writableUntil: new Date(session.signedInAtMs + session.reauthenticateAfterMinutes * 60_000).toISOString(),
    };
  }
}

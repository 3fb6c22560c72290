import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../../common/swagger.js';
import { UuidPipe } from '../../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { SessionsService } from '../application/sessions.service.js';
import { SessionDto, SessionQueryDto } from './session.dto.js';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('api/admin')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  @Get('sessions')
  @ApiDoc({
    summary: 'List sessions',
    description: 'Active sessions, newest first, optionally of one user; never the token.',
    errors: { 400: true },
  })
  @ApiOkResponse({ type: [SessionDto], description: 'Active sessions, newest first (never the token)' })
  list(@Query() query: SessionQueryDto): Promise<SessionDto[]> {
    return this.sessions.list(query);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiDoc({
    summary: 'End a session',
    description: 'Signs the session out on every instance within a second.',
    errors: { 400: 'The id is not a UUID', 404: 'No active session has that id' },
  })
  @ApiNoContentResponse({ description: 'Ended on every instance within a second' })
  async end(@Param('id', UuidPipe) id: string, @AuditContext() context: AuditRequestContext): Promise<void> {
    await this.sessions.end(id);
    await this.audit.recordAdminChange({ ...context, action: 'delete', entity: 'session', entityId: id, before: { id }, after: null });
  }

  @Delete('users/:id/sessions')
  @HttpCode(204)
  @ApiDoc({
    summary: 'End a user’s sessions',
    description: 'Signs the user out everywhere (a user without sessions, or unknown, has nothing to end).',
    errors: { 400: 'The id is not a UUID' },
  })
  @ApiNoContentResponse({ description: 'Every session of the user ended' })
  async endForUser(@Param('id', UuidPipe) id: string, @AuditContext() context: AuditRequestContext): Promise<void> {
    const ended = await this.sessions.endForUser(id);
    await this.audit.recordAdminChange({
      ...context,
      action: 'delete',
      entity: 'session',
      entityId: `user:${id}`,
      before: { ended },
      after: null,
    });
  }
}

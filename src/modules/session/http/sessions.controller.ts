import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { SessionsService } from '../application/sessions.service.js';
import { SessionDto, SessionQueryDto } from './session.dto.js';

@ApiTags('sessions')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  @Get('sessions')
  @ApiOkResponse({ type: [SessionDto], description: 'Active sessions, newest first (never the token)' })
  list(@Query() query: SessionQueryDto): Promise<SessionDto[]> {
    return this.sessions.list(query);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Ended on every instance within a second' })
  async end(@Param('id', ParseUUIDPipe) id: string, @AuditContext() context: AuditRequestContext): Promise<void> {
    await this.sessions.end(id);
    await this.audit.recordAdminChange({ ...context, action: 'delete', entity: 'session', entityId: id, before: { id }, after: null });
  }

  @Delete('users/:id/sessions')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every session of the user ended' })
  async endForUser(@Param('id', ParseUUIDPipe) id: string, @AuditContext() context: AuditRequestContext): Promise<void> {
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

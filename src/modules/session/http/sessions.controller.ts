import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../../common/swagger.js';
import { SessionsService } from '../application/sessions.service.js';
import { SessionDto, SessionQueryDto } from './session.dto.js';

@ApiTags('sessions')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get('sessions')
  @ApiOkResponse({ type: [SessionDto], description: 'Active sessions, newest first (never the token)' })
  list(@Query() query: SessionQueryDto): Promise<SessionDto[]> {
    return this.sessions.list(query);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Ended on every instance within a second' })
  async end(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.sessions.end(id);
  }

  @Delete('users/:id/sessions')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every session of the user ended' })
  async endForUser(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.sessions.endForUser(id);
  }
}

import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../../common/swagger.js';
import { AuditService } from '../application/audit.service.js';
import type { AuditRequestContext } from '../domain/audit-event.js';
import { AuditContext } from './audit-context.js';
import { AuditEventPageDto, AuditEventQueryDto, AuditSettingsDto } from './audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit-events')
  @ApiOkResponse({ type: AuditEventPageDto, description: 'Newest first' })
  list(@Query() query: AuditEventQueryDto): Promise<AuditEventPageDto> {
    return this.audit.list({
      ...query,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
  }

  @Get('audit-settings')
  @ApiOkResponse({ type: AuditSettingsDto })
  settings(): Promise<AuditSettingsDto> {
    return this.audit.getSettings();
  }

  @Put('audit-settings')
  @ApiOkResponse({ type: AuditSettingsDto })
  async updateSettings(@Body() body: AuditSettingsDto, @AuditContext() context: AuditRequestContext): Promise<AuditSettingsDto> {
    const before = await this.audit.getSettings();
    const after = await this.audit.putSettings(body);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'settings', entityId: 'audit', before, after });
    return after;
  }
}

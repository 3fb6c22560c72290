import { Body, Controller, Get, Patch, Put, Query } from '@nestjs/common';
import { patchedDocument } from '../../../common/validation.js';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJsonBody, ApiMergePatchBody } from '../../../common/swagger.js';
import { AuditService } from '../application/audit.service.js';
import type { AuditRequestContext } from '../domain/audit-event.js';
import { AuditContext } from './audit-context.js';
import { AuditEventPageDto, AuditEventQueryDto, AuditSettingsDto } from './audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit-events')
  @ApiDoc({
    summary: 'List audit events',
    description:
      'Sign-in decisions and admin changes, newest first, a page at a time; filter by time, type, outcome, user id or provider id.',
    errors: { 400: true },
  })
  @ApiOkResponse({ type: AuditEventPageDto, description: 'Newest first' })
  list(@Query() query: AuditEventQueryDto): Promise<AuditEventPageDto> {
    return this.audit.list({
      ...query,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
  }

  @Get('audit-settings')
  @ApiDoc({ summary: 'Get the audit retention', description: 'How many days audit events are kept.' })
  @ApiOkResponse({ type: AuditSettingsDto })
  settings(): Promise<AuditSettingsDto> {
    return this.audit.getSettings();
  }

  @Put('audit-settings')
  @ApiDoc({
    summary: 'Replace the audit retention',
    description: 'Events older than `retentionDays` are purged daily.',
    errors: { 400: true },
  })
  @ApiJsonBody(AuditSettingsDto, { retentionDays: 90 })
  @ApiOkResponse({ type: AuditSettingsDto })
  updateSettings(@Body() body: AuditSettingsDto, @AuditContext() context: AuditRequestContext): Promise<AuditSettingsDto> {
    return this.saveSettings(body, context);
  }

  @Patch('audit-settings')
  @ApiDoc({
    summary: 'Change the audit retention',
    description: 'A JSON Merge Patch of the audit settings; the result is checked whole.',
    errors: { 400: true },
  })
  @ApiMergePatchBody(AuditSettingsDto, { retentionDays: 180 })
  @ApiOkResponse({ type: AuditSettingsDto })
  async patchSettings(@Body() patch: unknown, @AuditContext() context: AuditRequestContext): Promise<AuditSettingsDto> {
    return this.saveSettings(await patchedDocument(AuditSettingsDto, await this.audit.getSettings(), patch), context);
  }

  private async saveSettings(body: AuditSettingsDto, context: AuditRequestContext): Promise<AuditSettingsDto> {
    const before = await this.audit.getSettings();
    const after = await this.audit.putSettings(body);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'settings', entityId: 'audit', before, after });
    return after;
  }
}

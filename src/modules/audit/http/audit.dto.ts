import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { MIN_RETENTION_DAYS } from '../application/audit.service.js';
import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES, type AuditEvent, type AuditEventType, type AuditOutcome } from '../domain/audit-event.js';

export class AuditEventQueryDto extends OmitType(PageQueryDto, ['search'] as const) {
  @ApiPropertyOptional({ format: 'date-time', description: 'Events at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ enum: AUDIT_EVENT_TYPES })
  @IsOptional()
  @IsIn(AUDIT_EVENT_TYPES)
  type?: AuditEventType;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  providerId?: string;
}

export class AuditEventDto implements AuditEvent {
  @ApiProperty({ example: '1042', description: 'Increasing with time; a string because it is a 64-bit integer' }) id: string;
  @ApiProperty() occurredAt: Date;
  @ApiProperty({ enum: AUDIT_EVENT_TYPES }) type: string;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome: AuditOutcome;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'SSO_DOMAIN_NOT_ALLOWED' }) code: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) providerId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) providerSlug: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) userId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) username: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'api-token:terraform (6f1c…)' }) actor: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) ip: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) userAgent: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Rules fired, groups added/removed/created; for admin changes action, entity, entityId, changed, before, after. Secrets are redacted.',
  })
  details: Record<string, unknown>;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as cursor for older events; null on the last page' })
  nextCursor: string | null;
}

export class AuditSettingsDto {
  @ApiProperty({
    minimum: MIN_RETENTION_DAYS,
    maximum: 3650,
    default: 90,
    description: `Events older than this many days are purged daily; at least ${MIN_RETENTION_DAYS}, so one mistaken change cannot empty the log`,
  })
  @IsInt()
  @Min(MIN_RETENTION_DAYS, { message: `retentionDays must be at least ${MIN_RETENTION_DAYS} (days)` })
  @Max(3650)
  retentionDays: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ExportQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Seal each client secret and the backdoor key with the passphrase of the X-Sesame-Passphrase header (required then)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeSecrets?: 'true' | 'false';
}

export class ImportQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Validate and report what would change; write nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

export class ProviderChangeDto {
  @ApiProperty() slug: string;
  @ApiProperty({ enum: ['created', 'updated', 'unchanged'] }) change: string;
  @ApiProperty({ type: [String], example: ['displayName', 'groupMapping.mode'], description: 'What differs; never a value' })
  changed: string[];
}

export class SettingsChangeDto {
  @ApiProperty({ enum: ['updated', 'unchanged'] }) change: string;
  @ApiProperty({ type: [String] }) changed: string[];
}

export class SettingsChangesDto {
  @ApiPropertyOptional({ type: SettingsChangeDto }) signInSettings?: SettingsChangeDto;
  @ApiPropertyOptional({ type: SettingsChangeDto }) redirectRules?: SettingsChangeDto;
  @ApiPropertyOptional({ type: SettingsChangeDto }) lookAndFeel?: SettingsChangeDto;
}

export class ImportReportDto {
  @ApiProperty({ description: 'true: nothing was written' }) dryRun: boolean;
  @ApiProperty({ type: [ProviderChangeDto], description: 'The providers of the document; others are left alone' })
  providers: ProviderChangeDto[];
  @ApiProperty({ type: SettingsChangesDto, description: 'The settings documents the document has; the others are left alone' })
  settings: SettingsChangesDto;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { NestedObject } from '../../../common/validation.js';
import type { GroupMappingInput, ManualMappingInput, ManualRuleInput, OnTheFlyMapping } from '../domain/group-mapping.js';
import { Allow, ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class ManualRuleDto implements ManualRuleInput {
  @ApiProperty({ example: 'bitbucket-software-users', description: 'Local group; with a pattern it may use $1, $2…' })
  @IsString()
  @MaxLength(255)
  localGroup: string;

  @ApiPropertyOptional({ example: ['dev'], description: 'Provider groups mapped to it (exact, case-insensitive)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  idpGroups?: string[];

  @ApiPropertyOptional({ example: '^team-(.+)$', description: 'Or: a regex that must match the whole provider group name' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  idpGroupPattern?: string;
}

export class ManualMappingDto implements ManualMappingInput {
  @ApiProperty({ type: [ManualRuleDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ManualRuleDto)
  rules: ManualRuleDto[];
  @ApiProperty({ description: 'Create new users only when at least one of their groups maps' })
  @IsBoolean()
  requireMappedGroupForCreation: boolean;
}

export class OnTheFlyMappingDto implements OnTheFlyMapping {
  @ApiProperty({ description: 'Create local groups that do not exist yet' }) @IsBoolean() createMissingGroups: boolean;
  @ApiProperty({ description: 'false: remove the user from local groups absent from the provider response' })
  @IsBoolean()
  keepExistingGroups: boolean;
  @ApiProperty({ type: [String], description: 'Groups a login never adds or removes' })
  @IsArray()
  @IsString({ each: true })
  excludeGroups: string[];
}

export class GroupMappingDto implements GroupMappingInput {
  @ApiPropertyOptional({ example: 'groups', nullable: true, type: String, description: 'Claim path; array, string or "a,b;c"' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  groupAttribute: string | null = null;
  @ApiProperty({ type: [String], description: 'Groups a login adds' }) @IsArray() @IsString({ each: true }) defaultGroups: string[];
  @ApiProperty({ enum: ['all', 'new', 'none'] }) @IsIn(['all', 'new', 'none']) assignDefaultGroupsTo: 'all' | 'new' | 'none';
  @ApiProperty({ enum: ['disabled', 'manual', 'on-the-fly'] }) @IsIn(['disabled', 'manual', 'on-the-fly']) mode:
    'disabled' | 'manual' | 'on-the-fly';
  @ApiProperty({ description: 'false = "Disable Group Mapping" for existing users' }) @IsBoolean() updateExistingUsers: boolean;
  @ApiProperty({ type: ManualMappingDto }) @NestedObject(() => ManualMappingDto) manual: ManualMappingDto;
  @ApiProperty({ type: OnTheFlyMappingDto }) @NestedObject(() => OnTheFlyMappingDto) onTheFly: OnTheFlyMappingDto;
  @ApiProperty({ type: [String], description: 'Only members of these provider groups may sign in (empty = anyone)' })
  @IsArray()
  @IsString({ each: true })
  allowedGroups: string[];
  @ApiPropertyOptional({
    type: () => [DanglingRuleDto],
    readOnly: true,
    description: 'Read-only report: manual rules naming a local group that does not exist (ignored on PUT)',
  })
  @Allow()
  danglingRules?: unknown;
}

export class DanglingRuleDto {
  @ApiProperty({ example: 0, description: 'Index in manual.rules' }) index: number;
  @ApiProperty({ example: 'bitbucket-admins' }) localGroup: string;
}

export class GroupMappingSaveQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: create the local groups that manual rules name and that do not exist yet; else such rules are refused (422)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  createMissing?: 'true' | 'false';
}

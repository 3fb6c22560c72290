import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Decided, MappingPreview } from '../application/describe-plan.js';

// The answer of POST /api/admin/mapping-preview, typed for the generated client and the console.

const RULE_CODE = 'The rule that decided it: a stable code (SCREAMING_SNAKE_CASE); new codes may be added';
const RULE = 'The same rule in words, as the audit log records it';

export class PreviewRuleDto {
  @ApiProperty({ example: 'SAME_AS_LAST_LOGIN', description: RULE_CODE }) ruleCode: string;
  @ApiProperty({ description: RULE }) rule: string;
}

export class SignInOutcomeDto extends PreviewRuleDto implements Decided<'allowed' | 'refused'> {
  @ApiProperty({ enum: ['allowed', 'refused'] }) outcome: 'allowed' | 'refused';
  @ApiProperty({
    example: 'SIGN_IN_OPEN',
    description: `${RULE_CODE}: SIGN_IN_OPEN, SSO_OFF, PROVIDER_OFF, TENANT_NOT_ALLOWED, EMAIL_DOMAIN_NOT_ALLOWED, or the account, group or profile rule that refused`,
  })
  declare ruleCode: string;
}

type AccountOutcome = 'created' | 'linked' | 'relinked' | 'signed-in' | 'refused';

export class AccountOutcomeDto extends PreviewRuleDto implements Decided<AccountOutcome> {
  @ApiProperty({
    enum: ['created', 'linked', 'relinked', 'signed-in', 'refused'],
    description: 'signed-in: the account already linked to this provider and subject',
  })
  outcome: AccountOutcome;
  @ApiProperty({
    example: 'MATCHED_BY_USERNAME',
    description:
      `${RULE_CODE}: IDENTITY_LINK, RELINKED_BY_USERNAME, RELINKED_BY_VERIFIED_EMAIL, MATCHED_BY_USERNAME, MATCHED_BY_VERIFIED_EMAIL, ` +
      'NEW_ACCOUNT, EMAIL_NOT_VERIFIED, MATCH_LINKED_ELSEWHERE, USER_DISABLED, CREATION_DISABLED, USERNAME_TAKEN, EMAIL_TAKEN',
  })
  declare ruleCode: string;
}

export class PreviewUserDto extends PreviewRuleDto {
  @ApiProperty({ enum: ['create', 'use'] }) action: 'create' | 'use';
  @ApiProperty({ type: String, nullable: true, description: 'The existing account (null for a new one)' }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) username: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
}

export class ProfileFieldOutcomeDto extends PreviewRuleDto {
  @ApiProperty({ enum: ['username', 'email', 'firstName', 'lastName', 'displayName'] })
  field: 'username' | 'email' | 'firstName' | 'lastName' | 'displayName';
  @ApiProperty({ enum: ['set', 'changed', 'kept'], description: 'set: a new account gets it; changed / kept: an existing account’s' })
  outcome: 'set' | 'changed' | 'kept';
  @ApiProperty({ type: String, nullable: true, description: 'The value after the login' }) value: string | null;
  @ApiProperty({
    example: 'UPDATED_FROM_CLAIM',
    description: `${RULE_CODE}: FROM_CLAIM, NOT_SENT, UPDATED_FROM_CLAIM, UNCHANGED, PROFILE_UPDATES_OFF, USERNAME_KEPT, USERNAME_TAKEN, EMAIL_TAKEN`,
  })
  declare ruleCode:
    | 'FROM_CLAIM'
    | 'NOT_SENT'
    | 'UPDATED_FROM_CLAIM'
    | 'UNCHANGED'
    | 'PROFILE_UPDATES_OFF'
    | 'USERNAME_KEPT'
    | 'USERNAME_TAKEN'
    | 'EMAIL_TAKEN';
}

export class PreviewGroupDto extends PreviewRuleDto {
  @ApiProperty({ example: 'engineering' }) group: string;
  @ApiProperty({
    example: 'MANUAL_RULE',
    description:
      `${RULE_CODE}: DEFAULT_GROUP, MANUAL_RULE, MANUAL_EMPTY_NAME, MANUAL_NO_LOCAL_GROUP, MANUAL_NO_LONGER_MAPPED, MANUAL_NOT_MANAGED, ` +
      'ON_THE_FLY, ON_THE_FLY_CREATED, ON_THE_FLY_EXCLUDED, ON_THE_FLY_NO_LOCAL_GROUP, ON_THE_FLY_ABSENT, ON_THE_FLY_KEEP_EXISTING, ' +
      'ADDED_BY_ADMIN, SET_BY_SCIM, MAPPING_OFF, EXISTING_USERS_NOT_UPDATED',
  })
  declare ruleCode: string;
  @ApiPropertyOptional({ example: 2, description: 'The manual mapping row (from 1) that decided it' }) row?: number;
}

export class PreviewGroupAddDto extends PreviewGroupDto {
  @ApiProperty({ enum: ['sso', 'default'] }) origin: 'sso' | 'default';
}

export class PreviewGroupsDto {
  @ApiProperty({ type: [PreviewGroupAddDto] }) add: PreviewGroupAddDto[];
  @ApiProperty({ type: [PreviewGroupDto] }) remove: PreviewGroupDto[];
  @ApiProperty({ type: [String], description: 'Local groups the login creates first' }) create: string[];
  @ApiProperty({ type: [PreviewGroupDto], description: 'Groups the provider pointed at that the login leaves alone' })
  skipped: PreviewGroupDto[];
  @ApiProperty({ type: [PreviewGroupDto], description: 'The user’s memberships the login keeps' }) kept: PreviewGroupDto[];
  @ApiProperty({
    type: PreviewRuleDto,
    nullable: true,
    description: 'Set (SAME_AS_LAST_LOGIN) when the groups are not planned again: the same groups and mapping as at the last login',
  })
  notPlanned: PreviewRuleDto | null;
}

export class PreviewRefusalDto extends PreviewRuleDto {
  @ApiProperty({ example: 'SSO_EMAIL_NOT_VERIFIED', description: 'The error code the login would answer' }) code: string;
  @ApiProperty({ description: 'What the person would read' }) message: string;
}

export class MappingPreviewResultDto implements MappingPreview {
  @ApiProperty({ type: SignInOutcomeDto }) signIn: SignInOutcomeDto;
  @ApiProperty({ type: AccountOutcomeDto, nullable: true, description: 'null: refused before any account was looked at' })
  account: AccountOutcomeDto | null;
  @ApiProperty({ type: PreviewUserDto, nullable: true }) user: PreviewUserDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'A new account’s profile, or the fields an existing one changes',
  })
  profile: Record<string, unknown> | null;
  @ApiProperty({ type: [ProfileFieldOutcomeDto], description: 'Each profile field after the login, with its rule' })
  fields: ProfileFieldOutcomeDto[];
  @ApiProperty({ type: PreviewGroupsDto }) groups: PreviewGroupsDto;
  @ApiProperty({ type: PreviewRefusalDto, nullable: true }) denied: PreviewRefusalDto | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

export class RedirectRuleMatchDto {
  @ApiPropertyOptional({ type: [String], example: ['example.com'], description: 'Email domains (exact, any case); or emailPattern' })
  emailDomains?: string[];
  @ApiPropertyOptional({ example: '.*@(staff|ops)\\.example\\.com', description: 'A regular expression matched against the whole email' })
  emailPattern?: string;
}

export class RedirectRuleDto {
  @ApiProperty({ example: 'Staff', description: 'Unique; reported by the evaluation and in staleRules' }) name: string;
  @ApiProperty({ type: RedirectRuleMatchDto, description: 'Exactly one of emailDomains or emailPattern' }) match: RedirectRuleMatchDto;
  @ApiProperty({ example: 'corporate', description: 'The provider, by id or slug (stored and returned as its id)' }) providerId: string;
}

export class RedirectRulesDto {
  @ApiProperty({ description: 'Show the email-first form on /login' }) @IsBoolean() enabled: boolean;

  @ApiProperty({
    type: [RedirectRuleDto],
    description: 'Tried in order: the first rule that matches and whose provider is enabled chooses it',
  })
  @IsArray()
  @Allow() // each rule is checked by validateRedirectRules, which names the field
  rules: unknown[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: null,
    description: 'The provider (id or slug) used when no rule matches; null: none, the login page says so',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  defaultProviderId: string | null = null;

  @ApiPropertyOptional({
    type: [String],
    readOnly: true,
    description:
      'Read-only: names of the rules (and "default") whose provider was deleted or disabled since; they are skipped. Ignored on PUT and PATCH',
  })
  @Allow()
  staleRules?: unknown;
}

export class EvaluateDto {
  @ApiProperty({ example: 'jane@example.com' }) @IsString() @MaxLength(320) email: string;
}

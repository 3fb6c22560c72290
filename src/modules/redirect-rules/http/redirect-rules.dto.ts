import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Allow, IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { ProviderChoice, RedirectRule } from '../domain/redirect-rules.js';

/** Exactly one of the two ways to match, as OpenAPI says it (the rule checks itself in validateRedirectRules). */
export const REDIRECT_RULE_MATCH: ApiPropertyOptions = {
  oneOf: [
    {
      type: 'object',
      properties: {
        emailDomains: {
          type: 'array',
          items: { type: 'string' },
          example: ['example.com'],
          description: 'Email domains (exact, any case)',
        },
      },
      required: ['emailDomains'],
    },
    {
      type: 'object',
      properties: {
        emailPattern: {
          type: 'string',
          example: '.*@(staff|ops)\\.example\\.com',
          description: 'A regular expression matched against the whole email',
        },
      },
      required: ['emailPattern'],
    },
  ],
  description: 'Exactly one of emailDomains or emailPattern',
};

export class RedirectRuleDto implements RedirectRule {
  @ApiProperty({ example: 'Staff', description: 'Unique; reported by the evaluation and in staleRules' }) name: string;
  @ApiProperty(REDIRECT_RULE_MATCH) match: RedirectRule['match'];
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

/** POST /api/admin/redirect-rules/evaluate, a provider chosen. */
export class ProviderChosenDto implements Extract<ProviderChoice, { ok: true }> {
  @ApiProperty({ type: Boolean, enum: [true] }) ok: true;
  @ApiProperty({ example: '6f1c2a9e-8d3b-4c47-9e2f-0a1b2c3d4e5f', description: 'The chosen provider’s id' }) providerId: string;
  @ApiProperty({ example: 'Staff', description: 'The rule that matched, or "default" for the default provider' }) rule: string;
}

/** POST /api/admin/redirect-rules/evaluate, no provider: what the login page would say. */
export class NoProviderDto implements Extract<ProviderChoice, { ok: false }> {
  @ApiProperty({ type: Boolean, enum: [false] }) ok: false;
  @ApiProperty({ enum: ['LOGIN_NO_PROVIDER', 'INVALID_EMAIL'] }) code: 'LOGIN_NO_PROVIDER' | 'INVALID_EMAIL';
  @ApiProperty({ example: 'No sign-in method is set up for this email address.' }) message: string;
}

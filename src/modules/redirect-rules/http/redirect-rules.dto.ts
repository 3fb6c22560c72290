import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsArray, IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class RedirectRulesDto {
  @ApiProperty({ description: 'Show the email-first form on /login' }) @IsBoolean() enabled: boolean;

  @ApiProperty({
    description: 'Applied in order: [{ name, match: { emailDomains: [...] } | { emailPattern: "regex" }, providerId }]',
    example: [{ name: 'Staff', match: { emailDomains: ['example.com'] }, providerId: '00000000-0000-4000-8000-000000000000' }],
  })
  @IsArray()
  @Allow() // each rule is checked by validateRedirectRules, which names the field
  rules: unknown[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Used when no rule matches' })
  @IsOptional()
  @IsUUID()
  defaultProviderId: string | null = null;
}

export class EvaluateDto {
  @ApiProperty({ example: 'jane@example.com' }) @IsString() @MaxLength(320) email: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import type { AccessRule } from '../domain/access-rules.js';
import type { AccessDecision } from '../domain/decide-access.js';

const AUDIENCE = 'Part of the audience; left out: none. Always present in answers';

/** A rule as GET answers it (normalised); PUT and PATCH take the same, with the optional members left out. */
export class AccessRuleDto implements AccessRule {
  @ApiProperty({ example: 'Git' }) name: string;
  @ApiProperty({ example: 'git.example.com', description: 'A host, or *.example.com for every host below example.com' })
  host: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '/admin', description: 'null or left out: the whole host' })
  pathPrefix: string | null;
  @ApiProperty({ enum: ['allow', 'deny'] }) policy: 'allow' | 'deny';
  @ApiPropertyOptional({ type: [String], example: ['developers'], description: AUDIENCE }) groups: string[];
  @ApiPropertyOptional({ type: [String], example: [], description: AUDIENCE }) emailDomains: string[];
  @ApiPropertyOptional({ type: [String], example: [], description: `Usernames or emails. ${AUDIENCE}` }) users: string[];
}

export class AccessRulesDto {
  @ApiProperty({
    type: [AccessRuleDto],
    description:
      'Tried in order by GET /auth/check: [{ name, host ("git.example.com" or "*.example.com"), pathPrefix (optional, "/admin"), ' +
      'policy ("allow" | "deny"), groups, emailDomains, users (usernames or emails) }]. The first rule that covers the request and ' +
      'whose audience (any listed group, email domain or user; none listed: everyone) includes the person decides. When allow rules ' +
      'cover a request but none includes the person, it is refused; a request no allow rule covers is open to anyone signed in.',
    example: [
      { name: 'No contractors on git', host: 'git.example.com', policy: 'deny', emailDomains: ['contractor.example'] },
      { name: 'Git admin pages', host: 'git.example.com', pathPrefix: '/admin', policy: 'allow', groups: ['git-admins'] },
      { name: 'Git', host: 'git.example.com', policy: 'allow', groups: ['developers'], users: ['auditor@example.com'] },
    ],
  })
  @IsArray()
  @Allow() // each rule is checked by checkAccessRules, which names the field
  rules: unknown[];
}

export class EvaluateAccessDto {
  @ApiProperty({ example: 'git.example.com' }) @IsString() @MaxLength(300) host: string;
  @ApiPropertyOptional({ example: '/admin/users', default: '/' }) @IsOptional() @IsString() @MaxLength(4000) uri: string = '/';
  @ApiProperty({ example: 'jane' }) @IsString() @MaxLength(320) username: string;
  @ApiPropertyOptional({ example: 'jane@example.com', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email: string | null = null;
  @ApiPropertyOptional({ example: ['developers'], type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  groups: string[] = [];
}

type Allowed = Extract<AccessDecision, { allowed: true }>;
type Refused = Extract<AccessDecision, { allowed: false }>;
const DECIDING_RULE = { type: String, nullable: true, example: 'Git', description: 'The rule that decided; null: no rule did' } as const;

/** POST /api/admin/access-rules/evaluate, allowed. */
export class AccessAllowedDto implements Allowed {
  @ApiProperty({ type: Boolean, enum: [true] }) allowed: true;
  @ApiProperty(DECIDING_RULE) rule: string | null;
}

/** POST /api/admin/access-rules/evaluate, refused: `reason` says why, for the person. */
export class AccessRefusedDto implements Refused {
  @ApiProperty({ type: Boolean, enum: [false] }) allowed: false;
  @ApiProperty(DECIDING_RULE) rule: string | null;
  @ApiProperty({ example: 'Only members of developers may use git.example.com.' }) reason: string;
}

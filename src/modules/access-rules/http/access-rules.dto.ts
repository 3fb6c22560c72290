import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

export class AccessRulesDto {
  @ApiProperty({
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

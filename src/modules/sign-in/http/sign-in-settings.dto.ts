import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NestedObject } from '../../../common/validation.js';
import { Allow, IsArray, IsBoolean, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';

export class AutoRedirectDto {
  @ApiProperty({ description: 'Send every visit to the login page straight to one provider' }) @IsBoolean() enabled: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: null,
    description:
      'The provider, by id or slug (stored and returned as its id); required when enabled. One that names no provider is refused (422)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  providerId: string | null = null;
  @ApiProperty({ minimum: 0, maximum: 60, description: 'Seconds of countdown (0 = at once); /login?sso=false skips it' })
  @IsInt()
  delaySeconds: number;
}

export class BackdoorDto {
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    writeOnly: true,
    description:
      'Write-only: the secret in /backdoor?key=…, at least 16 of [A-Za-z0-9_-]. Never returned (see hasKey). ' +
      'Left out: the stored key is kept. A new value replaces it (rotation). null removes it (the login page then links to /backdoor).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  key?: string | null;
  @ApiPropertyOptional({
    readOnly: true,
    description: 'Whether a key is set. Read-only: ignored in a PUT, so a GET document can be put back.',
  })
  @IsOptional()
  @IsBoolean()
  hasKey?: boolean;
  @ApiProperty({ type: [String], description: 'Only members of these local groups may use it (empty = any local user)' })
  @IsArray()
  @IsString({ each: true })
  allowedGroups: string[];
}

export class ApiAccessDto {
  @ApiProperty({ type: [String], example: ['10.0.0.0/8'], description: 'Networks admin API tokens are accepted from (empty = anywhere)' })
  @IsArray()
  @IsString({ each: true })
  allowedCidrs: string[];
}

export class AdminGroupsDto {
  @ApiProperty({
    type: [String],
    example: ['admins'],
    description:
      'Members of these groups may use the admin console (/admin) and the admin API with their session, and change everything. ' +
      'Empty: nobody signs in to the console (API tokens still work). A change that leaves these groups without an enabled member is refused (LOCKOUT_GUARD).',
  })
  @IsArray()
  @IsString({ each: true })
  admin: string[];
  @ApiProperty({
    type: [String],
    example: ['auditors'],
    description: 'Members of these groups may read everything in the console and change nothing (403 on a write)',
  })
  @IsArray()
  @IsString({ each: true })
  readOnly: string[];
}

export class AdminSessionDto {
  @ApiProperty({
    minimum: 1,
    maximum: 43200,
    example: 60,
    description:
      'A write through the console needs a sign-in at most this many minutes old; after that the person signs in again (reads go on)',
  })
  @IsInt()
  reauthenticateAfterMinutes: number;
}

export class RememberMeDto {
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiProperty({ minimum: 1, maximum: 365 }) @IsInt() days: number;
}

export class SessionSettingsDto {
  @ApiProperty({ minimum: 1 }) @IsInt() idleTimeoutMinutes: number;
  @ApiProperty({ minimum: 1 }) @IsInt() absoluteTimeoutHours: number;
  @ApiProperty({ type: RememberMeDto }) @NestedObject(() => RememberMeDto) rememberMe: RememberMeDto;
}

export class SignInSettingsDto {
  @ApiProperty({ description: 'Global SSO switch' }) @IsBoolean() ssoEnabled: boolean;
  @ApiProperty({ type: AutoRedirectDto }) @NestedObject(() => AutoRedirectDto) autoRedirect: AutoRedirectDto;
  @ApiProperty({ type: BackdoorDto }) @NestedObject(() => BackdoorDto) backdoor: BackdoorDto;
  @ApiProperty({
    oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }],
    example: ['example.com', 'example.org'],
    description: 'Allowed email domains (a list, or "a.com;b.com"); empty = all',
  })
  @Allow() // checked domain by domain in the service, which names the bad entry
  allowedEmailDomains: string[] | string;
  @ApiProperty({ description: 'Local users may change their password at POST /api/me/password' }) @IsBoolean() allowPasswordChange: boolean;
  @ApiProperty({ type: ApiAccessDto }) @NestedObject(() => ApiAccessDto) apiAccess: ApiAccessDto;
  @ApiPropertyOptional({ type: AdminGroupsDto, description: 'Who may use the admin console. Left out of a PUT: kept as stored.' })
  @IsOptional()
  @NestedObject(() => AdminGroupsDto)
  adminGroups?: AdminGroupsDto;
  @ApiPropertyOptional({ type: AdminSessionDto, description: 'Re-authentication for console writes. Left out of a PUT: kept as stored.' })
  @IsOptional()
  @NestedObject(() => AdminSessionDto)
  adminSession?: AdminSessionDto;
  @ApiProperty({ type: SessionSettingsDto }) @NestedObject(() => SessionSettingsDto) session: SessionSettingsDto;
}

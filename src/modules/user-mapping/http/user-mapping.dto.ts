import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

import type { RelinkOnSubjectChange, UserMapping } from '../domain/user-mapping.js';

const CLAIM_PATH = 'A claim name, or a JMESPath expression such as custom_attributes.Department';

export class UserMappingDto implements UserMapping {
  @ApiProperty({ example: 'preferred_username', description: CLAIM_PATH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  usernameAttribute: string;
  @ApiProperty({ example: 'email', description: CLAIM_PATH }) @IsString() @IsNotEmpty() @MaxLength(500) emailAttribute: string;
  @ApiProperty({ example: 'given_name' }) @IsString() @IsNotEmpty() @MaxLength(500) firstNameAttribute: string;
  @ApiProperty({ example: 'family_name' }) @IsString() @IsNotEmpty() @MaxLength(500) lastNameAttribute: string;
  @ApiPropertyOptional({ example: 'name', nullable: true, type: String, description: 'null: first and last name joined' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  displayNameAttribute: string | null = null;
  @ApiProperty({ enum: ['username', 'email'], description: 'How a first login finds an existing account' })
  @IsIn(['username', 'email'])
  matchBy: 'username' | 'email';
  @ApiProperty({ description: 'Create users who have no account yet' }) @IsBoolean() allowUserCreation: boolean;
  @ApiProperty({ description: 'false = read-only directory: logins never change existing profiles' })
  @IsBoolean()
  updateProfileOnLogin: boolean;
  @ApiProperty({ description: 'Accept the email as verified without email_verified=true' }) @IsBoolean() trustEmail: boolean;
  @ApiPropertyOptional({
    default: false,
    description:
      'true: a login renames an existing account to the username the provider sends (with updateProfileOnLogin). ' +
      'Off by default: applications key on the username (X-Auth-Request-User), so an account keeps it on every login.',
  })
  @IsOptional()
  @IsBoolean()
  updateUsernameOnLogin: boolean = false;
  @ApiPropertyOptional({
    enum: ['off', 'verified-email', 'username'],
    default: 'off',
    description:
      'When the provider was rebuilt (same person, new sub): re-link the account found by verified email or by username ' +
      'whose link to this same provider has another sub, replacing the old link (audited). ' +
      "'off' refuses with SSO_USERNAME_CONFLICT. Never re-links across providers, never by an unverified email.",
  })
  @IsOptional()
  @IsIn(['off', 'verified-email', 'username'])
  relinkOnSubjectChange: RelinkOnSubjectChange = 'off';
}

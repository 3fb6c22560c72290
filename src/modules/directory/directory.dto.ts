import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-hasher.js';
import type { MembershipOrigin } from './membership.entity.js';

const USERNAME = /^[^\s\x00-\x1f\x7f]+$/;

export class CreateUserDto {
  @ApiProperty({ example: 'alice', description: 'Unique, case-insensitively; no spaces' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @Matches(USERNAME, { message: 'username must not contain spaces or control characters' })
  username: string;

  @ApiPropertyOptional({ example: 'alice@example.com', nullable: true, type: String })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(255) firstName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(255) lastName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(255) displayName?: string | null;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;

  @ApiPropertyOptional({
    description: `Local password (backdoor login), ${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters; write-only`,
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password?: string;
}

export class UpdateUserDto extends PartialType(CreateUserDto) {}

/**
 * A password, or null to remove it. Only an explicit null removes it: an empty or missing
 * body is a mistake, not a request. One check, so a missing value gets one message.
 */
function IsNewPassword() {
  return ValidateBy({
    name: 'isNewPassword',
    validator: {
      validate: (value: unknown) =>
        value === null || (typeof value === 'string' && value.length >= MIN_PASSWORD_LENGTH && value.length <= MAX_PASSWORD_LENGTH),
      defaultMessage: (args) =>
        args?.value === undefined
          ? 'password is required (a string, or null to remove the password)'
          : typeof args.value !== 'string'
            ? 'password must be a string, or null to remove the password'
            : `password must be ${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters`,
    },
  });
}

export class SetPasswordDto {
  @ApiProperty({ writeOnly: true, description: 'null removes the local password', nullable: true, type: String })
  @IsNewPassword()
  password: string | null;
}

export class UserGroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['manual', 'sso', 'default', 'scim', 'resync'] }) origin: MembershipOrigin;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String }) lastName: string | null;
  @ApiProperty({ nullable: true, type: String }) displayName: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'Whether a local password is set (the hash is never returned)' }) hasPassword: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) lastLoginAt: Date | null;
  @ApiPropertyOptional({ type: [UserGroupDto], description: 'Only when reading one user' }) groups?: UserGroupDto[];
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty({ nullable: true, type: String, description: 'null: the last page' }) nextCursor: string | null;
}

export class CreateGroupDto {
  @ApiProperty({ example: 'developers', description: 'Unique, case-insensitively' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @Matches(/^[^\x00-\x1f\x7f,]+$/, { message: 'name must not contain commas or control characters' })
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(1000) description?: string | null;
}

export class UpdateGroupDto extends PartialType(CreateGroupDto) {}

export class GroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class GroupPageDto {
  @ApiProperty({ type: [GroupDto] }) items: GroupDto[];
  @ApiProperty({ nullable: true, type: String, description: 'null: the last page' }) nextCursor: string | null;
}

export class AddMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ enum: ['manual', 'sso', 'default'], default: 'manual' })
  @IsOptional()
  @IsIn(['manual', 'sso', 'default'])
  origin?: MembershipOrigin;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() username: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: ['manual', 'sso', 'default', 'scim', 'resync'] }) origin: MembershipOrigin;
  @ApiProperty() since: Date;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] }) items: MemberDto[];
  @ApiProperty({ nullable: true, type: String, description: 'null: the last page' }) nextCursor: string | null;
}

export class IdentityLinkDto {
  @ApiProperty({ format: 'uuid', description: 'The link (use it to remove the link)' }) id: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ example: 'corporate' }) providerSlug: string;
  @ApiProperty({ example: 'Corporate sign-in' }) providerDisplayName: string;
  @ApiProperty({ example: '00u1abcd', description: "The user's `sub` at the provider" }) subject: string;
  @ApiProperty({ description: 'When a login made the link' }) linkedAt: Date;
  @ApiProperty({ description: 'The last login through it' }) lastLoginAt: Date;
}

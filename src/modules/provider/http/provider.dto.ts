import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PRESET_NAMES, type PresetName } from '../domain/presets.js';
import type { ClientAuthMethod, ProviderKind } from '../domain/provider.js';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class EndpointsDto {
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) authorization?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) token?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) userinfo?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) jwks?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) endSession?: string;
}

export class CreateProviderDto {
  @ApiProperty({ example: 'salesforce', description: 'Used in /sso/{slug}/...; [a-z0-9-]{2,40}' })
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'slug must be 2 to 40 characters of a-z, 0-9 and -' })
  slug: string;

  @ApiProperty({ example: 'Salesforce', description: 'Shown on the login button' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ enum: ['oidc', 'oauth2'], description: 'oauth2: no ID token, identity from the userinfo endpoint' })
  @IsIn(['oidc', 'oauth2'])
  kind: ProviderKind;

  @ApiProperty({ enum: PRESET_NAMES })
  @IsIn(PRESET_NAMES)
  preset: PresetName;

  @ApiPropertyOptional({ example: 'https://login.salesforce.com', nullable: true, type: String })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  issuer?: string | null;

  @ApiPropertyOptional({ type: EndpointsDto, description: 'Required for oauth2; optional overrides for oidc' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EndpointsDto)
  endpoints?: EndpointsDto;

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) clientId: string;

  @ApiPropertyOptional({ writeOnly: true, nullable: true, type: String, description: 'Write-only; sealed at rest; null removes it' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  clientSecret?: string | null;

  @ApiPropertyOptional({ example: ['openid', 'profile', 'email'], description: 'Default: the preset’s' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[\x21\x23-\x5B\x5D-\x7E]+$/, { each: true, message: 'each scope must be a scope token (no spaces or quotes)' })
  scopes?: string[];

  @ApiPropertyOptional({ enum: ['client_secret_basic', 'client_secret_post'] })
  @IsOptional()
  @IsIn(['client_secret_basic', 'client_secret_post'])
  clientAuthMethod?: ClientAuthMethod;

  @ApiPropertyOptional({ example: { prompt: 'login' }, description: 'Extra authorization request parameters' })
  @IsOptional()
  @IsObject()
  authorizeParams?: Record<string, string>;

  @ApiPropertyOptional({ example: 'id', nullable: true, type: String, description: 'oauth2: the userinfo field that is the stable id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subjectAttribute?: string | null;

  @ApiPropertyOptional({ description: 'Entra ID: tenant ids (tid) allowed to sign in; empty = the configured tenant only' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  allowedTenants?: string[];

  @ApiPropertyOptional({ description: 'Accept emails as verified without email_verified=true' })
  @IsOptional()
  @IsBoolean()
  trustedForEmail?: boolean;

  @ApiPropertyOptional({ description: 'On logout, also end the session at the provider (RP-initiated logout)' })
  @IsOptional()
  @IsBoolean()
  logoutAtProvider?: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Overrides the look-and-feel login button text' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  buttonText?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'https URL (or /path) of an icon for the button' })
  @IsOptional()
  @Matches(/^(https:\/\/|\/(?!\/))[^\s"'<>]*$/, { message: 'iconUrl must be an https URL or a path on this site' })
  @MaxLength(2000)
  iconUrl?: string | null;

  @ApiPropertyOptional({ description: 'Position on the login page (lower first)' })
  @IsOptional()
  @IsInt()
  order?: number;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateProviderDto extends PartialType(CreateProviderDto) {}

export class SetEnabledDto {
  @ApiProperty() @IsBoolean() enabled: boolean;
}

export class ReorderProvidersDto {
  @ApiProperty({ type: [String], description: 'Provider ids in login-page order' })
  @IsArray()
  @IsUUID('all', { each: true })
  ids: string[];
}

export class ProviderDto extends OmitType(CreateProviderDto, ['clientSecret'] as const) {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Whether a client secret is stored (it is never returned)' }) hasClientSecret: boolean;
  @ApiProperty({ example: 'https://sso.example.com/sso/salesforce/callback', description: 'Paste this into the provider' })
  callbackUrl: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class TestLinkDto {
  @ApiProperty({ description: 'Open in a browser within 10 minutes; works once' }) url: string;
  @ApiProperty() expiresAt: Date;
}

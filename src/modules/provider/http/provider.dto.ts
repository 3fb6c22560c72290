import type { ProviderInput } from '../application/provider.service.js';
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
  Matches,
  MaxLength,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PRESET_NAMES, type PresetName } from '../domain/presets.js';
import type { ClientAuthMethod, ProviderKind } from '../domain/provider.js';
import { DEFAULT_RESYNC, RESYNC_LIMITS, type ResyncSettings } from '../domain/resync-settings.js';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

const BROWSER_ONLY = 'Only browsers visit it, so only its scheme and form are checked.';
const SERVER_SIDE = 'Sesame calls it: it must not resolve to a private or loopback address unless insecure providers are allowed.';

export class EndpointsDto {
  @ApiPropertyOptional({
    example: 'https://idp.example.com/oauth/authorize',
    description: `Where browsers are sent to sign in. ${BROWSER_ONLY}`,
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  authorization?: string;
  @ApiPropertyOptional({ example: 'https://idp.example.com/oauth/token', description: `The code is exchanged here. ${SERVER_SIDE}` })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  token?: string;
  @ApiPropertyOptional({ example: 'https://idp.example.com/api/me', description: `Claims about the user. ${SERVER_SIDE}` })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  userinfo?: string;
  @ApiPropertyOptional({ example: 'https://idp.example.com/oauth/jwks', description: `The keys that sign ID tokens. ${SERVER_SIDE}` })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  jwks?: string;
  @ApiPropertyOptional({
    example: 'https://idp.example.com/oauth/logout',
    description: `RP-initiated logout, for logoutAtProvider. ${BROWSER_ONLY}`,
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  endSession?: string;
}

export class ResyncDto implements Partial<ResyncSettings> {
  @ApiPropertyOptional({
    default: DEFAULT_RESYNC.enabled,
    description:
      'Ask for offline_access, keep the refresh token (sealed) and re-check each signed-in person in the background: profile and groups by the same mappings as a login; sessions end when the provider refuses the refresh token (invalid_grant)',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    default: DEFAULT_RESYNC.intervalSeconds,
    minimum: RESYNC_LIMITS.intervalSeconds.min,
    maximum: RESYNC_LIMITS.intervalSeconds.max,
    description: 'Seconds between two re-checks of one person',
  })
  @IsOptional()
  @IsInt()
  @Min(RESYNC_LIMITS.intervalSeconds.min)
  @Max(RESYNC_LIMITS.intervalSeconds.max)
  intervalSeconds?: number;

  @ApiPropertyOptional({
    default: DEFAULT_RESYNC.maxPerMinute,
    minimum: RESYNC_LIMITS.maxPerMinute.min,
    maximum: RESYNC_LIMITS.maxPerMinute.max,
    description: 'At most this many re-checks a minute at this provider, per Sesame instance',
  })
  @IsOptional()
  @IsInt()
  @Min(RESYNC_LIMITS.maxPerMinute.min)
  @Max(RESYNC_LIMITS.maxPerMinute.max)
  maxPerMinute?: number;
}

export class CreateProviderDto implements ProviderInput {
  @ApiProperty({
    example: 'corporate',
    description: 'Names the provider in /sso/{slug}/... and wherever an id is accepted; [a-z0-9-]{2,40}',
  })
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'slug must be 2 to 40 characters of a-z, 0-9 and -' })
  slug: string;

  @ApiProperty({ example: 'Corporate sign-in', description: 'Shown on the login button' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ enum: ['oidc', 'oauth2'], description: 'oauth2: no ID token, identity from the userinfo endpoint' })
  @IsIn(['oidc', 'oauth2'])
  kind: ProviderKind;

  @ApiProperty({
    enum: PRESET_NAMES,
    description: 'Defaults and checks of a known provider (scopes, issuer form, client authentication); generic for any other',
  })
  @IsIn(PRESET_NAMES)
  preset: PresetName;

  @ApiPropertyOptional({
    example: 'https://idp.example.com',
    nullable: true,
    type: String,
    description: 'oidc: discovery reads {issuer}/.well-known/openid-configuration, and ID tokens must name exactly this issuer',
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  issuer?: string | null;

  @ApiPropertyOptional({ type: EndpointsDto, description: 'Required for oauth2; optional overrides for oidc' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EndpointsDto)
  endpoints?: EndpointsDto;

  @ApiProperty({ example: 'sesame', description: 'The client ID the provider gave Sesame' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  clientId: string;

  @ApiPropertyOptional({ writeOnly: true, nullable: true, type: String, description: 'Write-only; sealed at rest; null removes it' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  clientSecret?: string | null;

  @ApiPropertyOptional({
    example: ['openid', 'profile', 'email'],
    description: 'Requested scopes. Default: the preset’s (without openid for an oauth2 provider)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[\x21\x23-\x5B\x5D-\x7E]+$/, { each: true, message: 'each scope must be a scope token (no spaces or quotes)' })
  scopes?: string[];

  @ApiPropertyOptional({
    enum: ['client_secret_basic', 'client_secret_post'],
    description: 'How Sesame authenticates at the token endpoint. Default: the preset’s',
  })
  @IsOptional()
  @IsIn(['client_secret_basic', 'client_secret_post'])
  clientAuthMethod?: ClientAuthMethod;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { prompt: 'login' },
    description: 'Extra authorization request parameters',
  })
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

  @ApiPropertyOptional({
    description:
      'Accept emails as verified without email_verified=true. The default of the user mapping’s trustEmail, which decides once a mapping is saved',
  })
  @IsOptional()
  @IsBoolean()
  trustEmail?: boolean;

  @ApiPropertyOptional({ description: 'On logout, also end the session at the provider (RP-initiated logout)' })
  @IsOptional()
  @IsBoolean()
  logoutAtProvider?: boolean;

  @ApiPropertyOptional({
    type: ResyncDto,
    description: 'Background re-sync through refresh tokens; a PATCH changes only the members it names',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResyncDto)
  resync?: ResyncDto;

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

  @ApiPropertyOptional({ default: true, description: 'Shown on the login page and usable for sign-in' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** The schema of a PATCH body: any members of the provider (a merge patch; see the operation). */
export class ProviderPatchDto extends PartialType(CreateProviderDto) {}

export class SetEnabledDto {
  @ApiProperty({ description: 'false hides the provider from the login page and refuses sign-in through it' })
  @IsBoolean()
  enabled: boolean;
}

export class ReorderProvidersDto {
  @ApiProperty({ type: [String], example: ['corporate'], description: 'Provider ids or slugs in login-page order' })
  @IsArray()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  ids: string[];
}

/** Members of a provider that GET shows and that a PUT or PATCH accepts and ignores. */
export const PROVIDER_READ_ONLY = ['id', 'hasClientSecret', 'callbackUrl', 'createdAt', 'updatedAt'] as const;

export class ProviderDto extends OmitType(CreateProviderDto, ['clientSecret'] as const) {
  @ApiProperty({ format: 'uuid', readOnly: true }) id: string;
  @ApiProperty({ readOnly: true, description: 'Whether a client secret is stored (it is never returned)' }) hasClientSecret: boolean;
  @ApiProperty({ readOnly: true, example: 'https://sso.example.com/sso/corporate/callback', description: 'Register this at the provider' })
  callbackUrl: string;
  @ApiProperty({ readOnly: true }) createdAt: Date;
  @ApiProperty({ readOnly: true }) updatedAt: Date;
}

export class TestLinkDto {
  @ApiProperty({ description: 'Open in a browser within 10 minutes; works once' }) url: string;
  @ApiProperty() expiresAt: Date;
}

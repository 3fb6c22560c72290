import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { isKnownErrorCode, KNOWN_ERROR_CODES } from './error-messages.js';
import { isRedirectTarget, type HomeLink, type LookAndFeelSettings } from './look-and-feel.settings.js';
import type { CustomisablePage } from './page-models.js';
import { templateVariables } from './template-variables.js';

const MAX_TEMPLATE_LENGTH = 100_000;
const MAX_ERROR_MESSAGE_LENGTH = 1_000;

const TEMPLATE_HELP =
  'A LiquidJS template for the whole page; null uses the built-in page. Every `{{ }}` is HTML-escaped (there is no `raw`); ' +
  'put `nonce="{{ nonce }}"` on <script> and <style> elements or the Content-Security-Policy blocks them; ' +
  '`{% default_styles %}` prints the built-in stylesheet; `| safe_url` empties any URL that is not http(s) or relative. ' +
  'No include, render, layout or block. A template that fails while rendering is replaced by the built-in page (and logged).';

function IsErrorMessageMap() {
  return ValidateBy({
    name: 'isErrorMessageMap',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        Object.entries(value).every(
          ([code, text]) => isKnownErrorCode(code) && typeof text === 'string' && text.length <= MAX_ERROR_MESSAGE_LENGTH,
        ),
      defaultMessage: () =>
        `errorMessages must map known error codes (${KNOWN_ERROR_CODES.join(', ')}) to texts of at most ${MAX_ERROR_MESSAGE_LENGTH} characters`,
    },
  });
}

function IsRedirectTarget() {
  return ValidateBy({
    name: 'isRedirectTarget',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isRedirectTarget(value),
      defaultMessage: () => 'postLogoutUrl must be an absolute http(s) URL or a path starting with /',
    },
  });
}

/** Types only; lengths and URL rules are checked by homeLinkProblems (422 naming `homeLinks[i].field`). */
export class HomeLinkDto implements Partial<HomeLink> {
  @ApiProperty({ example: 'Wiki', description: 'Shown as the link text (at most 100 characters).' })
  @IsString()
  name: string;

  @ApiProperty({ example: 'https://wiki.example.com/', description: 'An absolute http(s) URL (at most 2,000 characters).' })
  @IsString()
  url: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'A line under the name (at most 500 characters).' })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['developers'],
    description: 'Shown only to members of at least one of these groups (any case); empty or omitted: to everybody.',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  groups?: string[];
}

export class LookAndFeelDto implements Omit<LookAndFeelSettings, 'homeLinks' | 'homeTemplate'> {
  @ApiProperty({
    example: 'Log in with {{ provider.displayName }}',
    description: 'Liquid text for each provider button: `provider.displayName`, `provider.slug`. A provider’s own buttonText wins.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  loginButtonText: string;

  @ApiProperty({
    nullable: true,
    type: String,
    description: `${TEMPLATE_HELP} Variables: ${templateVariables('login')}.`,
  })
  @ValidateIf((o: LookAndFeelDto) => o.loginTemplate !== null)
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  loginTemplate: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: `${TEMPLATE_HELP} Variables: ${templateVariables('error')}.`,
  })
  @ValidateIf((o: LookAndFeelDto) => o.errorTemplate !== null)
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  errorTemplate: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: `${TEMPLATE_HELP} Variables: ${templateVariables('logout')}.`,
  })
  @ValidateIf((o: LookAndFeelDto) => o.logoutTemplate !== null)
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  logoutTemplate: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { SSO_DOMAIN_NOT_ALLOWED: 'Please sign in with your @example.com account.' },
    description: `The message shown for an error code instead of the built-in one. Codes: ${KNOWN_ERROR_CODES.join(', ')}.`,
  })
  @IsObject()
  @IsErrorMessageMap()
  errorMessages: Record<string, string>;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'https://intranet.example.com/',
    description: 'Where users go after logout instead of the logout page: an absolute http(s) URL or a path on this site.',
  })
  @ValidateIf((o: LookAndFeelDto) => o.postLogoutUrl !== null)
  @IsString()
  @MaxLength(2_000)
  @IsRedirectTarget()
  postLogoutUrl: string | null;

  @ApiPropertyOptional({
    type: [HomeLinkDto],
    description: 'The applications listed on the home page (`/`) for signed-in users, in this order (at most 100). Omitted: none.',
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => HomeLinkDto)
  homeLinks?: HomeLinkDto[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: `${TEMPLATE_HELP} The home page (\`/\`). Variables: ${templateVariables('home')}. Omitted: null.`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  homeTemplate?: string | null;
}

export class PreviewRequestDto {
  @ApiProperty({ enum: ['login', 'logout', 'error', 'home'] })
  @IsIn(['login', 'logout', 'error', 'home'])
  page: CustomisablePage;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The template to try. Omitted: the saved template of that page; null: the built-in page.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  template?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { message: 'Scheduled maintenance tonight from 22:00.', emailFirst: { enabled: true } },
    description: 'Fields of the page model merged over Sesame’s sample data (objects field by field; arrays replaced).',
  })
  @ValidateIf((o: PreviewRequestDto) => o.sample !== undefined)
  @IsObject({ message: 'sample must be an object (omit it for Sesame’s sample data)' })
  sample?: Record<string, unknown>;
}

export class PreviewResponseDto {
  @ApiProperty({ description: 'The rendered page' }) html: string;
}

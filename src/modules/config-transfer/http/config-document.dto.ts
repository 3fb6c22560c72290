import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { AccessRulesDto } from '../../access-rules/index.js';
import { GroupMappingDto } from '../../group-mapping/index.js';
import { LookAndFeelDto } from '../../look-and-feel/index.js';
import { ProviderDto } from '../../provider/index.js';
import { REDIRECT_RULE_MATCH } from '../../redirect-rules/index.js';
import { SignInSettingsDto } from '../../sign-in/index.js';
import { UserMappingDto } from '../../user-mapping/index.js';
import { CONFIG_FORMAT, CONFIG_VERSION } from '../domain/config-document.js';

const SEALED = 'Sealed with the passphrase (an export with includeSecrets=true)';

/** A provider as the document carries it: its settings by slug, no id or timestamps, with its mappings. */
export class ConfigProviderDto extends OmitType(ProviderDto, ['id', 'hasClientSecret', 'callbackUrl', 'createdAt', 'updatedAt'] as const) {
  @ApiProperty({ type: UserMappingDto }) userMapping: UserMappingDto;
  @ApiProperty({ type: GroupMappingDto }) groupMapping: GroupMappingDto;
  @ApiPropertyOptional({ description: `The client secret, ${SEALED.toLowerCase()}` }) sealedClientSecret?: string;
  @ApiPropertyOptional({ writeOnly: true, description: 'Import only: the client secret in the clear, instead of a sealed one' })
  clientSecret?: string;
}

export class ConfigAutoRedirectDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'corporate', description: 'The provider by slug' }) providerSlug: string | null;
  @ApiProperty({ minimum: 0, maximum: 60 }) delaySeconds: number;
}

export class ConfigBackdoorDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: [String] }) allowedGroups: string[];
  @ApiPropertyOptional({ description: `The backdoor key, ${SEALED.toLowerCase()}; never in the clear` }) sealedKey?: string;
}

/** The sign-in settings with the auto-redirect provider by slug and the backdoor key only ever sealed. */
export class ConfigSignInSettingsDto extends OmitType(SignInSettingsDto, ['autoRedirect', 'backdoor'] as const) {
  @ApiProperty({ type: ConfigAutoRedirectDto }) autoRedirect: ConfigAutoRedirectDto;
  @ApiProperty({ type: ConfigBackdoorDto }) backdoor: ConfigBackdoorDto;
}

export class ConfigRedirectRuleDto {
  @ApiProperty({ example: 'Staff' }) name: string;
  @ApiProperty(REDIRECT_RULE_MATCH) match: { emailDomains: string[] } | { emailPattern: string };
  @ApiProperty({ example: 'corporate' }) providerSlug: string;
}

export class ConfigRedirectRulesDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: [ConfigRedirectRuleDto] }) rules: ConfigRedirectRuleDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) defaultProviderSlug: string | null;
}

/** GET /api/admin/config/export, and what POST /api/admin/config/import reads. */
export class ConfigDocumentDto {
  @ApiProperty({ enum: [CONFIG_FORMAT] }) format: typeof CONFIG_FORMAT;
  @ApiProperty({ type: 'integer', enum: [CONFIG_VERSION] }) version: typeof CONFIG_VERSION;
  @ApiPropertyOptional({ format: 'date-time', description: 'When it was exported; an import ignores it' }) exportedAt?: string;
  @ApiPropertyOptional({ description: 'Base64 salt of the key derived from the passphrase; present when secrets are sealed in' })
  secretsSalt?: string;
  @ApiProperty({ type: [ConfigProviderDto] }) providers: ConfigProviderDto[];
  @ApiPropertyOptional({ type: ConfigSignInSettingsDto }) signInSettings?: ConfigSignInSettingsDto;
  @ApiPropertyOptional({ type: ConfigRedirectRulesDto }) redirectRules?: ConfigRedirectRulesDto;
  @ApiPropertyOptional({ type: LookAndFeelDto }) lookAndFeel?: LookAndFeelDto;
  @ApiPropertyOptional({ type: AccessRulesDto }) accessRules?: AccessRulesDto;
}

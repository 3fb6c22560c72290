import { ApiProperty } from '@nestjs/swagger';
import { PRESET_NAMES, type PresetField, type PresetName } from '../../provider/index.js';
import { UserMappingDto } from './user-mapping.dto.js';

export class PresetFieldDto implements PresetField {
  @ApiProperty({ example: 'host', description: 'The placeholder it fills in `issuerTemplate` (`{host}`)' }) key: string;
  @ApiProperty({ example: 'Salesforce host' }) label: string;
  @ApiProperty({ example: 'login.salesforce.com, test.salesforce.com (sandbox) or <My Domain>.my.salesforce.com' }) hint: string;
  @ApiProperty({ example: 'login.salesforce.com', description: 'An example for the empty input ("" for none)' }) placeholder: string;
  @ApiProperty({ example: 'login.salesforce.com', description: 'What an empty input stands for ("" for none)' }) default: string;
  @ApiProperty({ description: 'The issuer cannot be made without it' }) required: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'login\\.salesforce\\.com|test\\.salesforce\\.com|[a-z0-9-]+(\\.(sandbox|develop|scratch))?\\.my\\.salesforce\\.com',
    description: 'A regular expression the whole value must match (`^(?:pattern)$`); null: any value',
  })
  pattern: string | null;
  @ApiProperty({ example: '', description: 'Written before a non-empty value in the issuer (Okta: "/oauth2/")' }) prefix: string;
}

/** One preset as the Providers form needs it; built from the server's own definitions. */
export class ProviderPresetDto {
  @ApiProperty({ enum: PRESET_NAMES, example: 'salesforce', description: 'The `preset` of a provider' }) id: PresetName;
  @ApiProperty({ example: 'Salesforce' }) label: string;
  @ApiProperty({ type: [PresetFieldDto], description: 'What the form asks for, in order' }) fields: PresetFieldDto[];
  @ApiProperty({
    example: 'https://{host}',
    description:
      'The issuer: each `{key}` is replaced by `prefix` + the field’s trimmed value, or by its `default` when empty ("" when that is empty too)',
  })
  issuerTemplate: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '^https://(?:login\\.salesforce\\.com|…)$',
    description: 'What a saved issuer must match (derived from the template and the fields’ patterns); null: any URL',
  })
  issuerPattern: string | null;
  @ApiProperty({ example: 'https://<host>/realms/<realm>', description: 'What the issuer should look like, in words' })
  issuerHint: string;
  @ApiProperty({
    example: ['openid', 'profile', 'email'],
    description: 'The scopes a new provider asks for (an oauth2 one without openid)',
  })
  scopes: string[];
  @ApiProperty({ enum: ['client_secret_basic', 'client_secret_post'], description: 'How Sesame authenticates at the token endpoint' })
  clientAuthMethod: 'client_secret_basic' | 'client_secret_post';
  @ApiProperty({ type: UserMappingDto, description: 'The user mapping a provider of this preset has until one is saved' })
  userMapping: UserMappingDto;
}

import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../../common/swagger.js';
import { PRESETS, PRESET_NAMES } from '../../provider/index.js';
import { defaultUserMapping } from '../domain/user-mapping.js';
import { ProviderPresetDto } from './provider-presets.dto.js';

/**
 * Here rather than in the provider module because a preset's answer includes its default user
 * mapping, and this module already depends on the provider module (not the other way round).
 */
@ApiTags('providers')
@ApiBearerAuth()
@Controller('api/admin/provider-presets')
export class ProviderPresetsController {
  @Get()
  @ApiDoc({
    summary: 'List the provider presets',
    description:
      'Each preset Sesame knows (Salesforce, Entra ID, Okta, Google, Keycloak, any OpenID Connect provider): the fields its form asks for, ' +
      'how they make the issuer, and the defaults a new provider of it gets (scopes, client authentication, user mapping).',
  })
  @ApiOkResponse({ type: [ProviderPresetDto] })
  list(): ProviderPresetDto[] {
    return PRESET_NAMES.map((name) => {
      const preset = PRESETS[name];
      return {
        id: name,
        label: preset.label,
        fields: preset.fields.map((field) => ({ ...field })),
        issuerTemplate: preset.issuerTemplate,
        issuerPattern: preset.issuerPattern?.source ?? null,
        issuerHint: preset.issuerHint,
        scopes: [...preset.scopes],
        clientAuthMethod: preset.clientAuthMethod,
        userMapping: defaultUserMapping(name),
      };
    });
  }
}

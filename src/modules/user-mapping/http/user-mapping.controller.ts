import { Body, Controller, Get, Param, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJsonBody, ApiMergePatchBody, PROVIDER_ID_OR_SLUG } from '../../../common/swagger.js';
import { patchedDocument } from '../../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { ProviderService } from '../../provider/index.js';
import { UserMappingService } from '../application/user-mapping.service.js';
import { UserMappingDto } from './user-mapping.dto.js';

export const USER_MAPPING_EXAMPLE = {
  usernameAttribute: 'preferred_username',
  emailAttribute: 'email',
  firstNameAttribute: 'given_name',
  lastNameAttribute: 'family_name',
  displayNameAttribute: 'name',
  matchBy: 'username',
  allowUserCreation: true,
  updateProfileOnLogin: true,
  trustEmail: false,
};

@ApiTags('user profile')
@ApiBearerAuth()
@Controller('api/admin/providers/:idOrSlug/user-mapping')
export class UserMappingController {
  constructor(
    private readonly mappings: UserMappingService,
    private readonly providers: ProviderService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'Get a provider’s user mapping',
    description:
      'Which claims make the username, email and names, and how a first login finds an existing account. A provider never saved has its preset’s defaults.',
    errors: { 404: 'No provider has that id or slug' },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiOkResponse({ type: UserMappingDto })
  async get(@Param('idOrSlug') idOrSlug: string): Promise<UserMappingDto> {
    return this.mappings.get((await this.providers.resolve(idOrSlug)).id);
  }

  @Put()
  @ApiDoc({
    summary: 'Replace a provider’s user mapping',
    description: 'The whole user mapping; what GET returns can be put back as it is.',
    errors: { 400: true, 404: 'No provider has that id or slug' },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiJsonBody(UserMappingDto, USER_MAPPING_EXAMPLE)
  @ApiOkResponse({ type: UserMappingDto })
  async put(
    @Param('idOrSlug') idOrSlug: string,
    @Body() body: UserMappingDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<UserMappingDto> {
    return this.save((await this.providers.resolve(idOrSlug)).id, body, context);
  }

  @Patch()
  @ApiDoc({
    summary: 'Change a provider’s user mapping',
    description: 'A JSON Merge Patch of the user mapping: send only what changes; the merged mapping is checked whole.',
    errors: { 400: true, 404: 'No provider has that id or slug' },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiMergePatchBody(UserMappingDto, { matchBy: 'email', trustEmail: true })
  @ApiOkResponse({ type: UserMappingDto })
  async patch(
    @Param('idOrSlug') idOrSlug: string,
    @Body() patch: unknown,
    @AuditContext() context: AuditRequestContext,
  ): Promise<UserMappingDto> {
    const provider = await this.providers.resolve(idOrSlug);
    return this.save(provider.id, await patchedDocument(UserMappingDto, await this.mappings.get(provider.id), patch), context);
  }

  private async save(providerId: string, body: UserMappingDto, context: AuditRequestContext): Promise<UserMappingDto> {
    const before = await this.mappings.get(providerId);
    const after = await this.mappings.put(providerId, body);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'user_mapping', entityId: providerId, before, after });
    return after;
  }
}

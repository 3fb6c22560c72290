import { Body, Controller, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJsonBody, ApiMergePatchBody, PROVIDER_ID_OR_SLUG } from '../../../common/swagger.js';
import { patchedDocument } from '../../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { ProviderService } from '../../provider/index.js';
import { GroupMappingService, type GroupMappingReport } from '../application/group-mapping.service.js';
import { GroupMappingDto, GroupMappingSaveQueryDto } from './group-mapping.dto.js';

export const GROUP_MAPPING_EXAMPLE = {
  groupAttribute: 'groups',
  defaultGroups: ['staff'],
  assignDefaultGroupsTo: 'new',
  mode: 'manual',
  updateExistingUsers: true,
  manual: { rules: [{ localGroup: 'developers', idpGroups: ['engineering'] }], requireMappedGroupForCreation: false },
  onTheFly: { createMissingGroups: false, keepExistingGroups: true, excludeGroups: [] },
  allowedGroups: [],
};

const DANGLING =
  'A manual rule names a local group that does not exist (each such rule named in `errors`); save with ?createMissing=true to create them';

@ApiTags('user groups')
@ApiBearerAuth()
@Controller('api/admin/providers/:idOrSlug/group-mapping')
export class GroupMappingController {
  constructor(
    private readonly mappings: GroupMappingService,
    private readonly providers: ProviderService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'Get a provider’s group mapping',
    description:
      'Default groups, the group claim, the mode (disabled, manual, on-the-fly) and its rules, and `danglingRules`: manual rules ' +
      'naming a local group that no longer exists (read-only).',
    errors: { 404: 'No provider has that id or slug' },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiOkResponse({ type: GroupMappingDto })
  async get(@Param('idOrSlug') idOrSlug: string): Promise<GroupMappingReport> {
    return this.mappings.report((await this.providers.resolve(idOrSlug)).id);
  }

  @Put()
  @ApiDoc({
    summary: 'Replace a provider’s group mapping',
    description: 'The whole group mapping. A GET answer can be PUT back as it is: danglingRules is read-only and ignored.',
    errors: { 400: true, 404: 'No provider has that id or slug', 422: DANGLING },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiJsonBody(GroupMappingDto, GROUP_MAPPING_EXAMPLE)
  @ApiOkResponse({ type: GroupMappingDto })
  async put(
    @Param('idOrSlug') idOrSlug: string,
    @Body() body: GroupMappingDto,
    @Query() query: GroupMappingSaveQueryDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<GroupMappingReport> {
    return this.save((await this.providers.resolve(idOrSlug)).id, body, query, context);
  }

  @Patch()
  @ApiDoc({
    summary: 'Change a provider’s group mapping',
    description:
      'A JSON Merge Patch of the group mapping: send only what changes (nested `manual` and `onTheFly` merge member by ' +
      'member; lists such as `manual.rules` are replaced whole). The merged mapping is checked as a PUT of it would be.',
    errors: { 400: true, 404: 'No provider has that id or slug', 422: DANGLING },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiMergePatchBody(GroupMappingDto, { defaultGroups: ['staff', 'everyone'], onTheFly: { keepExistingGroups: false } })
  @ApiOkResponse({ type: GroupMappingDto })
  async patch(
    @Param('idOrSlug') idOrSlug: string,
    @Body() patch: unknown,
    @Query() query: GroupMappingSaveQueryDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<GroupMappingReport> {
    const provider = await this.providers.resolve(idOrSlug);
    const merged = await patchedDocument(GroupMappingDto, await this.mappings.report(provider.id), patch);
    return this.save(provider.id, merged, query, context);
  }

  private async save(
    providerId: string,
    body: GroupMappingDto,
    query: GroupMappingSaveQueryDto,
    context: AuditRequestContext,
  ): Promise<GroupMappingReport> {
    const before = await this.mappings.report(providerId);
    const { report, createdGroups } = await this.mappings.save(providerId, body, {
      createMissing: query.createMissing === 'true',
    });
    for (const group of createdGroups) {
      await this.audit.recordAdminChange({ ...context, action: 'create', entity: 'group', entityId: group.id, before: null, after: group });
    }
    await this.audit.recordAdminChange({
      ...context,
      action: 'update',
      entity: 'group_mapping',
      entityId: providerId,
      before,
      after: report,
    });
    return report;
  }
}

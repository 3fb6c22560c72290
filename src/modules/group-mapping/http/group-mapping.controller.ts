import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { GroupMappingService, type GroupMappingReport } from '../application/group-mapping.service.js';
import { GroupMappingDto, GroupMappingSaveQueryDto } from './group-mapping.dto.js';

@ApiTags('providers')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/providers/:id/group-mapping')
export class GroupMappingController {
  constructor(
    private readonly mappings: GroupMappingService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: GroupMappingDto, description: 'The mapping, with danglingRules: rules naming groups that no longer exist' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<GroupMappingReport> {
    return this.mappings.report(id);
  }

  @Put()
  @ApiOperation({ description: 'A GET answer can be PUT back as it is: danglingRules is read-only and ignored.' })
  @ApiOkResponse({ type: GroupMappingDto })
  @ApiUnprocessableEntityResponse({ description: 'A manual rule names a local group that does not exist (field and group named)' })
  async put(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: GroupMappingDto,
    @Query() query: GroupMappingSaveQueryDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<GroupMappingReport> {
    const { report, createdGroups } = await this.mappings.save(id, body, {
      createMissing: query.createMissing === 'true',
    });
    for (const group of createdGroups) {
      await this.audit.recordAdminChange({ ...context, action: 'create', entity: 'group', entityId: group.id, before: null, after: group });
    }
    return report;
  }
}

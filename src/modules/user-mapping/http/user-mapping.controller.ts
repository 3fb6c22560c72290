import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { UserMappingService } from '../application/user-mapping.service.js';
import { UserMappingDto } from './user-mapping.dto.js';

@ApiTags('providers')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/providers/:id/user-mapping')
export class UserMappingController {
  constructor(
    private readonly mappings: UserMappingService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: UserMappingDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserMappingDto> {
    return this.mappings.get(id);
  }

  @Put()
  @ApiOkResponse({ type: UserMappingDto })
  async put(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UserMappingDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<UserMappingDto> {
    const before = await this.mappings.get(id);
    const after = await this.mappings.put(id, body);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'user_mapping', entityId: id, before, after });
    return after;
  }
}

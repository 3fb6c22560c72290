import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../../common/swagger.js';
import { GroupMappingService } from '../application/group-mapping.service.js';
import type { GroupMapping } from '../domain/group-mapping.js';
import { GroupMappingDto } from './group-mapping.dto.js';

@ApiTags('providers')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/providers/:id/group-mapping')
export class GroupMappingController {
  constructor(private readonly mappings: GroupMappingService) {}

  @Get()
  @ApiOkResponse({ type: GroupMappingDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<GroupMapping> {
    return this.mappings.get(id);
  }

  @Put()
  @ApiOkResponse({ type: GroupMappingDto })
  put(@Param('id', ParseUUIDPipe) id: string, @Body() body: GroupMappingDto): Promise<GroupMapping> {
    return this.mappings.put(id, body as unknown as GroupMapping);
  }
}

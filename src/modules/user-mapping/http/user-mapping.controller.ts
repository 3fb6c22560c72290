import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../../common/swagger.js';
import { UserMappingService } from '../application/user-mapping.service.js';
import { UserMappingDto } from './user-mapping.dto.js';

@ApiTags('providers')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/providers/:id/user-mapping')
export class UserMappingController {
  constructor(private readonly mappings: UserMappingService) {}

  @Get()
  @ApiOkResponse({ type: UserMappingDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserMappingDto> {
    return this.mappings.get(id);
  }

  @Put()
  @ApiOkResponse({ type: UserMappingDto })
  put(@Param('id', ParseUUIDPipe) id: string, @Body() body: UserMappingDto): Promise<UserMappingDto> {
    return this.mappings.put(id, body);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiTokenService } from './api-token.service.js';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto } from './api-token.dto.js';
import { AdminErrorResponses } from '../../common/swagger.js';

@ApiTags('api-tokens')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/api-tokens')
export class ApiTokenController {
  constructor(private readonly apiTokens: ApiTokenService) {}

  @Get()
  @ApiOkResponse({ type: [ApiTokenDto] })
  list(): Promise<ApiTokenDto[]> {
    return this.apiTokens.list();
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  async create(@Body() body: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    const { token, entity } = await this.apiTokens.create(body.name, body.scope);
    return { ...entity, token };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked' })
  async revoke(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.apiTokens.revoke(id);
  }
}

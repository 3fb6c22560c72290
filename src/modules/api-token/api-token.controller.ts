import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiTokenService } from './api-token.service.js';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto } from './api-token.dto.js';
import { ApiDoc, ApiJsonBody } from '../../common/swagger.js';
import { UuidPipe } from '../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../audit/index.js';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/admin/api-tokens')
export class ApiTokenController {
  constructor(
    private readonly apiTokens: ApiTokenService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'List API tokens',
    description: 'Every admin API token, revoked ones included, shown as `ses_…` and the start of its id; never the token.',
  })
  @ApiOkResponse({ type: [ApiTokenDto] })
  list(): Promise<ApiTokenDto[]> {
    return this.apiTokens.list();
  }

  @Post()
  @ApiDoc({
    summary: 'Create an API token',
    description: 'A new token with scope `admin` or `read`. The token is in this answer only: store it now (only its hash is kept).',
    errors: { 400: true },
  })
  @ApiJsonBody(CreateApiTokenDto, { name: 'terraform', scope: 'read' })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  async create(@Body() body: CreateApiTokenDto, @AuditContext() context: AuditRequestContext): Promise<CreatedApiTokenDto> {
    const { token, entity } = await this.apiTokens.create(body.name, body.scope);
    // The entity, never the response: the token itself is shown once, to the caller only.
    await this.audit.recordAdminChange({
      ...context,
      action: 'create',
      entity: 'api_token',
      entityId: entity.id,
      before: null,
      after: entity,
    });
    return { ...entity, token };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiDoc({
    summary: 'Revoke an API token',
    description: 'The token stops working at once, on every instance.',
    errors: { 400: 'The id is not a UUID', 404: 'No token has that id' },
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  async revoke(@Param('id', UuidPipe) id: string, @AuditContext() context: AuditRequestContext): Promise<void> {
    const find = async () => (await this.apiTokens.list()).find((t) => t.id === id) ?? null;
    const before = await find();
    await this.apiTokens.revoke(id);
    await this.audit.recordAdminChange({ ...context, action: 'delete', entity: 'api_token', entityId: id, before, after: await find() });
  }
}

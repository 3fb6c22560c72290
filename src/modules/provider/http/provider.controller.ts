import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../../config/index.js';
import { AdminErrorResponses, ErrorResponseDto } from '../../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { ProviderService } from '../application/provider.service.js';
import { TestConfigurationService, type TestResult } from '../application/test-configuration.service.js';
import type { Provider } from '../domain/provider.js';
import { CreateProviderDto, ProviderDto, ReorderProvidersDto, SetEnabledDto, TestLinkDto, UpdateProviderDto } from './provider.dto.js';

@ApiTags('providers')
@ApiBearerAuth()
@AdminErrorResponses()
@ApiResponse({ status: 422, description: 'Discovery failed, the issuer differs, or a URL is not safe to fetch', type: ErrorResponseDto })
@Controller('api/admin/providers')
export class ProviderController {
  constructor(
    private readonly providers: ProviderService,
    private readonly tests: TestConfigurationService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [ProviderDto] })
  async list(): Promise<ProviderDto[]> {
    return Promise.all((await this.providers.list()).map((p) => this.toDto(p)));
  }

  @Post()
  @ApiCreatedResponse({ type: ProviderDto })
  async create(@Body() body: CreateProviderDto, @AuditContext() context: AuditRequestContext): Promise<ProviderDto> {
    const after = await this.toDto(await this.providers.create(body));
    await this.audit.recordAdminChange({ ...context, action: 'create', entity: 'provider', entityId: after.id, before: null, after });
    return after;
  }

  @Put('order')
  @ApiOkResponse({ type: [ProviderDto] })
  async reorder(@Body() body: ReorderProvidersDto, @AuditContext() context: AuditRequestContext): Promise<ProviderDto[]> {
    const before = (await this.providers.list()).map((p) => p.slug);
    const after = await Promise.all((await this.providers.reorder(body.ids)).map((p) => this.toDto(p)));
    await this.audit.recordAdminChange({
      ...context,
      action: 'update',
      entity: 'provider',
      entityId: 'order',
      before,
      after: after.map((p) => p.slug),
    });
    return after;
  }

  @Get(':id')
  @ApiOkResponse({ type: ProviderDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ProviderDto> {
    return this.toDto(await this.providers.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ProviderDto })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateProviderDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<ProviderDto> {
    const before = await this.toDto(await this.providers.get(id));
    const after = await this.toDto(await this.providers.update(id, body));
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'provider', entityId: id, before, after });
    return after;
  }

  @Put(':id/enabled')
  @ApiOkResponse({ type: ProviderDto })
  async setEnabled(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SetEnabledDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<ProviderDto> {
    const before = await this.toDto(await this.providers.get(id));
    const after = await this.toDto(await this.providers.setEnabled(id, body.enabled));
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'provider', entityId: id, before, after });
    return after;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its mappings, identity links and sessions' })
  async delete(@Param('id', ParseUUIDPipe) id: string, @AuditContext() context: AuditRequestContext): Promise<void> {
    const before = await this.toDto(await this.providers.get(id));
    await this.providers.delete(id);
    await this.audit.recordAdminChange({ ...context, action: 'delete', entity: 'provider', entityId: id, before, after: null });
  }

  @Post(':id/test')
  @ApiCreatedResponse({ type: TestLinkDto, description: 'A one-time Test Configuration link' })
  async test(@Param('id', ParseUUIDPipe) id: string): Promise<TestLinkDto> {
    const provider = await this.providers.get(id);
    return this.tests.createLink(provider.id, provider.slug);
  }

  @Get(':id/test-result')
  @ApiOkResponse({ description: 'The last Test Configuration result: claims, flattened attributes, time, error' })
  async testResult(@Param('id', ParseUUIDPipe) id: string): Promise<TestResult> {
    await this.providers.get(id);
    return this.tests.lastResult(id);
  }

  private async toDto(provider: Provider): Promise<ProviderDto> {
    return {
      ...provider,
      scopes: [...provider.scopes],
      allowedTenants: [...provider.allowedTenants],
      hasClientSecret: await this.providers.hasSecret(provider.id),
      callbackUrl: `${this.config.publicUrl}/sso/${provider.slug}/callback`,
      createdAt: (provider as Provider & { createdAt: Date }).createdAt,
    };
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../../config/index.js';
import { AdminErrorResponses, ErrorResponseDto } from '../../../common/swagger.js';
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
  ) {}

  @Get()
  @ApiOkResponse({ type: [ProviderDto] })
  async list(): Promise<ProviderDto[]> {
    return Promise.all((await this.providers.list()).map((p) => this.toDto(p)));
  }

  @Post()
  @ApiCreatedResponse({ type: ProviderDto })
  async create(@Body() body: CreateProviderDto): Promise<ProviderDto> {
    return this.toDto(await this.providers.create(body));
  }

  @Put('order')
  @ApiOkResponse({ type: [ProviderDto] })
  async reorder(@Body() body: ReorderProvidersDto): Promise<ProviderDto[]> {
    return Promise.all((await this.providers.reorder(body.ids)).map((p) => this.toDto(p)));
  }

  @Get(':id')
  @ApiOkResponse({ type: ProviderDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ProviderDto> {
    return this.toDto(await this.providers.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ProviderDto })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateProviderDto): Promise<ProviderDto> {
    return this.toDto(await this.providers.update(id, body));
  }

  @Put(':id/enabled')
  @ApiOkResponse({ type: ProviderDto })
  async setEnabled(@Param('id', ParseUUIDPipe) id: string, @Body() body: SetEnabledDto): Promise<ProviderDto> {
    return this.toDto(await this.providers.setEnabled(id, body.enabled));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its mappings, identity links and sessions' })
  async delete(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.providers.delete(id);
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

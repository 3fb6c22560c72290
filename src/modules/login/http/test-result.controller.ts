import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiDoc, PROVIDER_ID_OR_SLUG } from '../../../common/swagger.js';
import { ProviderService, TestConfigurationService } from '../../provider/index.js';
import { MappingPreviewResultDto } from './mapping-preview.dto.js';
import { TestResultDto } from './test-result.dto.js';

/**
 * The last Test Configuration result of a provider. The provider module keeps it; it is served
 * here because its preview is the login's mapping preview, whose shape the login module owns.
 */
@ApiTags('providers')
@ApiBearerAuth()
@Controller('api/admin/providers')
export class TestResultController {
  constructor(
    private readonly providers: ProviderService,
    private readonly tests: TestConfigurationService,
  ) {}

  @Get(':idOrSlug/test-result')
  @ApiDoc({
    summary: 'Last Test Configuration result',
    description:
      'The claims, flattened attributes, time and error of the last Test Configuration of this provider, and what a login with those claims would do.',
    errors: { 404: 'No provider has that id or slug' },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiOkResponse({
    type: TestResultDto,
    description: 'The last Test Configuration result: claims, flattened attributes, time, error, preview',
  })
  async testResult(@Param('idOrSlug') idOrSlug: string): Promise<TestResultDto> {
    const provider = await this.providers.resolve(idOrSlug);
    return this.tests.lastResult<MappingPreviewResultDto | null>(provider.id);
  }
}

import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { RedirectRulesService } from '../application/redirect-rules.service.js';
import type { ProviderChoice, RedirectRules } from '../domain/redirect-rules.js';
import { EvaluateDto, RedirectRulesDto } from './redirect-rules.dto.js';

@ApiTags('redirect-rules')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/redirect-rules')
export class RedirectRulesController {
  constructor(
    private readonly rules: RedirectRulesService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'The rules, and `staleRules`: those naming a deleted or disabled provider (skipped)' })
  get(): Promise<RedirectRules & { staleRules: string[] }> {
    return this.rules.describe();
  }

  @Put()
  @ApiOkResponse({ description: 'The saved rules' })
  async put(
    @Body() body: RedirectRulesDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<RedirectRules & { staleRules: string[] }> {
    const before = await this.rules.describe();
    const after = await this.rules.put(body);
    await this.audit.recordAdminChange({
      ...context,
      action: 'update',
      entity: 'redirect_rule',
      entityId: 'redirect-rules',
      before,
      after,
    });
    return after;
  }

  @Post('evaluate')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ ok, providerId, rule } or { ok: false, code, message }' })
  evaluate(@Body() body: EvaluateDto): Promise<ProviderChoice> {
    return this.rules.choose(body.email);
  }
}

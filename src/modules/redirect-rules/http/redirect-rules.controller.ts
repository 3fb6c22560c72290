import { Body, Controller, Get, HttpCode, Post, Put, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJsonBody, ApiMergePatchBody, ApiOkOneOf } from '../../../common/swagger.js';
import { patchedDocument } from '../../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { RedirectRulesService } from '../application/redirect-rules.service.js';
import type { RedirectRules } from '../domain/redirect-rules.js';
import { EvaluateDto, NoProviderDto, ProviderChosenDto, RedirectRulesDto } from './redirect-rules.dto.js';

export const REDIRECT_RULES_EXAMPLE = {
  enabled: true,
  rules: [{ name: 'Staff', match: { emailDomains: ['example.com'] }, providerId: 'corporate' }],
  defaultProviderId: null,
};

const UNKNOWN_PROVIDER = 'A rule or defaultProviderId names no provider (each named in `errors`)';

@ApiTags('redirection rules')
@ApiBearerAuth()
@Controller('api/admin/redirect-rules')
export class RedirectRulesController {
  constructor(
    private readonly rules: RedirectRulesService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'Get the redirection rules',
    description: 'Whether the login page asks for the email first, the ordered rules, the default provider, and `staleRules` (read-only).',
  })
  @ApiOkResponse({ type: RedirectRulesDto })
  get(): Promise<RedirectRules & { staleRules: string[] }> {
    return this.rules.describe();
  }

  @Put()
  @ApiDoc({
    summary: 'Replace the redirection rules',
    description:
      'The whole document. Providers may be named by id or slug; what GET returns can be put back as it is (`staleRules` is ignored).',
    errors: { 400: true, 422: UNKNOWN_PROVIDER },
  })
  @ApiJsonBody(RedirectRulesDto, REDIRECT_RULES_EXAMPLE)
  @ApiOkResponse({ type: RedirectRulesDto, description: 'The saved rules' })
  put(@Body() body: RedirectRulesDto, @AuditContext() context: AuditRequestContext): Promise<RedirectRules & { staleRules: string[] }> {
    return this.save(body, context);
  }

  @Patch()
  @ApiDoc({
    summary: 'Change the redirection rules',
    description:
      'A JSON Merge Patch of the document: send only what changes (`rules` is a list, so it is replaced whole). The merged document is checked whole.',
    errors: { 400: true, 422: UNKNOWN_PROVIDER },
  })
  @ApiMergePatchBody(RedirectRulesDto, { enabled: false })
  @ApiOkResponse({ type: RedirectRulesDto, description: 'The saved rules' })
  async patch(@Body() patch: unknown, @AuditContext() context: AuditRequestContext): Promise<RedirectRules & { staleRules: string[] }> {
    return this.save(await patchedDocument(RedirectRulesDto, await this.rules.describe(), patch), context);
  }

  private async save(body: RedirectRulesDto, context: AuditRequestContext): Promise<RedirectRules & { staleRules: string[] }> {
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
  @ApiDoc({
    summary: 'Try the rules on an email',
    description:
      'Which provider the saved rules choose for an email, and by which rule — whether or not the email-first form is on. Nothing is changed.',
    errors: { 400: true },
  })
  @ApiJsonBody(EvaluateDto, { email: 'jane@example.com' })
  @ApiOkOneOf('The provider and the rule that chose it, or why none would be chosen', ProviderChosenDto, NoProviderDto)
  evaluate(@Body() body: EvaluateDto): Promise<ProviderChosenDto | NoProviderDto> {
    return this.rules.choose(body.email);
  }
}

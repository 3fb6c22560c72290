import { Body, Controller, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJsonBody, ApiMergePatchBody, ApiOkOneOf } from '../../../common/swagger.js';
import { patchedDocument } from '../../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { AccessRulesService, ACCESS_RULES_KEY } from '../application/access-rules.service.js';
import type { AccessRules } from '../domain/access-rules.js';
import { decideAccess } from '../domain/decide-access.js';
import { AccessAllowedDto, AccessRefusedDto, AccessRulesDto, EvaluateAccessDto } from './access-rules.dto.js';

const ACCESS_RULES_EXAMPLE = {
  rules: [{ name: 'Git', host: 'git.example.com', policy: 'allow', groups: ['developers'] }],
};

@ApiTags('access rules')
@ApiBearerAuth()
@Controller('api/admin/access-rules')
export class AccessRulesController {
  constructor(
    private readonly rules: AccessRulesService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'Get the access rules',
    description: 'The per-application access rules that forward-auth (GET /auth/check) applies, in order.',
  })
  @ApiOkResponse({ type: AccessRulesDto })
  get(): Promise<AccessRules> {
    return this.rules.get();
  }

  @Put()
  @ApiDoc({
    summary: 'Replace the access rules',
    description: 'Replaces the ordered list of per-application access rules; every instance applies it within a second.',
    errors: { 400: true },
  })
  @ApiJsonBody(AccessRulesDto, ACCESS_RULES_EXAMPLE)
  @ApiOkResponse({ type: AccessRulesDto, description: 'The saved rules, normalised (hosts in lower case and punycode)' })
  put(@Body() body: AccessRulesDto, @AuditContext() context: AuditRequestContext): Promise<AccessRules> {
    return this.save(body, context);
  }

  @Patch()
  @ApiDoc({
    summary: 'Change the access rules',
    description: 'A JSON Merge Patch of the document (`rules` is a list, so it is replaced whole); the result is checked whole.',
    errors: { 400: true },
  })
  @ApiMergePatchBody(AccessRulesDto, ACCESS_RULES_EXAMPLE)
  @ApiOkResponse({ type: AccessRulesDto })
  async patch(@Body() patch: unknown, @AuditContext() context: AuditRequestContext): Promise<AccessRules> {
    return this.save(await patchedDocument(AccessRulesDto, await this.rules.get(), patch), context);
  }

  private async save(body: AccessRulesDto, context: AuditRequestContext): Promise<AccessRules> {
    const before = await this.rules.get();
    const after = await this.rules.put(body);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'settings', entityId: ACCESS_RULES_KEY, before, after });
    return after;
  }

  @Post('evaluate')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Try the access rules',
    description: 'What forward-auth would decide for this person on this host and path; nothing is written.',
    errors: { 400: true },
  })
  @ApiJsonBody(EvaluateAccessDto, { host: 'git.example.com', uri: '/admin/users', username: 'jane', groups: ['developers'] })
  @ApiOkOneOf('Allowed, or refused with the reason; `rule` is null when no rule decided', AccessAllowedDto, AccessRefusedDto)
  async evaluate(@Body() body: EvaluateAccessDto): Promise<AccessAllowedDto | AccessRefusedDto> {
    // An optional member sent as null means none (IsOptional lets null through).
    const person = {
      username: body.username,
      email: body.email ?? null,
      groupSet: new Set((body.groups ?? []).map((g) => g.toLowerCase())),
    };
    return decideAccess(await this.rules.get(), { host: body.host, uri: body.uri }, person);
  }
}

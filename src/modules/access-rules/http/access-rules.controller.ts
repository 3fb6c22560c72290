import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { AccessRulesService, ACCESS_RULES_KEY } from '../application/access-rules.service.js';
import type { AccessRules } from '../domain/access-rules.js';
import { decideAccess, type AccessDecision } from '../domain/decide-access.js';
import { AccessRulesDto, EvaluateAccessDto } from './access-rules.dto.js';

@ApiTags('access-rules')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/access-rules')
export class AccessRulesController {
  constructor(
    private readonly rules: AccessRulesService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The per-application access rules forward-auth applies, in order' })
  @ApiOkResponse({ type: AccessRulesDto })
  get(): Promise<AccessRules> {
    return this.rules.get();
  }

  @Put()
  @ApiOperation({ summary: 'Replaces the ordered list of per-application access rules (every instance applies it within a second)' })
  @ApiOkResponse({ type: AccessRulesDto, description: 'The saved rules, normalised (hosts in lower case and punycode)' })
  async put(@Body() body: AccessRulesDto, @AuditContext() context: AuditRequestContext): Promise<AccessRules> {
    const before = await this.rules.get();
    const after = await this.rules.put(body);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'settings', entityId: ACCESS_RULES_KEY, before, after });
    return after;
  }

  @Post('evaluate')
  @HttpCode(200)
  @ApiOperation({ summary: 'What forward-auth would decide for this person on this host and path (nothing is written)' })
  @ApiOkResponse({ description: '{ allowed: true, rule } or { allowed: false, rule, reason }; rule is null when no rule decided' })
  async evaluate(@Body() body: EvaluateAccessDto): Promise<AccessDecision> {
    const person = { username: body.username, email: body.email, groupSet: new Set(body.groups.map((g) => g.toLowerCase())) };
    return decideAccess(await this.rules.get(), { host: body.host, uri: body.uri }, person);
  }
}

export { AccessRulesModule } from './access-rules.module.js';
export { AccessRulesService, ACCESS_RULES_KEY } from './application/access-rules.service.js';
export { checkAccessRules, type AccessRule, type AccessRules } from './domain/access-rules.js';
export { decideAccess, type AccessDecision, type AppRequest, type Person } from './domain/decide-access.js';
export { AccessRulesDto } from './http/access-rules.dto.js';

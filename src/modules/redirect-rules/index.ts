export { RedirectRulesModule } from './redirect-rules.module.js';
export { RedirectRulesService } from './application/redirect-rules.service.js';
export type { RedirectRules, ProviderChoice } from './domain/redirect-rules.js';
export { validateRedirectRules } from './domain/redirect-rules.js';
export { REDIRECT_RULE_MATCH } from './http/redirect-rules.dto.js';

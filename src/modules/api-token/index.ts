export { ApiTokenModule } from './api-token.module.js';
export { ApiTokenService, type ApiPrincipal } from './api-token.service.js';
export { AdminNetworkPolicy, AllowAnyNetwork } from './admin-api.guard.js';
export { ApiCaller, requireAdminScope } from './admin-scope.js';

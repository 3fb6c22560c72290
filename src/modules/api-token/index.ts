export { ApiTokenModule } from './api-token.module.js';
export { ApiTokenService, type ApiPrincipal, type ConsolePrincipal, type TokenPrincipal } from './api-token.service.js';
export { AdminNetworkPolicy, AllowAnyNetwork } from './admin-api.guard.js';
export { ApiCaller, requireAdminScope } from './admin-scope.js';
export { AdminSessionPolicy, NoConsoleSessions, type ConsoleSession } from './admin-session.js';
export { CSRF_HEADER } from './admin-api.guard.js';

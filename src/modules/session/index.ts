export { SessionModule } from './session.module.js';
export { SessionsService, type NewSession, type CreatedSession } from './application/sessions.service.js';
export { LiveSessionsRepository } from './infrastructure/live-sessions.repository.js';
export { IdTokensReseal } from './application/id-tokens-reseal.js';
export { SessionAuthenticator, type SessionPrincipal } from './application/session-authenticator.js';
export { SessionCookie } from './http/session-cookie.js';
export { SessionRotation } from './http/session-rotation.js';

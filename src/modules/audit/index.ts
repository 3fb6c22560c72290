export { AuditModule } from './audit.module.js';
export { AuditService, type AuditSettings } from './application/audit.service.js';
export { AuditContext, auditContextOf } from './http/audit-context.js';
export { redactSecrets } from './domain/redact-secrets.js';
export {
  describeActor,
  type AdminAction,
  type AdminChangeInput,
  type AdminEntity,
  type AuditActor,
  type AuditEvent,
  type AuditEventInput,
  type AuditEventType,
  type AuditOutcome,
  type AuditRequestContext,
} from './domain/audit-event.js';

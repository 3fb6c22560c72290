import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { describeActor, type AuditActor, type AuditRequestContext } from '../domain/audit-event.js';

/** Who is asking and from where, as an audit event records it. `request.user` is set by the admin API's bearer guard. */
export function auditContextOf(request: FastifyRequest & { user?: AuditActor }): AuditRequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    actor: describeActor(request.user),
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    requestId: request.id === undefined ? null : String(request.id),
  };
}

/** Controller parameter: `@AuditContext() context: AuditRequestContext`. */
export const AuditContext = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  auditContextOf(context.switchToHttp().getRequest<FastifyRequest & { user?: AuditActor }>()),
);

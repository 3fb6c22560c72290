import { ForbiddenException, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../common/domain-error.js';
import type { ApiPrincipal } from './api-token.service.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Networks allowed to use admin tokens; the sign-in settings provide it (empty = anywhere). */
export abstract class AdminNetworkPolicy {
  abstract isAllowed(ip: string): Promise<boolean> | boolean;
}

/**
 * Registered globally: every route whose pattern is under /api/admin needs a bearer token,
 * so a new admin controller is protected without anyone remembering to say so.
 */
@Injectable()
export class AdminApiGuard extends AuthGuard('bearer') {
  constructor(private readonly networkPolicy: AdminNetworkPolicy) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: ApiPrincipal }>();
    if (!isAdminRoute(request)) return true;
    await super.canActivate(context);
    if (!(await this.networkPolicy.isAllowed(request.ip))) {
      throw new DomainError('FORBIDDEN', `The admin API is not open to ${request.ip}`);
    }
    if (request.user?.scope !== 'admin' && !READ_METHODS.has(request.method)) {
      throw new ForbiddenException('This token may only read (scope "read")');
    }
    return true;
  }
}

export function isAdminRoute(request: FastifyRequest): boolean {
  const pattern = request.routeOptions?.url ?? request.url;
  return pattern === '/api/admin' || pattern.startsWith('/api/admin/');
}

export class AllowAnyNetwork extends AdminNetworkPolicy {
  isAllowed(): boolean {
    return true;
  }
}

import { ForbiddenException, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/index.js';
import { requestSite } from '../../common/csrf.js';
import { DomainError } from '../../common/domain-error.js';
import type { ApiPrincipal } from './api-token.service.js';
import { AdminSessionPolicy, type ConsoleSession } from './admin-session.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-sesame-csrf';

/** Networks allowed to use admin tokens; the sign-in settings provide it (empty = anywhere). */
export abstract class AdminNetworkPolicy {
  abstract isAllowed(ip: string): Promise<boolean> | boolean;
}

type AdminRequest = FastifyRequest & { user?: ApiPrincipal; consoleSession?: ConsoleSession };

/**
 * Registered globally: every route whose pattern is under /api/admin needs a caller, so a new
 * admin controller is protected without anyone remembering to say so. The caller is a bearer
 * token (automation) or, with no Authorization header, the session cookie of a member of the
 * sign-in setting adminGroups (the console).
 */
@Injectable()
export class AdminApiGuard extends AuthGuard('bearer') {
  constructor(
    private readonly networkPolicy: AdminNetworkPolicy,
    private readonly sessions: AdminSessionPolicy,
    private readonly config: AppConfig,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    if (!isAdminRoute(request)) return true;
    const viaCookie = request.headers.authorization === undefined ? await this.sessions.consoleSession(request) : { kind: 'none' as const };
    if (viaCookie.kind === 'none') await super.canActivate(context);
    if (!(await this.networkPolicy.isAllowed(request.ip))) {
      throw new DomainError('FORBIDDEN', `The admin API is not open to ${request.ip}`);
    }
    if (viaCookie.kind !== 'none') {
      this.checkConsoleRequest(request, viaCookie);
      return true;
    }
    if (request.user?.scope !== 'admin' && !READ_METHODS.has(request.method)) {
      throw new ForbiddenException('This token may only read (scope "read")');
    }
    return true;
  }

  /** The session cookie's rules: same origin only, a role, and for a write the CSRF header and a recent sign-in. */
  private checkConsoleRequest(request: AdminRequest, session: Exclude<ConsoleSession, { kind: 'none' }>): void {
    // The session cookie is SameSite=Lax (the provider's redirect back must carry it); for the
    // admin API Sesame refuses any request another site started, which is what Strict would do.
    if (requestSite(request.headers, this.config.publicOrigin) === 'foreign') {
      throw new DomainError('CSRF_INVALID', 'The admin API refuses a session-cookie request started by another site');
    }
    if (session.kind === 'not-admin') {
      throw new DomainError(
        'FORBIDDEN',
        `${session.username} is signed in but is not a member of the sign-in setting adminGroups, so may not use the admin API`,
      );
    }
    request.user = { kind: 'session', userId: session.userId, sessionId: session.sessionId, name: session.username, scope: session.scope };
    request.consoleSession = session;
    if (READ_METHODS.has(request.method)) return;
    if (session.scope !== 'admin') {
      throw new DomainError(
        'FORBIDDEN',
        `${session.username} is a read-only administrator (a member of adminGroups.readOnly): the console may show everything but change nothing`,
      );
    }
    const submitted = request.headers[CSRF_HEADER];
    if (typeof submitted !== 'string' || !sameText(submitted, session.csrfToken)) {
      throw new DomainError(
        'CSRF_INVALID',
        `A write with the session cookie needs the ${CSRF_HEADER} header from GET /api/admin/me (missing or not this session's)`,
      );
    }
    if (session.needsReauthentication) {
      throw new DomainError(
        'REAUTHENTICATION_REQUIRED',
        `This sign-in is older than ${session.reauthenticateAfterMinutes} minutes (adminSession.reauthenticateAfterMinutes): sign in again to make changes`,
        // The console sends the person there (with its own page as return_to) rather than guessing.
        { reauthenticateUrl: session.reauthenticateUrl ?? '/login?return_to=%2Fadmin%2F' },
      );
    }
  }
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
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

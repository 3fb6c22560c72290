import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, warnDatabaseUnavailable } from '../../../common/database-errors.js';
import { ipInRanges, parseCidrs, type IpRange } from '../../../common/networks.js';
import type { AppConfig } from '../../../config/index.js';
import type { SessionAuthenticator, SessionPrincipal } from '../application/session-authenticator.js';
import { SessionCookie } from './session-cookie.js';

/** nginx's default proxy buffer is 4 KB for all headers; the group list must leave room for the rest. */
export const MAX_GROUPS_HEADER_BYTES = 3000;

export type ForwardAuthOutcome = 'ok' | 'unauthenticated' | 'forbidden' | 'redirect';

export interface ForwardAuthObserver {
  (outcome: ForwardAuthOutcome, seconds: number): void;
}

interface CheckQuery {
  allowed_groups?: string;
  rd?: string;
}

/**
 * GET /auth/check, registered on Fastify directly: it runs on every request of every protected
 * app, so it skips Nest's pipeline and helmet, reads the cookie, and answers from the session
 * cache. Identity headers come only from the session: request headers never influence them.
 */
export function registerForwardAuth(
  fastify: FastifyInstance,
  deps: { sessions: SessionAuthenticator; config: AppConfig; logger: Logger; observe?: ForwardAuthObserver },
): void {
  const cookie = new SessionCookie(deps.config);
  const parsed = parseCidrs(deps.config.trustedProxies);
  const trustedProxies: IpRange[] = parsed.ok ? parsed.ranges : [];

  fastify.get<{ Querystring: CheckQuery }>('/auth/check', { helmet: false } as object, async (request, reply) => {
    const started = process.hrtime.bigint();
    const outcome = await check(request, reply);
    deps.observe?.(outcome, Number(process.hrtime.bigint() - started) / 1e9);
  });

  async function check(request: FastifyRequest<{ Querystring: CheckQuery }>, reply: FastifyReply): Promise<ForwardAuthOutcome> {
    reply.header('cache-control', 'no-store');
    let principal: SessionPrincipal | null;
    try {
      // A proxy waits for this answer on every request: give up on the database sooner than elsewhere.
      principal = await deps.sessions.authenticate(cookie.read(request), deps.config.forwardAuthDatabaseTimeoutMs);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        warnDatabaseUnavailable(deps.logger, error);
        await reply.status(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).send();
        return 'unauthenticated';
      }
      deps.logger.error({ err: error, reqId: request.id }, 'forward-auth check failed');
      await reply.status(500).send({ statusCode: 500, code: 'INTERNAL', message: 'Session check failed', requestId: request.id });
      return 'unauthenticated';
    }
    if (!principal) {
      const loginUrl = request.query.rd ? loginRedirect(request) : null;
      if (loginUrl) {
        await reply.redirect(loginUrl, 302);
        return 'redirect';
      }
      await reply.status(401).send();
      return 'unauthenticated';
    }
    const required = request.query.allowed_groups;
    if (required && !isMember(principal, required)) {
      await reply.status(403).send();
      return 'forbidden';
    }
    await reply.headers(identityHeaders(principal)).status(200).send();
    return 'ok';
  }

  /** /login?return_to=<the original URL>, rebuilt from X-Forwarded-* sent by a trusted proxy only. */
  function loginRedirect(request: FastifyRequest): string {
    const peer = request.socket.remoteAddress ?? '';
    let returnTo = '/';
    if (ipInRanges(peer, trustedProxies)) {
      const proto = headerValue(request, 'x-forwarded-proto');
      const host = headerValue(request, 'x-forwarded-host');
      const uri = headerValue(request, 'x-forwarded-uri') ?? '/';
      if ((proto === 'http' || proto === 'https') && host && /^[A-Za-z0-9.:[\]-]+$/.test(host) && uri.startsWith('/')) {
        returnTo = `${proto}://${host}${uri}`;
      }
    }
    return `${deps.config.publicUrl}/login?return_to=${encodeURIComponent(returnTo)}`;
  }
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
}

export function isMember(principal: SessionPrincipal, allowedGroups: string): boolean {
  return allowedGroups.split(',').some((group) => principal.groupSet.has(group.trim().toLowerCase()));
}

/** Built once per cached session: they change only when the session is read again. */
const headersOf = new WeakMap<SessionPrincipal, Record<string, string>>();

/** The headers apps read. Values are made header-safe; groups are cut to fit nginx's buffer. */
export function identityHeaders(principal: SessionPrincipal): Record<string, string> {
  let headers = headersOf.get(principal);
  if (!headers) headersOf.set(principal, (headers = buildIdentityHeaders(principal)));
  return headers;
}

function buildIdentityHeaders(principal: SessionPrincipal): Record<string, string> {
  const headers: Record<string, string> = {
    'x-auth-request-user': headerSafe(principal.username),
    'x-auth-request-email': headerSafe(principal.email ?? ''),
    'x-auth-request-name': headerSafe(principal.displayName ?? principal.username),
  };
  let groups = '';
  for (const group of principal.groups) {
    const next = groups ? `${groups},${headerSafe(group)}` : headerSafe(group);
    if (next.length > MAX_GROUPS_HEADER_BYTES) {
      headers['x-auth-request-groups-truncated'] = 'true';
      break;
    }
    groups = next;
  }
  headers['x-auth-request-groups'] = groups;
  return headers;
}

/** Control characters are dropped; anything beyond ASCII is percent-encoded (UTF-8). */
function headerSafe(value: string): string {
  const clean = value.replace(/[\x00-\x1f\x7f]/g, '');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : encodeURIComponent(clean);
}

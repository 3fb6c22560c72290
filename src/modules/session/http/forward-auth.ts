import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, warnDatabaseUnavailable } from '../../../common/database-errors.js';
import { ipInRanges, parseCidrs, type IpRange } from '../../../common/networks.js';
import { followedReturnTo } from '../../../common/return-to.js';
import type { AppConfig } from '../../../config/index.js';
import { decideAccess, type AccessRulesService } from '../../access-rules/index.js';
import type { SessionAuthenticator, SessionPrincipal } from '../application/session-authenticator.js';
import { inlineRefusal, type InlineAccessQuery } from '../domain/inline-access.js';
import { identityHeaders } from './identity-headers.js';
import { SessionCookie } from './session-cookie.js';

export { MAX_GROUPS_HEADER_BYTES, identityHeaders } from './identity-headers.js';

export type ForwardAuthOutcome = 'ok' | 'unauthenticated' | 'forbidden' | 'redirect';

export interface ForwardAuthObserver {
  (outcome: ForwardAuthOutcome, seconds: number): void;
}

/** Renders the "no access" page for a browser (Accept: text/html). */
export interface ForbiddenPage {
  (
    reply: FastifyReply,
    model: { principal: SessionPrincipal; app: string; reason: string; originalUrl: string | null; requestId: string },
  ): Promise<void>;
}

interface CheckQuery extends InlineAccessQuery {
  rd?: string;
}

/** What the trusted proxy says the visitor asked for. */
interface Original {
  readonly host: string | null;
  readonly uri: string;
  /** The whole URL, when it is one Sesame may send the browser back to. */
  readonly url: string | null;
}

/**
 * GET /auth/check, registered on Fastify directly: it runs on every request of every protected
 * app, so it skips Nest's pipeline and helmet, reads the cookie, and answers from the session
 * cache and the in-memory access rules. Identity headers come only from the session: request
 * headers never influence them.
 */
export function registerForwardAuth(
  fastify: FastifyInstance,
  deps: {
    sessions: SessionAuthenticator;
    rules: AccessRulesService;
    forbiddenPage: ForbiddenPage;
    config: AppConfig;
    logger: Logger;
    observe?: ForwardAuthObserver;
  },
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
      if (request.query.rd) {
        await reply.redirect(loginUrl(original(request).url), 302);
        return 'redirect';
      }
      await reply.status(401).send();
      return 'unauthenticated';
    }
    const refusal = await refusalFor(request, principal);
    if (refusal !== null) {
      if (wantsHtml(request)) {
        const asked = original(request);
        await deps.forbiddenPage(reply.status(403), {
          principal,
          app: asked.host ?? 'this application',
          reason: refusal,
          originalUrl: asked.url,
          requestId: String(request.id),
        });
      } else {
        await reply.status(403).send();
      }
      return 'forbidden';
    }
    await reply.headers(identityHeaders(principal)).status(200).send();
    return 'ok';
  }

  /** The query's rules first (the proxy's own), then the administrator's per-application rules. */
  async function refusalFor(request: FastifyRequest<{ Querystring: CheckQuery }>, principal: SessionPrincipal): Promise<string | null> {
    const inline = inlineRefusal(request.query, principal);
    if (inline !== null) return inline;
    const rules = deps.rules.current();
    const current = rules instanceof Promise ? await rules : rules;
    if (current.rules.length === 0) return null;
    const asked = original(request);
    const decision = decideAccess(current, { host: asked.host, uri: asked.uri }, principal);
    return decision.allowed ? null : decision.reason;
  }

  /** The visitor's request, from X-Forwarded-* sent by a trusted proxy only. */
  function original(request: FastifyRequest): Original {
    if (!ipInRanges(request.socket.remoteAddress ?? '', trustedProxies)) return { host: null, uri: '/', url: null };
    const proto = headerValue(request, 'x-forwarded-proto');
    const host = headerValue(request, 'x-forwarded-host');
    const uri = headerValue(request, 'x-forwarded-uri') ?? '/';
    const plainHost = host !== undefined && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : null;
    const url =
      (proto === 'http' || proto === 'https') && plainHost !== null && uri.startsWith('/')
        ? followedReturnTo(
            `${proto}://${plainHost}${uri}`,
            deps.config.publicOrigin,
            deps.config.allowedReturnOrigins,
            deps.config.cookieDomain,
          )
        : null;
    return { host: plainHost, uri: uri.startsWith('/') ? uri : '/', url };
  }

  /** /login?return_to=<the original URL>, when it is one Sesame would return to. */
  function loginUrl(returnTo: string | null): string {
    return `${deps.config.publicUrl}/login?return_to=${encodeURIComponent(returnTo ?? '/')}`;
  }
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
}

/** A browser navigating (the proxy passed its Accept through), not an API client or the proxy itself. */
function wantsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/i.test(String(request.headers.accept ?? ''));
}

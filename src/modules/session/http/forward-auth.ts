import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { FastLane } from '../../../common/fast-lane.js';
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
interface Asked {
  readonly host: string | null;
  readonly uri: string;
  /** X-Forwarded-Proto, when it is one a return URL may have. */
  readonly proto: 'http' | 'https' | null;
}

const NOTHING_ASKED: Asked = { host: null, uri: '/', proto: null };

/**
 * GET /auth/check, on the fast lane (see FastLane): it runs on every request of every protected
 * app, so it skips Nest's pipeline and every application hook, reads its one cookie, and answers
 * from the session cache and the in-memory access rules. Identity headers come only from the
 * session: request headers never influence them.
 */
export function registerForwardAuth(
  lane: FastLane,
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
  /** A proxy keeps its connections open: its address is parsed and compared once per connection, not per check. */
  const trustedSockets = new WeakMap<Socket, boolean>();
  const fromTrustedProxy = (socket: Socket): boolean => {
    let trusted = trustedSockets.get(socket);
    if (trusted === undefined) trustedSockets.set(socket, (trusted = ipInRanges(socket.remoteAddress ?? '', trustedProxies)));
    return trusted;
  };

  lane.claim('/auth/check').get<{ Querystring: CheckQuery }>('/auth/check', async (request, reply) => {
    // performance.now() is a plain number: hrtime.bigint() would allocate two BigInts per check.
    const started = performance.now();
    const outcome = await check(request, reply);
    deps.observe?.(outcome, (performance.now() - started) / 1000);
  });

  async function check(request: FastifyRequest<{ Querystring: CheckQuery }>, reply: FastifyReply): Promise<ForwardAuthOutcome> {
    reply.header('cache-control', 'no-store');
    let principal: SessionPrincipal | null;
    try {
      // A proxy waits for this answer on every request: give up on the database sooner than elsewhere.
      const found = deps.sessions.authenticate(cookie.readHeader(request.headers.cookie), deps.config.forwardAuthDatabaseTimeoutMs);
      principal = found instanceof Promise ? await found : found;
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
        await reply.redirect(loginUrl(returnUrl(asked(request))), 302);
        return 'redirect';
      }
      await reply.status(401).send();
      return 'unauthenticated';
    }
    const refusal = await refusalFor(request, principal);
    if (refusal !== null) {
      if (wantsHtml(request)) {
        const original = asked(request);
        await deps.forbiddenPage(reply.status(403), {
          principal,
          app: original.host ?? 'this application',
          reason: refusal,
          originalUrl: returnUrl(original),
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
    const decision = decideAccess(current, asked(request), principal);
    return decision.allowed ? null : decision.reason;
  }

  /** The visitor's request, from X-Forwarded-* sent by a trusted proxy only. */
  function asked(request: FastifyRequest): Asked {
    if (!fromTrustedProxy(request.socket)) return NOTHING_ASKED;
    const proto = headerValue(request, 'x-forwarded-proto');
    const host = headerValue(request, 'x-forwarded-host');
    const uri = headerValue(request, 'x-forwarded-uri') ?? '/';
    return {
      host: host !== undefined && PLAIN_HOST.test(host) ? host : null,
      uri: uri.startsWith('/') ? uri : '/',
      // A return URL needs all three; a uri that is not a path makes none.
      proto: (proto === 'http' || proto === 'https') && uri.startsWith('/') ? proto : null,
    };
  }

  /** The whole URL asked for, when it is one Sesame may send the browser back to (only a redirect or a page needs it). */
  function returnUrl({ proto, host, uri }: Asked): string | null {
    if (proto === null || host === null) return null;
    return followedReturnTo(
      `${proto}://${host}${uri}`,
      deps.config.publicOrigin,
      deps.config.allowedReturnOrigins,
      deps.config.cookieDomain,
    );
  }

  /** /login?return_to=<the original URL>, when it is one Sesame would return to. */
  function loginUrl(returnTo: string | null): string {
    return `${deps.config.publicUrl}/login?return_to=${encodeURIComponent(returnTo ?? '/')}`;
  }
}

const PLAIN_HOST = /^[A-Za-z0-9.:[\]-]+$/;

/** The first value of a header (a proxy may have appended its own after a comma). */
function headerValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers[name];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const comma = value.indexOf(',');
  return (comma === -1 ? value : value.slice(0, comma)).trim();
}

/** A browser navigating (the proxy passed its Accept through), not an API client or the proxy itself. */
function wantsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/i.test(String(request.headers.accept ?? ''));
}

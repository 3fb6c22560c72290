import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { FastLane } from '../../../common/fast-lane.js';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, warnDatabaseUnavailable } from '../../../common/database-errors.js';
import { ipInRanges, parseCidrs, type IpRange } from '../../../common/networks.js';
import { followedReturnTo } from '../../../common/return-to.js';
import type { AppConfig } from '../../../config/index.js';
import { decideAccess, type AccessRules, type AccessRulesService } from '../../access-rules/index.js';
import type { SessionAuthenticator, SessionPrincipal } from '../application/session-authenticator.js';
import { inlineRefusal, type InlineAccessQuery } from '../domain/inline-access.js';
import { identityHeaders } from './identity-headers.js';
import { SessionCookie } from './session-cookie.js';

export { MAX_GROUPS_HEADER_BYTES, identityHeaders } from './identity-headers.js';

export type ForwardAuthOutcome = 'ok' | 'unauthenticated' | 'forbidden' | 'redirect';

export interface ForwardAuthObserver {
  (outcome: ForwardAuthOutcome, seconds: number): void;
}

/** Renders the "no access" page for a browser (Accept: text/html): its headers and its HTML. */
export interface ForbiddenPage {
  (model: {
    principal: SessionPrincipal;
    app: string;
    reason: string;
    originalUrl: string | null;
    requestId: string;
  }): Promise<{ readonly headers: Readonly<Record<string, string>>; readonly html: string }>;
}

/** What the check's query string asks: a return after login (`rd`) and the proxy's own rules. */
interface CheckQuery extends InlineAccessQuery {
  readonly rd?: string;
}

const NO_QUERY: CheckQuery = {};

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

  // A cached session and rules in memory are answered without a promise or a microtask: the
  // awaits below are only for a session read from the database or the first read of the rules.
  lane.claim('/auth/check', (request, response, search) => {
    // performance.now() is a plain number: hrtime.bigint() would allocate two BigInts per check.
    const started = performance.now();
    const observe = (outcome: ForwardAuthOutcome) => deps.observe?.(outcome, (performance.now() - started) / 1000);
    const query = search === '' ? NO_QUERY : readQuery(search);
    let found: ReturnType<SessionAuthenticator['authenticate']>;
    try {
      // A proxy waits for this answer on every request: give up on the database sooner than elsewhere.
      found = deps.sessions.authenticate(cookie.readHeader(request.headers.cookie), deps.config.forwardAuthDatabaseTimeoutMs);
    } catch (error) {
      return observe(sessionReadFailed(response, error));
    }
    const outcome =
      found instanceof Promise
        ? found.then(
            (principal) => answerFor(request, response, query, principal),
            (error: unknown) => sessionReadFailed(response, error),
          )
        : answerFor(request, response, query, found);
    if (outcome instanceof Promise) return outcome.then(observe);
    observe(outcome);
  });

  function sessionReadFailed(response: ServerResponse, error: unknown): ForwardAuthOutcome {
    if (isDatabaseUnavailable(error)) {
      warnDatabaseUnavailable(deps.logger, error);
      answer(response, 503, { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) });
      return 'unauthenticated';
    }
    const requestId = randomUUID();
    deps.logger.error({ err: error, reqId: requestId }, 'forward-auth check failed');
    const body = JSON.stringify({ statusCode: 500, code: 'INTERNAL', message: 'Session check failed', requestId });
    answer(response, 500, { 'content-type': 'application/json; charset=utf-8' }, body);
    return 'unauthenticated';
  }

  function answerFor(
    request: IncomingMessage,
    response: ServerResponse,
    query: CheckQuery,
    principal: SessionPrincipal | null,
  ): ForwardAuthOutcome | Promise<ForwardAuthOutcome> {
    if (!principal) {
      if (query.rd) {
        answer(response, 302, { location: loginUrl(returnUrl(asked(request))) });
        return 'redirect';
      }
      answer(response, 401);
      return 'unauthenticated';
    }
    const refusal = refusalFor(request, query, principal);
    if (refusal instanceof Promise) return refusal.then((reason) => answerRefusal(request, response, principal, reason));
    return answerRefusal(request, response, principal, refusal);
  }

  /** 200 with the identity headers, or 403 (with Sesame's page for a browser). */
  function answerRefusal(
    request: IncomingMessage,
    response: ServerResponse,
    principal: SessionPrincipal,
    refusal: string | null,
  ): ForwardAuthOutcome | Promise<ForwardAuthOutcome> {
    if (refusal === null) {
      response.writeHead(200, okHeaders(principal)).end();
      return 'ok';
    }
    if (!wantsHtml(request)) {
      answer(response, 403);
      return 'forbidden';
    }
    const original = asked(request);
    return deps
      .forbiddenPage({
        principal,
        app: original.host ?? 'this application',
        reason: refusal,
        originalUrl: returnUrl(original),
        requestId: randomUUID(),
      })
      .then((page) => {
        answer(response, 403, { ...page.headers, 'content-type': 'text/html; charset=utf-8' }, page.html);
        return 'forbidden';
      });
  }

  /** The query's rules first (the proxy's own), then the administrator's per-application rules. */
  function refusalFor(request: IncomingMessage, query: CheckQuery, principal: SessionPrincipal): string | null | Promise<string | null> {
    const inline = inlineRefusal(query, principal);
    if (inline !== null) return inline;
    const rules = deps.rules.current();
    if (rules instanceof Promise) return rules.then((current) => ruleRefusal(current, request, principal));
    return ruleRefusal(rules, request, principal);
  }

  function ruleRefusal(current: AccessRules, request: IncomingMessage, principal: SessionPrincipal): string | null {
    if (current.rules.length === 0) return null;
    const decision = decideAccess(current, asked(request), principal);
    return decision.allowed ? null : decision.reason;
  }

  /** The visitor's request, from X-Forwarded-* sent by a trusted proxy only. */
  function asked(request: IncomingMessage): Asked {
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

/** The 200's headers, built once per cached session like the identity headers in them. */
const okHeadersOf = new WeakMap<SessionPrincipal, OutgoingHttpHeaders>();

function okHeaders(principal: SessionPrincipal): OutgoingHttpHeaders {
  let headers = okHeadersOf.get(principal);
  if (!headers) okHeadersOf.set(principal, (headers = { ...identityHeaders(principal), 'cache-control': 'no-store', 'content-length': 0 }));
  return headers;
}

/**
 * Every answer of the check but the 200: never cached (it is about one person, now), an empty body unless
 * given one. HEAD gets the same headers without the body (node:http drops it).
 */
function answer(response: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}, body = ''): void {
  response.writeHead(status, { ...headers, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * The query's parameters; one given more than once counts with every value, as a comma-separated
 * list would (`?allowed_groups=a&allowed_groups=b` is `?allowed_groups=a,b`).
 */
function readQuery(search: string): CheckQuery {
  const params = new URLSearchParams(search);
  const read = (name: string) => (params.has(name) ? params.getAll(name).join(',') : undefined);
  return {
    rd: params.get('rd') ?? undefined,
    allowed_groups: read('allowed_groups'),
    allowed_emails: read('allowed_emails'),
    allowed_email_domains: read('allowed_email_domains'),
  };
}

/** The first value of a header (a proxy may have appended its own after a comma). */
function headerValue(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers[name];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const comma = value.indexOf(',');
  return (comma === -1 ? value : value.slice(0, comma)).trim();
}

/** A browser navigating (the proxy passed its Accept through), not an API client or the proxy itself. */
function wantsHtml(request: IncomingMessage): boolean {
  return /\btext\/html\b/i.test(String(request.headers.accept ?? ''));
}

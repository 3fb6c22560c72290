import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Where a browser request comes from, by what the browser itself says (a page cannot forge
 * these headers): `same-origin` (one of Sesame's pages, or its own script), `user` (typed,
 * bookmarked: Sec-Fetch-Site none), `foreign` (another origin, same site or not) or `unknown`
 * (no header says: an old browser, or no browser at all).
 */
export type RequestSite = 'same-origin' | 'user' | 'foreign' | 'unknown';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export function requestSite(headers: Headers, publicOrigin: string): RequestSite {
  const site = first(headers['sec-fetch-site']);
  if (site !== undefined) return site === 'same-origin' ? 'same-origin' : site === 'none' ? 'user' : 'foreign';
  const origin = first(headers.origin);
  // Our pages send `Referrer-Policy: no-referrer`, under which browsers post forms with `Origin: null`.
  if (origin !== undefined && origin !== 'null') return origin === publicOrigin ? 'same-origin' : 'foreign';
  const referer = first(headers.referer);
  if (referer !== undefined) return originOf(referer) === publicOrigin ? 'same-origin' : 'foreign';
  return 'unknown';
}

/**
 * The CSRF cookie, the double-submit half of the token every Sesame form carries (and that a
 * script may send as the X-Sesame-Csrf header). HttpOnly, SameSite=Lax, `__Host-` over https
 * so no sibling site can plant one.
 */
export class CsrfCookie {
  static readonly HEADER = 'x-sesame-csrf';
  private readonly name: string;

  constructor(private readonly config: { readonly secureCookies: boolean; readonly publicOrigin: string }) {
    this.name = `${config.secureCookies ? '__Host-' : ''}sesame_csrf`;
  }

  /** The token a form must echo; the same value as the cookie, set now if the browser has none. */
  token(request: FastifyRequest, reply: FastifyReply): string {
    const existing = request.cookies[this.name];
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const value = randomBytes(32).toString('base64url');
    reply.setCookie(this.name, value, { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies, path: '/' });
    return value;
  }

  /** The submitted token matches the cookie, and the request does not come from another origin. */
  accepts(request: FastifyRequest, submitted: unknown): boolean {
    const site = requestSite(request.headers, this.config.publicOrigin);
    if (site !== 'same-origin' && site !== 'unknown') return false;
    const cookie = request.cookies[this.name];
    return (
      typeof submitted === 'string' &&
      cookie !== undefined &&
      submitted.length === cookie.length &&
      timingSafeEqual(Buffer.from(submitted), Buffer.from(cookie))
    );
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

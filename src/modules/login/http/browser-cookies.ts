import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../../config/index.js';
import { CsrfCookie } from '../../../common/csrf.js';
import { DomainError } from '../../../common/domain-error.js';

/**
 * Two small cookies of the login pages. The browser binding ties a login transaction to the
 * browser that began it (a callback replayed in another browser is refused: login CSRF). The
 * CSRF cookie is the double-submit half of the token every form carries.
 */
export class BrowserCookies {
  private readonly bindingName: string;
  private readonly csrf: CsrfCookie;

  constructor(private readonly config: AppConfig) {
    const prefix = config.secureCookies ? '__Host-' : '';
    this.bindingName = `${prefix}sesame_login`;
    this.csrf = new CsrfCookie(config);
  }

  /** The browser's binding value, created on its first login. Reused, so two tabs can both sign in. */
  binding(request: FastifyRequest, reply: FastifyReply): string {
    const existing = request.cookies[this.bindingName];
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const value = randomBytes(32).toString('base64url');
    reply.setCookie(this.bindingName, value, this.options(15 * 60));
    return value;
  }

  readBinding(request: FastifyRequest): string | undefined {
    return request.cookies[this.bindingName];
  }

  /** The token a form must echo; the same value as the cookie. */
  csrfToken(request: FastifyRequest, reply: FastifyReply): string {
    return this.csrf.token(request, reply);
  }

  /** Whether a form post carries the token of the cookie and comes from this origin. */
  csrfAccepts(request: FastifyRequest, submitted: unknown): boolean {
    return this.csrf.accepts(request, submitted);
  }

  /** Refuses a form post whose token does not match the cookie, or that comes from another origin. */
  verifyCsrf(request: FastifyRequest, submitted: unknown): void {
    if (!this.csrf.accepts(request, submitted)) {
      throw new DomainError('CSRF_INVALID', 'This form expired or did not come from this site. Reload the page and try again.');
    }
  }

  private options(maxAgeSeconds: number | null) {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.secureCookies,
      path: '/',
      ...(maxAgeSeconds === null ? {} : { maxAge: maxAgeSeconds }),
    };
  }
}

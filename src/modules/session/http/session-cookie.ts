import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../../config/index.js';

/** The cookie's name for a configuration: the prefix tells the browser which rules to hold it to. */
export function sessionCookieName(config: Pick<AppConfig, 'secureCookies' | 'cookieDomain'>): string {
  if (!config.secureCookies) return 'sesame_session';
  // `__Host-` forbids a Domain attribute; `__Secure-` still makes the browser refuse it over http.
  return config.cookieDomain ? '__Secure-sesame_session' : '__Host-sesame_session';
}

/**
 * The session cookie: HttpOnly, SameSite=Lax, and over https Secure. Without SESAME_COOKIE_DOMAIN
 * it is bound to Sesame's exact host (`__Host-`: no Domain, Path=/), so no sibling site can set
 * it; with it, the apps under that domain receive it too, so one sign-in covers all of them.
 */
export class SessionCookie {
  readonly name: string;
  private readonly domain: string | undefined;

  constructor(private readonly config: AppConfig) {
    this.name = sessionCookieName(config);
    this.domain = config.cookieDomain;
  }

  read(request: FastifyRequest): string | undefined {
    return request.cookies?.[this.name];
  }

  /** The value from a raw Cookie header, where no cookie plugin ran (the forward-auth check). */
  readHeader(header: string | undefined): string | undefined {
    return header === undefined ? undefined : fastifyCookie.parse(header)[this.name];
  }

  set(reply: FastifyReply, token: string, maxAgeSeconds: number | null): void {
    reply.setCookie(this.name, token, {
      ...this.attributes(),
      ...(maxAgeSeconds === null ? {} : { maxAge: maxAgeSeconds }),
    });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(this.name, this.attributes());
  }

  private attributes() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.secureCookies,
      path: '/',
      ...(this.domain ? { domain: this.domain } : {}),
    };
  }
}

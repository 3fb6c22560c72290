import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../../config/index.js';

/**
 * The session cookie: HttpOnly, SameSite=Lax, and over https Secure with the `__Host-` prefix,
 * which binds it to Sesame's exact host (no Domain, Path=/) so no sibling site can set it.
 */
export class SessionCookie {
  readonly name: string;

  constructor(private readonly config: AppConfig) {
    this.name = config.secureCookies ? '__Host-sesame_session' : 'sesame_session';
  }

  read(request: FastifyRequest): string | undefined {
    return request.cookies?.[this.name];
  }

  set(reply: FastifyReply, token: string, maxAgeSeconds: number | null): void {
    reply.setCookie(this.name, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookies,
      path: '/',
      ...(maxAgeSeconds === null ? {} : { maxAge: maxAgeSeconds }),
    });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(this.name, { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies, path: '/' });
  }
}

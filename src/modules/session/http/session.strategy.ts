import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/index.js';
import { SessionAuthenticator, type SessionPrincipal } from '../application/session-authenticator.js';
import { SessionCookie } from './session-cookie.js';

/** Passport strategy "session": the signed-in user of the browser, from the session cookie. */
@Injectable()
export class SessionStrategy extends PassportStrategy(Strategy, 'session') {
  private readonly cookie: SessionCookie;

  constructor(
    private readonly sessions: SessionAuthenticator,
    config: AppConfig,
  ) {
    super();
    this.cookie = new SessionCookie(config);
  }

  async validate(request: FastifyRequest): Promise<SessionPrincipal | false> {
    return (await this.sessions.authenticate(this.cookie.read(request))) ?? false;
  }
}

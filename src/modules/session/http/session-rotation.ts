import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/index.js';
import { SessionsService, type CreatedSession } from '../application/sessions.service.js';
import { SessionCookie } from './session-cookie.js';

/**
 * Session rotation, for every way of signing in: the new session replaces whatever session
 * this browser had (ended, not merely overwritten), so a cookie planted or seen before the
 * sign-in is worth nothing after it.
 */
@Injectable()
export class SessionRotation {
  private readonly cookie: SessionCookie;

  constructor(
    private readonly sessions: SessionsService,
    config: AppConfig,
  ) {
    this.cookie = new SessionCookie(config);
  }

  async replace(request: FastifyRequest, reply: FastifyReply, session: CreatedSession): Promise<void> {
    const previous = this.cookie.read(request);
    if (previous) await this.sessions.endByToken(previous);
    this.cookie.set(reply, session.token, session.cookieMaxAgeSeconds);
  }
}

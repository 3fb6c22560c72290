import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from './config/index.js';
import type { Clock } from './common/clock.js';
import { AdminSessionPolicy, type ConsoleSession } from './modules/api-token/index.js';
import { SessionCookie, type SessionAuthenticator } from './modules/session/index.js';
import { isSignInRecentEnough, type SignInSettingsService } from './modules/sign-in/index.js';

/**
 * The admin console's way into the admin API: the browser's session cookie, when its user is a
 * member of the sign-in setting adminGroups. The CSRF token is a hash of the session token, so it
 * is bound to this one session, the same on every instance, and stored nowhere.
 */
export class ConsoleSessionPolicy extends AdminSessionPolicy {
  private readonly cookie: SessionCookie;

  constructor(
    private readonly sessions: SessionAuthenticator,
    private readonly signIn: SignInSettingsService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    super();
    this.cookie = new SessionCookie(config);
  }

  async consoleSession(request: FastifyRequest): Promise<ConsoleSession> {
    const token = this.cookie.read(request);
    if (token === undefined) return { kind: 'none' };
    const principal = await this.sessions.authenticate(token);
    if (!principal) return { kind: 'none' };
    const settings = await this.signIn.get();
    const scope = await this.signIn.adminRoleOf(principal.groupSet);
    if (scope === null) return { kind: 'not-admin', username: principal.username };
    return {
      kind: 'admin',
      userId: principal.userId,
      sessionId: principal.sessionId,
      username: principal.username,
      scope,
      signedInAtMs: principal.createdAt,
      reauthenticateAfterMinutes: settings.adminSession.reauthenticateAfterMinutes,
      needsReauthentication: !isSignInRecentEnough(principal.createdAt, this.clock.nowMs(), settings.adminSession),
      csrfToken: consoleCsrfToken(token),
    };
  }
}

export function consoleCsrfToken(sessionToken: string): string {
  return createHash('sha256').update(`sesame-console-csrf:${sessionToken}`).digest('base64url');
}

import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from './config/index.js';
import type { Clock } from './common/clock.js';
import { AdminSessionPolicy, type ConsoleSession } from './modules/api-token/index.js';
import type { ProviderService } from './modules/provider/index.js';
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
    private readonly providers: ProviderService,
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
    const needsReauthentication = !isSignInRecentEnough(principal.createdAt, this.clock.nowMs(), settings.adminSession);
    return {
      kind: 'admin',
      userId: principal.userId,
      sessionId: principal.sessionId,
      username: principal.username,
      scope,
      signedInAtMs: principal.createdAt,
      reauthenticateAfterMinutes: settings.adminSession.reauthenticateAfterMinutes,
      needsReauthentication,
      // Looked up only when needed: the provider's slug is one more (cached) read.
      reauthenticateUrl: needsReauthentication ? await this.reauthenticateUrl(principal) : null,
      csrfToken: consoleCsrfToken(token),
    };
  }

  private async reauthenticateUrl(principal: { method: string; providerId: string | null }): Promise<string> {
    const provider = principal.method === 'sso' && principal.providerId ? await this.providers.find(principal.providerId) : null;
    return reauthenticationUrl(provider?.slug ?? null, CONSOLE_HOME);
  }
}

const CONSOLE_HOME = '/admin/';

/**
 * Where a person signs in again for the console: the start of the provider they signed in with,
 * with `prompt=login` so the provider asks for the credentials again rather than answering from
 * its own session (a fresh login is a fresh session, with a new signed-in time); for a backdoor
 * session (or a provider since deleted), the backdoor login. Relative, and the return URL is one
 * of Sesame's own paths, so the start's return-URL rules accept it as they accept any other.
 * The backdoor's key is a secret and is never put in it: a person whose backdoor needs one adds it.
 */
export function reauthenticationUrl(providerSlug: string | null, returnTo: string): string {
  if (providerSlug === null) return `/backdoor?${new URLSearchParams({ return_to: returnTo })}`;
  return `/sso/${encodeURIComponent(providerSlug)}/start?${new URLSearchParams({ prompt: 'login', return_to: returnTo })}`;
}

export function consoleCsrfToken(sessionToken: string): string {
  return createHash('sha256').update(`sesame-console-csrf:${sessionToken}`).digest('base64url');
}

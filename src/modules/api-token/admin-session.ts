import type { FastifyRequest } from 'fastify';
import type { ApiTokenScope } from './api-token.entity.js';

/** What the browser's session cookie says about the admin console. */
export type ConsoleSession =
  | { readonly kind: 'none' }
  | { readonly kind: 'not-admin'; readonly username: string }
  | {
      readonly kind: 'admin';
      readonly userId: string;
      readonly sessionId: string;
      readonly username: string;
      readonly scope: ApiTokenScope;
      /** When the person signed in (the session began). */
      readonly signedInAtMs: number;
      /** A write needs a sign-in at most this old (adminSession.reauthenticateAfterMinutes). */
      readonly reauthenticateAfterMinutes: number;
      /** The sign-in is older than that: reads go on, writes wait for a new sign-in. */
      readonly needsReauthentication: boolean;
      /** When it does: where the person signs in again (their provider with prompt=login, or the backdoor), back to the console. */
      readonly reauthenticateUrl: string | null;
      /** The X-Sesame-Csrf value every write must carry: derived from the session token, so bound to this session. */
      readonly csrfToken: string;
    };

/**
 * Reads the session cookie for the admin API. Provided by the application (the session and
 * sign-in modules decide it), so this module need not know them.
 */
export abstract class AdminSessionPolicy {
  abstract consoleSession(request: FastifyRequest): Promise<ConsoleSession>;
}

/** No console: the admin API takes bearer tokens only (tests of this module alone). */
export class NoConsoleSessions extends AdminSessionPolicy {
  consoleSession(): Promise<ConsoleSession> {
    return Promise.resolve({ kind: 'none' });
  }
}

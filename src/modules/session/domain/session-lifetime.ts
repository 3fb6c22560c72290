/** The session settings (idle and absolute limits, remember me), as the sign-in settings hold them. */
export interface SessionTimeouts {
  readonly idleTimeoutMinutes: number;
  readonly absoluteTimeoutHours: number;
  readonly rememberMe: { readonly enabled: boolean; readonly days: number };
}

export interface SessionLifetime {
  readonly rememberMe: boolean;
  /** Absolute end of the session, in ms since the epoch. */
  readonly expiresAt: number;
  /** Cookie Max-Age; null = a browser-session cookie that ends with the browser. */
  readonly cookieMaxAgeSeconds: number | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long a new session lives. "Remember me" (when allowed) keeps the user signed in for
 * `days` across browser restarts, until they log out; otherwise the cookie ends with the
 * browser and the server ends the session after the absolute timeout.
 */
export function sessionLifetime(timeouts: SessionTimeouts, rememberMeRequested: boolean, nowMs: number): SessionLifetime {
  const rememberMe = rememberMeRequested && timeouts.rememberMe.enabled;
  if (rememberMe) {
    return { rememberMe, expiresAt: nowMs + timeouts.rememberMe.days * DAY, cookieMaxAgeSeconds: timeouts.rememberMe.days * 24 * 3600 };
  }
  return { rememberMe, expiresAt: nowMs + timeouts.absoluteTimeoutHours * HOUR, cookieMaxAgeSeconds: null };
}

export type SessionState = 'active' | 'expired' | 'idle';

export interface SessionTimes {
  readonly createdAt: number;
  /** The absolute end set at creation. */
  readonly expiresAt: number;
  readonly lastSeenAt: number;
  readonly rememberMe: boolean;
}

/**
 * Enforced on the server, whatever the cookie says, with the settings of now: an administrator
 * who shortens a limit (or turns remember-me off) shortens the sessions already running too.
 * A remembered session has no idle limit (that is what remembering means); any other ends after
 * `idleTimeoutMinutes` without a request.
 */
export function sessionState(session: SessionTimes, timeouts: SessionTimeouts, nowMs: number): SessionState {
  const remembered = session.rememberMe && timeouts.rememberMe.enabled;
  const limit = remembered ? timeouts.rememberMe.days * DAY : timeouts.absoluteTimeoutHours * HOUR;
  if (nowMs >= Math.min(session.expiresAt, session.createdAt + limit)) return 'expired';
  if (!remembered && nowMs >= session.lastSeenAt + timeouts.idleTimeoutMinutes * MINUTE) return 'idle';
  return 'active';
}

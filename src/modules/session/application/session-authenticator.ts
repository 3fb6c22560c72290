import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ChangeBus, type Change } from '../../../common/change-bus.js';
import { Clock } from '../../../common/clock.js';
import { withDeadline } from '../../../common/database-errors.js';
import { SignInSettingsService } from '../../sign-in/index.js';
import { sessionState, type SessionTimeouts } from '../domain/session-lifetime.js';
import { SessionsRepository } from '../infrastructure/sessions.repository.js';
import { loadSessionPrincipal, type SessionPrincipal } from './session-principal.js';
import { looksLikeSessionToken } from './session-token.js';
import { StringPool } from './string-pool.js';

export type { SessionPrincipal } from './session-principal.js';

interface CachedSession {
  readonly principal: SessionPrincipal | null;
  readonly cachedAt: number;
  /** When last_seen_at was last written to (or read from) the database. */
  storedSeenAt: number;
}

/** Long enough that the hot path rarely asks the database; every change invalidates at once anyway. */
const CACHE_TTL_MS = 30_000;
/**
 * last_seen_at is written at most this often per session (and at least ten times per idle
 * period), so another instance reading it is never far enough behind to end an active session.
 */
const MAX_TOUCH_INTERVAL_MS = 60_000;
const MINUTE = 60_000;
const MAX_ENTRIES = 200_000;

/**
 * The forward-auth hot path: a cookie → its principal, from memory when possible. Unknown
 * cookies are remembered too, so a flood of bad cookies costs one query each per window.
 * Logout, revocation, user and provider changes reach every instance through the change bus.
 */
@Injectable()
export class SessionAuthenticator implements OnModuleDestroy {
  private readonly cache = new Map<string, CachedSession>();
  /** A user's cached tokens: the token itself for one session (most people), a Set for several. */
  private readonly byUser = new Map<string, string | Set<string>>();
  private readonly bySession = new Map<string, string>();
  private readonly strings = new StringPool();
  private timeouts: SessionTimeouts | undefined;
  private settingsGeneration = 0;
  private sessionChanges = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly rows: SessionsRepository,
    private readonly settings: SignInSettingsService,
    private readonly clock: Clock,
    private readonly changes: ChangeBus,
  ) {
    this.unsubscribe = changes.subscribe((change) => this.onChange(change));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /**
   * The principal of a session cookie value, or null (unknown, expired, idle, user or provider
   * disabled). Expiry is decided on every request, cached or not, with the current settings.
   * With `databaseDeadlineMs`, gives up on a database that does not answer in that time. A fresh
   * cached session is answered at once, without a promise: the forward-auth check's common case.
   */
  authenticate(token: string | undefined, databaseDeadlineMs?: number): SessionPrincipal | null | Promise<SessionPrincipal | null> {
    if (!looksLikeSessionToken(token)) return null;
    const now = this.clock.nowMs();
    const entry = this.cache.get(token);
    const timeouts = this.timeouts;
    if (entry?.principal && timeouts && now - entry.cachedAt <= CACHE_TTL_MS && sessionState(entry.principal, timeouts, now) === 'active') {
      this.touch(entry, entry.principal, timeouts, now);
      return entry.principal;
    }
    return this.authenticateFromDatabase(token, entry, now, databaseDeadlineMs);
  }

  private async authenticateFromDatabase(
    token: string,
    known: CachedSession | undefined,
    now: number,
    databaseDeadlineMs: number | undefined,
  ): Promise<SessionPrincipal | null> {
    const until = databaseDeadlineMs === undefined ? undefined : performance.now() + databaseDeadlineMs;
    const read = <T>(work: () => Promise<T>): Promise<T> =>
      until === undefined ? work() : withDeadline(work(), Math.max(0, until - performance.now()), 'session read');
    let entry = known;
    const cached = entry !== undefined && now - entry.cachedAt <= CACHE_TTL_MS;
    if (!entry || !cached) entry = await read(() => this.reload(token, entry, now));
    if (!entry.principal) return null;
    const timeouts = this.timeouts ?? (await read(() => this.sessionTimeouts()));
    let state = sessionState(entry.principal, timeouts, now);
    if (state === 'idle' && cached) {
      // The user may have been active on another instance since this copy was cached.
      entry = await read(() => this.reload(token, entry, now));
      if (!entry.principal) return null;
      state = sessionState(entry.principal, timeouts, now);
    }
    if (state !== 'active') {
      const principal = entry.principal;
      // Refused either way: a database that does not answer only delays the cleanup.
      await read(() => this.endOver(token, principal)).catch(() => undefined);
      return null;
    }
    this.touch(entry, entry.principal, timeouts, now);
    return entry.principal;
  }

  /** Entries held (tests and metrics). */
  get size(): number {
    return this.cache.size;
  }

  private async reload(token: string, previous: CachedSession | undefined, now: number): Promise<CachedSession> {
    const changesBefore = this.sessionChanges;
    const principal = await this.load(token);
    const storedSeenAt = principal?.lastSeenAt ?? 0;
    // Requests seen here but not written yet still count as activity.
    if (principal && previous?.principal) principal.lastSeenAt = Math.max(principal.lastSeenAt, previous.principal.lastSeenAt);
    const entry: CachedSession = { principal, cachedAt: now, storedSeenAt };
    // A revocation that arrived while reading may concern this very row: answer with it once, keep nothing.
    if (changesBefore === this.sessionChanges) this.remember(token, entry);
    else this.forget(token);
    return entry;
  }

  private async load(token: string): Promise<SessionPrincipal | null> {
    const found = await loadSessionPrincipal(this.rows, token, this.strings);
    if (!found) return null;
    if (!found.usable) {
      // A disabled user or provider ends the session for good, not just for this request.
      await this.rows.deleteById(found.principal.sessionId);
      return null;
    }
    return found.principal;
  }

  private touch(entry: CachedSession, principal: SessionPrincipal, timeouts: SessionTimeouts, now: number): void {
    principal.lastSeenAt = now;
    if (now - entry.storedSeenAt < Math.min(MAX_TOUCH_INTERVAL_MS, (timeouts.idleTimeoutMinutes * MINUTE) / 10)) return;
    entry.storedSeenAt = now;
    void this.rows.touch(principal.sessionId, new Date(now)).catch(() => undefined);
  }

  /** An expired or idle session is over for good: a longer limit set later does not bring it back. */
  private async endOver(token: string, principal: SessionPrincipal): Promise<void> {
    this.forget(token);
    try {
      await this.rows.deleteById(principal.sessionId);
      await this.changes.publish({ kind: 'session', id: principal.sessionId });
    } catch {
      // Refused either way; the row goes with the next purge of expired sessions.
    }
  }

  private async sessionTimeouts(): Promise<SessionTimeouts> {
    if (this.timeouts) return this.timeouts;
    const generation = this.settingsGeneration;
    const { session } = await this.settings.get();
    // A settings change that arrived while reading makes this value stale: use it once, keep none.
    if (generation === this.settingsGeneration) this.timeouts = session;
    return session;
  }

  private remember(token: string, entry: CachedSession): void {
    if (this.cache.size >= MAX_ENTRIES) this.clear();
    this.cache.set(token, entry);
    const principal = entry.principal;
    if (!principal) return;
    this.bySession.set(principal.sessionId, token);
    const tokens = this.byUser.get(principal.userId);
    if (tokens === undefined || tokens === token) this.byUser.set(principal.userId, token);
    else if (typeof tokens === 'string') this.byUser.set(principal.userId, new Set([tokens, token]));
    else tokens.add(token);
  }

  private forget(token: string): void {
    const principal = this.cache.get(token)?.principal;
    this.cache.delete(token);
    if (!principal) return;
    this.bySession.delete(principal.sessionId);
    const tokens = this.byUser.get(principal.userId);
    if (tokens === token) this.byUser.delete(principal.userId);
    else if (typeof tokens === 'object') {
      tokens.delete(token);
      if (tokens.size === 0) this.byUser.delete(principal.userId);
    }
  }

  private clear(): void {
    this.cache.clear();
    this.byUser.clear();
    this.bySession.clear();
  }

  private onChange(change: Change): void {
    if (change.kind !== 'settings') this.sessionChanges++;
    if (change.kind === 'session') {
      const token = this.bySession.get(change.id);
      if (token) this.forget(token);
    } else if (change.kind === 'user') {
      const tokens = this.byUser.get(change.id);
      for (const token of typeof tokens === 'string' ? [tokens] : [...(tokens ?? [])]) this.forget(token);
    } else if (change.kind === 'provider') {
      this.clear();
    } else if (change.kind === 'all' || (change.kind === 'settings' && change.id === 'sign-in')) {
      if (change.kind === 'all') this.clear();
      this.timeouts = undefined;
      this.settingsGeneration++;
    }
  }
}

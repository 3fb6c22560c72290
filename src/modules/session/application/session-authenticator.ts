import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ChangeBus, type Change } from '../../../common/change-bus.js';
import { Clock } from '../../../common/clock.js';
import { SignInSettingsService } from '../../sign-in/index.js';
import { sessionState, type SessionTimeouts } from '../domain/session-lifetime.js';
import { hashSessionToken, looksLikeSessionToken } from './session-token.js';

/** Who a valid session belongs to, as apps are told. */
export interface SessionPrincipal {
  readonly sessionId: string;
  readonly userId: string;
  readonly username: string;
  readonly email: string | null;
  readonly displayName: string | null;
  /** Group names, sorted case-insensitively. */
  readonly groups: readonly string[];
  /** Lower-cased, for `allowed_groups` checks. */
  readonly groupSet: ReadonlySet<string>;
  readonly providerId: string | null;
  readonly method: string;
  readonly rememberMe: boolean;
  readonly expiresAt: number;
  lastSeenAt: number;
}

interface CachedSession {
  readonly principal: SessionPrincipal | null;
  readonly cachedAt: number;
}

/** Long enough that the hot path rarely asks the database; every change invalidates at once anyway. */
const CACHE_TTL_MS = 30_000;
/** last_seen_at is written at most this often per session: idle limits are minutes, not milliseconds. */
const TOUCH_INTERVAL_MS = 60_000;
const MAX_ENTRIES = 200_000;

interface SessionRow {
  id: string;
  user_id: string;
  username: string;
  email: string | null;
  display_name: string | null;
  groups: string[];
  provider_id: string | null;
  method: string;
  remember_me: boolean;
  expires_at: Date;
  last_seen_at: Date;
  usable: boolean;
}

/**
 * The forward-auth hot path: a cookie → its principal, from memory when possible. Unknown
 * cookies are remembered too, so a flood of bad cookies costs one query each per window.
 * Logout, revocation, user and provider changes reach every instance through the change bus.
 */
@Injectable()
export class SessionAuthenticator implements OnModuleDestroy {
  private readonly cache = new Map<string, CachedSession>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly bySession = new Map<string, string>();
  private timeouts: SessionTimeouts | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SignInSettingsService,
    private readonly clock: Clock,
    changes: ChangeBus,
  ) {
    this.unsubscribe = changes.subscribe((change) => this.onChange(change));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** The principal of a session cookie value, or null (unknown, expired, idle, user or provider disabled). */
  async authenticate(token: string | undefined): Promise<SessionPrincipal | null> {
    if (!looksLikeSessionToken(token)) return null;
    const now = this.clock.nowMs();
    let entry = this.cache.get(token);
    if (!entry || now - entry.cachedAt > CACHE_TTL_MS) {
      entry = { principal: await this.load(token), cachedAt: now };
      this.remember(token, entry);
    }
    const principal = entry.principal;
    if (!principal) return null;
    const timeouts = this.timeouts ?? (this.timeouts = (await this.settings.get()).session);
    if (sessionState(principal, timeouts, now) !== 'active') {
      this.forget(token);
      return null;
    }
    if (now - principal.lastSeenAt >= TOUCH_INTERVAL_MS) {
      principal.lastSeenAt = now;
      void this.db
        .query(`UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, [principal.sessionId, new Date(now)])
        .catch(() => undefined);
    }
    return principal;
  }

  /** Entries held (tests and metrics). */
  get size(): number {
    return this.cache.size;
  }

  private async load(token: string): Promise<SessionPrincipal | null> {
    const rows: SessionRow[] = await this.db.query(
      `SELECT s.id, s.user_id, u.username, u.email, u.display_name, s.provider_id, s.method, s.remember_me,
              s.expires_at, s.last_seen_at, (u.active AND (p.id IS NULL OR p.enabled)) AS usable,
              COALESCE((SELECT array_agg(g.name ORDER BY lower(g.name)) FROM memberships m JOIN groups g ON g.id = m.group_id
                        WHERE m.user_id = s.user_id), '{}') AS groups
       FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN providers p ON p.id = s.provider_id
       WHERE s.token_hash = $1`,
      [hashSessionToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    if (!row.usable) {
      // A disabled user or provider ends the session for good, not just for this request.
      await this.db.query(`DELETE FROM sessions WHERE id = $1`, [row.id]);
      return null;
    }
    return {
      sessionId: row.id,
      userId: row.user_id,
      username: row.username,
      email: row.email,
      displayName: row.display_name,
      groups: row.groups,
      groupSet: new Set(row.groups.map((g) => g.toLowerCase())),
      providerId: row.provider_id,
      method: row.method,
      rememberMe: row.remember_me,
      expiresAt: row.expires_at.getTime(),
      lastSeenAt: row.last_seen_at.getTime(),
    };
  }

  private remember(token: string, entry: CachedSession): void {
    if (this.cache.size >= MAX_ENTRIES) this.clear();
    this.cache.set(token, entry);
    const principal = entry.principal;
    if (!principal) return;
    this.bySession.set(principal.sessionId, token);
    let tokens = this.byUser.get(principal.userId);
    if (!tokens) this.byUser.set(principal.userId, (tokens = new Set()));
    tokens.add(token);
  }

  private forget(token: string): void {
    const principal = this.cache.get(token)?.principal;
    this.cache.delete(token);
    if (!principal) return;
    this.bySession.delete(principal.sessionId);
    this.byUser.get(principal.userId)?.delete(token);
  }

  private clear(): void {
    this.cache.clear();
    this.byUser.clear();
    this.bySession.clear();
  }

  private onChange(change: Change): void {
    if (change.kind === 'session') {
      const token = this.bySession.get(change.id);
      if (token) this.forget(token);
    } else if (change.kind === 'user') {
      for (const token of [...(this.byUser.get(change.id) ?? [])]) this.forget(token);
    } else if (change.kind === 'provider') {
      this.clear();
    } else if (change.kind === 'settings' && change.id === 'sign-in') {
      this.timeouts = undefined;
    }
  }
}

import { SortedNames, type GroupMembership } from '../domain/group-membership.js';
import type { SessionsRepository } from '../infrastructure/sessions.repository.js';
import { hashSessionToken } from './session-token.js';
import type { StringPool } from './string-pool.js';

/** Who a valid session belongs to, as apps are told. */
export interface SessionPrincipal {
  readonly sessionId: string;
  readonly userId: string;
  readonly username: string;
  readonly email: string | null;
  readonly displayName: string | null;
  /** Group names, sorted case-insensitively. */
  readonly groups: readonly string[];
  /** By lower-cased name, for `allowed_groups` checks and access rules. */
  readonly groupSet: GroupMembership;
  readonly providerId: string | null;
  readonly method: string;
  readonly rememberMe: boolean;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** The last request of this session that this instance saw (or the database, if later). */
  lastSeenAt: number;
}

/**
 * The session a cookie names, with its user and groups, in one query; `usable` is false when the
 * user or provider is off. Strings many sessions share come from `pool`, so the cache holds each once.
 */
export async function loadSessionPrincipal(
  sessions: SessionsRepository,
  token: string,
  pool: StringPool,
): Promise<{ principal: SessionPrincipal; usable: boolean } | null> {
  const row = await sessions.findPrincipal(hashSessionToken(token));
  if (!row) return null;
  const groups = pool.internAll(row.groups);
  const principal: SessionPrincipal = {
    sessionId: row.id,
    userId: row.user_id,
    username: row.username,
    email: row.email,
    displayName: row.display_name,
    groups,
    // Mostly the group list itself: names are usually lower case already.
    groupSet: SortedNames.of(groups, (name) => pool.intern(name.toLowerCase())),
    providerId: row.provider_id === null ? null : pool.intern(row.provider_id),
    method: pool.intern(row.method),
    rememberMe: row.remember_me,
    createdAt: row.created_at.getTime(),
    expiresAt: row.expires_at.getTime(),
    lastSeenAt: row.last_seen_at.getTime(),
  };
  return { principal, usable: row.usable };
}

import type { DataSource } from 'typeorm';
import { hashSessionToken } from './session-token.js';

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
  readonly createdAt: number;
  readonly expiresAt: number;
  /** The last request of this session that this instance saw (or the database, if later). */
  lastSeenAt: number;
}

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
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
  usable: boolean;
}

/** The session a cookie names, with its user and groups, in one query; `usable` is false when the user or provider is off. */
export async function loadSessionPrincipal(
  db: DataSource,
  token: string,
): Promise<{ principal: SessionPrincipal; usable: boolean } | null> {
  const rows: SessionRow[] = await db.query(
    `SELECT s.id, s.user_id, u.username, u.email, u.display_name, s.provider_id, s.method, s.remember_me,
            s.created_at, s.expires_at, s.last_seen_at, (u.active AND (p.id IS NULL OR p.enabled)) AS usable, u.groups
     FROM sessions s JOIN directory_accounts u ON u.id = s.user_id LEFT JOIN provider_registrations p ON p.id = s.provider_id
     WHERE s.token_hash = $1`,
    [hashSessionToken(token)],
  );
  const row = rows[0];
  if (!row) return null;
  const principal: SessionPrincipal = {
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
    createdAt: row.created_at.getTime(),
    expiresAt: row.expires_at.getTime(),
    lastSeenAt: row.last_seen_at.getTime(),
  };
  return { principal, usable: row.usable };
}

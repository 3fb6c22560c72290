import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A new row of `sessions`; the token arrives hashed and the id token sealed. */
export interface SessionInsert {
  readonly tokenHash: Buffer;
  readonly userId: string;
  readonly providerId: string | null;
  readonly providerSubject: string | null;
  readonly providerSid: string | null;
  readonly idTokenSealed: string | null;
  readonly method: string;
  readonly rememberMe: boolean;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** A session with its user and groups, as the session check reads it. */
export interface SessionPrincipalRow {
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
  /** False when the user or the provider is switched off. */
  usable: boolean;
}

export interface SessionListRow {
  id: string;
  userId: string;
  username: string;
  providerId: string | null;
  providerSlug: string | null;
  method: string;
  rememberMe: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/**
 * The `sessions` table. Users and providers are read through the views their owners publish
 * (directory_accounts, provider_registrations). Every method is one statement.
 */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(row: SessionInsert, manager?: EntityManager): Promise<string> {
    const rows: { id: string }[] = await (manager ?? this.db.manager).query(
      `INSERT INTO sessions (token_hash, user_id, provider_id, provider_subject, provider_sid, id_token_sealed, method,
                             remember_me, ip, user_agent, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12) RETURNING id`,
      [
        row.tokenHash,
        row.userId,
        row.providerId,
        row.providerSubject,
        row.providerSid,
        row.idTokenSealed,
        row.method,
        row.rememberMe,
        row.ip,
        row.userAgent,
        row.createdAt,
        row.expiresAt,
      ],
    );
    return rows[0]!.id;
  }

  /** The session a token hash names, with its user and groups, in one query. */
  async findPrincipal(tokenHash: Buffer): Promise<SessionPrincipalRow | null> {
    const rows: SessionPrincipalRow[] = await this.db.query(
      `SELECT s.id, s.user_id, u.username, u.email, u.display_name, s.provider_id, s.method, s.remember_me,
            s.created_at, s.expires_at, s.last_seen_at, (u.active AND (p.id IS NULL OR p.enabled)) AS usable, u.groups
     FROM sessions s JOIN directory_accounts u ON u.id = s.user_id LEFT JOIN provider_registrations p ON p.id = s.provider_id
     WHERE s.token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Never moves last_seen_at backwards: another instance may have written a later request. */
  async touch(id: string, seenAt: Date): Promise<void> {
    await this.db.query(`UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1`, [id, seenAt]);
  }

  /** Deletes the session a token hash names and returns what logout needs from it. */
  async deleteByTokenHash(
    tokenHash: Buffer,
  ): Promise<{ id: string; user_id: string; provider_id: string | null; id_token_sealed: string | null } | null> {
    const rows: { id: string; user_id: string; provider_id: string | null; id_token_sealed: string | null }[] = await this.db.query(
      `WITH ended AS (DELETE FROM sessions WHERE token_hash = $1 RETURNING id, user_id, provider_id, id_token_sealed) SELECT * FROM ended`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** True when there was such a session. */
  async deleteById(id: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.db.query(`DELETE FROM sessions WHERE id = $1`, [id]);
    return affected > 0;
  }

  async deleteForUser(userId: string): Promise<number> {
    const [, affected]: [unknown, number] = await this.db.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
    return affected;
  }

  /** The provider's sessions of this sid and/or subject (each only when given); returns the ids deleted. */
  async deleteForProviderSession(providerId: string, subject: string | undefined, sid: string | undefined): Promise<string[]> {
    const conditions = ['provider_id = $1'];
    const params: unknown[] = [providerId];
    if (sid) conditions.push(`provider_sid = $${params.push(sid)}`);
    if (subject) conditions.push(`provider_subject = $${params.push(subject)}`);
    const ended: { id: string }[] = await this.db.query(
      `WITH ended AS (DELETE FROM sessions WHERE ${conditions.join(' AND ')} RETURNING id) SELECT id FROM ended`,
      params,
    );
    return ended.map((row) => row.id);
  }

  /** Unexpired sessions at `now`, newest first. */
  list(filter: { userId?: string; limit: number }, now: Date): Promise<SessionListRow[]> {
    const params: unknown[] = [now, filter.limit];
    const byUser = filter.userId ? `AND s.user_id = $${params.push(filter.userId)}` : '';
    return this.db.query(
      `SELECT s.id, s.user_id AS "userId", u.username, s.provider_id AS "providerId", p.slug AS "providerSlug", s.method,
              s.remember_me AS "rememberMe", s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt",
              s.expires_at AS "expiresAt", s.ip, s.user_agent AS "userAgent"
       FROM sessions s JOIN directory_accounts u ON u.id = s.user_id LEFT JOIN provider_registrations p ON p.id = s.provider_id
       WHERE s.expires_at > $1 ${byUser} ORDER BY s.created_at DESC LIMIT $2`,
      params,
    );
  }

  async countUnexpired(now: Date): Promise<number> {
    const rows: { n: string }[] = await this.db.query(`SELECT count(*) AS n FROM sessions WHERE expires_at > $1`, [now]);
    return Number(rows[0]?.n ?? 0);
  }

  async deleteExpired(now: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.db.query(`DELETE FROM sessions WHERE expires_at <= $1`, [now]);
    return affected;
  }

  /** The user's sessions, only if that user is switched off. */
  async deleteForInactiveUser(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM sessions s USING directory_accounts u WHERE u.id = $1 AND s.user_id = u.id AND NOT u.active`, [
      userId,
    ]);
  }

  /** The provider's sessions, only if that provider is switched off. */
  async deleteForDisabledProvider(providerId: string): Promise<void> {
    await this.db.query(
      `DELETE FROM sessions s USING provider_registrations p WHERE p.id = $1 AND s.provider_id = p.id AND NOT p.enabled`,
      [providerId],
    );
  }
}

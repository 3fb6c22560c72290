import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { ChangeBus, type Change } from '../../../common/change-bus.js';
import { Clock } from '../../../common/clock.js';
import { notFound } from '../../../common/domain-error.js';
import { LOGGER } from '../../../common/logger.js';
import { SecretBox } from '../../../common/secret-box.js';
import { SignInSettingsService } from '../../sign-in/index.js';
import { sessionLifetime } from '../domain/session-lifetime.js';
import { hashSessionToken, newSessionToken } from './session-token.js';

export interface NewSession {
  readonly userId: string;
  readonly method: 'sso' | 'backdoor';
  readonly providerId?: string | null;
  readonly providerSubject?: string | null;
  readonly providerSid?: string | null;
  /** Kept sealed for RP-initiated logout (`id_token_hint`). */
  readonly idToken?: string | null;
  readonly rememberMe: boolean;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface CreatedSession {
  readonly id: string;
  readonly token: string;
  readonly expiresAt: Date;
  readonly cookieMaxAgeSeconds: number | null;
}

export interface SessionView {
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

export const ID_TOKEN_PURPOSE = 'session-id-token';

/** Creating and ending sessions. Every end is announced so every instance drops it from its cache. */
@Injectable()
export class SessionsService implements OnModuleDestroy {
  private readonly unsubscribe: () => void;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SignInSettingsService,
    private readonly clock: Clock,
    private readonly secrets: SecretBox,
    private readonly changes: ChangeBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.unsubscribe = changes.subscribe((change) => void this.endSwitchedOff(change));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** A fresh token every time: a login never adopts a cookie value the browser brought. */
  async create(input: NewSession, manager?: EntityManager): Promise<CreatedSession> {
    const { session: timeouts } = await this.settings.get();
    const now = this.clock.nowMs();
    const lifetime = sessionLifetime(timeouts, input.rememberMe, now);
    const token = newSessionToken();
    const rows: { id: string }[] = await (manager ?? this.db.manager).query(
      `INSERT INTO sessions (token_hash, user_id, provider_id, provider_subject, provider_sid, id_token_sealed, method,
                             remember_me, ip, user_agent, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12) RETURNING id`,
      [
        hashSessionToken(token),
        input.userId,
        input.providerId ?? null,
        input.providerSubject ?? null,
        input.providerSid ?? null,
        input.idToken ? this.secrets.seal(input.idToken, ID_TOKEN_PURPOSE) : null,
        input.method,
        lifetime.rememberMe,
        input.ip,
        input.userAgent?.slice(0, 500) ?? null,
        new Date(now),
        new Date(lifetime.expiresAt),
      ],
    );
    return { id: rows[0]!.id, token, expiresAt: new Date(lifetime.expiresAt), cookieMaxAgeSeconds: lifetime.cookieMaxAgeSeconds };
  }

  /** Ends the session a cookie names (logout); returns what RP-initiated logout needs. */
  async endByToken(token: string): Promise<{ userId: string; providerId: string | null; idToken: string | null } | null> {
    const rows: { id: string; user_id: string; provider_id: string | null; id_token_sealed: string | null }[] = await this.db.query(
      `WITH ended AS (DELETE FROM sessions WHERE token_hash = $1 RETURNING id, user_id, provider_id, id_token_sealed) SELECT * FROM ended`,
      [hashSessionToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    await this.changes.publish({ kind: 'session', id: row.id });
    return { userId: row.user_id, providerId: row.provider_id, idToken: this.openIdToken(row.id_token_sealed) };
  }

  async end(id: string): Promise<void> {
    const [, affected]: [unknown, number] = await this.db.query(`DELETE FROM sessions WHERE id = $1`, [id]);
    if (!affected) throw notFound('Session', id);
    await this.changes.publish({ kind: 'session', id });
  }

  async endForUser(userId: string): Promise<number> {
    const [, affected]: [unknown, number] = await this.db.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
    await this.changes.publish({ kind: 'user', id: userId });
    return affected;
  }

  /** Back-channel logout: by the provider's session id, or every session of the subject. */
  async endForProviderSession(providerId: string, subject: string | undefined, sid: string | undefined): Promise<number> {
    const conditions = ['provider_id = $1'];
    const params: unknown[] = [providerId];
    if (sid) conditions.push(`provider_sid = $${params.push(sid)}`);
    if (subject) conditions.push(`provider_subject = $${params.push(subject)}`);
    const ended: { id: string }[] = await this.db.query(
      `WITH ended AS (DELETE FROM sessions WHERE ${conditions.join(' AND ')} RETURNING id) SELECT id FROM ended`,
      params,
    );
    for (const { id } of ended) await this.changes.publish({ kind: 'session', id });
    return ended.length;
  }

  async list(filter: { userId?: string; limit: number }): Promise<SessionView[]> {
    const params: unknown[] = [this.clock.now(), filter.limit];
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

  async countActive(): Promise<number> {
    const rows: { n: string }[] = await this.db.query(`SELECT count(*) AS n FROM sessions WHERE expires_at > $1`, [this.clock.now()]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Expired rows are useless; removing them keeps the table the size of the active sessions. */
  async purgeExpired(): Promise<number> {
    const [, affected]: [unknown, number] = await this.db.query(`DELETE FROM sessions WHERE expires_at <= $1`, [this.clock.now()]);
    return affected;
  }

  /**
   * A user or provider that is switched off loses its sessions for good, so switching it back on
   * revives none. Every instance runs this (idempotent, and nothing to do unless switched off);
   * the session check also refuses such sessions on its own, in case this has not run yet.
   */
  private async endSwitchedOff(change: Change): Promise<void> {
    try {
      if (change.kind === 'user') {
        await this.db.query(`DELETE FROM sessions s USING directory_accounts u WHERE u.id = $1 AND s.user_id = u.id AND NOT u.active`, [
          change.id,
        ]);
      } else if (change.kind === 'provider') {
        await this.db.query(
          `DELETE FROM sessions s USING provider_registrations p WHERE p.id = $1 AND s.provider_id = p.id AND NOT p.enabled`,
          [change.id],
        );
      }
    } catch (error) {
      this.logger.warn({ err: error, change }, 'could not end the sessions of a disabled user or provider');
    }
  }

  private openIdToken(sealed: string | null): string | null {
    if (!sealed) return null;
    try {
      return this.secrets.open(sealed, ID_TOKEN_PURPOSE);
    } catch (error) {
      this.logger.warn({ err: error }, 'a stored id_token could not be opened (SESAME_SECRET_KEY changed?)');
      return null;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A person Sesame may re-check at a provider: the identity, its sealed refresh token, when it is due. */
export interface ResyncIdentity {
  readonly id: string;
  readonly providerId: string;
  readonly userId: string;
  readonly subject: string;
  readonly refreshTokenSealed: string;
  /** Entra ID left the groups out of the login's token: they come from Microsoft Graph each time. */
  readonly graphGroups: boolean;
  readonly dueAt: Date;
  readonly failures: number;
}

export interface KeptRefreshToken {
  readonly providerId: string;
  readonly userId: string;
  readonly subject: string;
  readonly refreshTokenSealed: string;
  readonly graphGroups: boolean;
  readonly activeUntil: Date;
  readonly dueAt: Date;
}

const COLUMNS = `r.id, r.provider_id AS "providerId", r.user_id AS "userId", r.subject, r.refresh_token_sealed AS "refreshTokenSealed",
  r.graph_groups AS "graphGroups", r.due_at AS "dueAt", r.failures`;

/**
 * The re-sync work queue in PostgreSQL. A claim takes due rows with `FOR UPDATE SKIP LOCKED` and
 * leases them in the same statement, so two instances never claim the same person: the second
 * skips the rows the first has locked, and after commit sees the lease.
 */
@Injectable()
export class ResyncIdentitiesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** At login, in its transaction: the newest refresh token of this identity replaces the one before. */
  async keep(tx: EntityManager, kept: KeptRefreshToken): Promise<void> {
    await tx.query(
      `INSERT INTO resync_identities (provider_id, user_id, subject, refresh_token_sealed, graph_groups, active_until, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (provider_id, subject) DO UPDATE SET user_id = $2, refresh_token_sealed = $4, graph_groups = $5,
         active_until = GREATEST(resync_identities.active_until, $6), due_at = $7, failures = 0, leased_until = NULL`,
      [kept.providerId, kept.userId, kept.subject, kept.refreshTokenSealed, kept.graphGroups, kept.activeUntil, kept.dueAt],
    );
  }

  /**
   * Leases up to `limit` rows and returns them. `due`: only rows whose time has come (the
   * scheduler); otherwise any row of the provider or user (an administrator's "re-sync now").
   * A row leased by another instance is never taken until its lease runs out.
   */
  async claim(
    filter: { providerId?: string; userId?: string; due: boolean },
    now: Date,
    leaseMs: number,
    limit: number,
  ): Promise<ResyncIdentity[]> {
    const params: unknown[] = [now, new Date(now.getTime() + leaseMs), limit];
    const conditions = ['(leased_until IS NULL OR leased_until <= $1)', 'active_until > $1'];
    if (filter.due) conditions.push('due_at <= $1');
    if (filter.providerId) conditions.push(`provider_id = $${params.push(filter.providerId)}`);
    if (filter.userId) conditions.push(`user_id = $${params.push(filter.userId)}`);
    return this.db
      .query(
        `WITH claimed AS (
         SELECT id FROM resync_identities WHERE ${conditions.join(' AND ')} ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE resync_identities r SET leased_until = $2 FROM claimed WHERE r.id = claimed.id RETURNING ${COLUMNS}`,
        params,
      )
      .then((result: unknown) => rowsOf<ResyncIdentity>(result));
  }

  /** Ends a lease: when the person is due next, the outcome, and the refresh token to use then. */
  async finish(
    id: string,
    update: { dueAt: Date; failures: number; outcome: string; refreshTokenSealed?: string; graphGroups?: boolean },
    now: Date,
  ): Promise<void> {
    await this.db.query(
      `UPDATE resync_identities SET leased_until = NULL, due_at = $2, failures = $3, last_outcome = $4,
         refresh_token_sealed = COALESCE($5, refresh_token_sealed), graph_groups = COALESCE($6, graph_groups),
         last_synced_at = CASE WHEN $3 = 0 THEN $7 ELSE last_synced_at END
       WHERE id = $1`,
      [id, update.dueAt, update.failures, update.outcome, update.refreshTokenSealed ?? null, update.graphGroups ?? null, now],
    );
  }

  /** The provider's grant is gone or unusable, or nobody is signed in any more: nothing left to re-check. */
  async remove(id: string): Promise<void> {
    await this.db.query(`DELETE FROM resync_identities WHERE id = $1`, [id]);
  }

  /** Providers with someone due now, so an idle instance asks only for them. */
  async dueProviders(now: Date): Promise<string[]> {
    const rows: { provider_id: string }[] = await this.db.query(
      `SELECT DISTINCT provider_id FROM resync_identities WHERE due_at <= $1 AND active_until > $1 AND (leased_until IS NULL OR leased_until <= $1)`,
      [now],
    );
    return rows.map((r) => r.provider_id);
  }
}

/** TypeORM's query() answers `[rows, count]` for an UPDATE … RETURNING on some drivers and the rows on others. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

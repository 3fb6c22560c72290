import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditEvent, AuditEventType, AuditOutcome } from '../domain/audit-event.js';

/** A row to insert: an event before the database numbers and dates it, its details already redacted and serialised. */
export type AuditEventRow = Omit<AuditEvent, 'id' | 'occurredAt' | 'details'> & { readonly detailsJson: string };

export interface AuditEventFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly type?: AuditEventType;
  readonly outcome?: AuditOutcome;
  readonly userId?: string;
  readonly providerId?: string;
  /** Only events with a smaller id (the cursor of the previous page). */
  readonly beforeId?: string;
  readonly limit: number;
}

/** Any fixed number: the instance holding it is the one purging. */
const PURGE_LOCK = 0x5e5a_a0d1;
const PURGE_BATCH = 5_000;

/** `id` is a bigint: text in JSON. Sorting must name audit_events.id, not this text alias. */
const COLUMNS = `id::text AS id, occurred_at AS "occurredAt", type, outcome, code, provider_id AS "providerId",
  provider_slug AS "providerSlug", user_id AS "userId", username, actor, ip, user_agent AS "userAgent",
  request_id AS "requestId", details`;

@Injectable()
export class AuditEventRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(row: AuditEventRow): Promise<void> {
    await this.insertMany([row]);
  }

  /** Several events in one statement (one round trip), in the order given. */
  async insertMany(rows: readonly AuditEventRow[]): Promise<void> {
    if (rows.length === 0) return;
    const params: unknown[] = [];
    const values = rows.map((row) => {
      const at = params.length;
      params.push(
        row.type,
        row.outcome,
        row.code,
        row.providerId,
        row.providerSlug,
        row.userId,
        row.username,
        row.actor,
        row.ip,
        row.userAgent,
        row.requestId,
        row.detailsJson,
      );
      const p = (n: number) => `$${at + n}`;
      return `(${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(p).join(', ')}, ${p(12)}::jsonb)`;
    });
    await this.db.query(
      `INSERT INTO audit_events (type, outcome, code, provider_id, provider_slug, user_id, username, actor, ip, user_agent, request_id, details)
       VALUES ${values.join(', ')}`,
      params,
    );
  }

  /** Newest first; asks for one row more than the limit so the caller knows whether a next page exists. */
  async find(filter: AuditEventFilter): Promise<AuditEvent[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (filter.from) add((p) => `occurred_at >= ${p}`, filter.from);
    if (filter.to) add((p) => `occurred_at < ${p}`, filter.to);
    if (filter.type) add((p) => `type = ${p}`, filter.type);
    if (filter.outcome) add((p) => `outcome = ${p}`, filter.outcome);
    if (filter.userId) add((p) => `user_id = ${p}::uuid`, filter.userId);
    if (filter.providerId) add((p) => `provider_id = ${p}::uuid`, filter.providerId);
    if (filter.beforeId) add((p) => `id < ${p}::bigint`, filter.beforeId);
    params.push(filter.limit + 1);
    return this.db.query(
      `SELECT ${COLUMNS} FROM audit_events ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY audit_events.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * Deletes events older than `cutoff` in batches (no long transaction, no huge lock), unless
   * another instance is purging: then it returns null at once.
   */
  async purgeOlderThan(cutoff: Date): Promise<number | null> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [lock]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [PURGE_LOCK]);
      if (!lock?.locked) return null;
      try {
        let deleted = 0;
        for (;;) {
          const result = await runner.query(
            `DELETE FROM audit_events WHERE id IN (
               SELECT id FROM audit_events WHERE occurred_at < $1 ORDER BY occurred_at LIMIT ${PURGE_BATCH})`,
            [cutoff],
            true,
          );
          const affected = result.affected ?? 0;
          deleted += affected;
          if (affected < PURGE_BATCH) return deleted;
        }
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [PURGE_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
}

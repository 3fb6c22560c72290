import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A counter as `login_attempts` stores it. */
export interface AttemptRow {
  readonly key: string;
  readonly failures: number;
  readonly locked_until: Date | null;
}

/** A counter starts over when its window has passed without a lock-out, or its lock-out has ended. */
const startsOver = (now: string, windowStart: string) =>
  `((a.locked_until IS NULL AND a.window_started_at <= ${windowStart}) OR a.locked_until <= ${now})`;
const STARTS_OVER = startsOver('$2', '$3');

/**
 * Failure counters in `login_attempts`, shared by every instance. Each change is one statement
 * (an upsert, an update), so concurrent attempts on any instance are counted exactly once.
 * Times come from Sesame's clock as parameters, never the database's now().
 */
@Injectable()
export class LoginAttemptsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Adds one attempt to each counter in one upsert. A counter whose window (started at or before
   * `windowStart`) or lock-out has passed starts over; during a lock-out attempts are not added.
   */
  count(keys: readonly string[], now: Date, windowStart: Date): Promise<AttemptRow[]> {
    return this.db.query(
      `INSERT INTO login_attempts AS a (key, failures, window_started_at, locked_until)
       SELECT k, 1, $2::timestamptz, NULL FROM unnest($1::text[]) AS k
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN ${STARTS_OVER} THEN 1 WHEN a.locked_until > $2 THEN a.failures ELSE a.failures + 1 END,
         window_started_at = CASE WHEN ${STARTS_OVER} THEN $2 ELSE a.window_started_at END,
         locked_until = CASE WHEN ${STARTS_OVER} THEN NULL ELSE a.locked_until END
       RETURNING key, failures, locked_until`,
      [keys, now, windowStart],
    );
  }

  /** Starts a lock-out, unless one is still running (it is never shortened or stretched). */
  async lock(key: string, until: Date, now: Date): Promise<void> {
    await this.db.query(`UPDATE login_attempts SET locked_until = $2 WHERE key = $1 AND (locked_until IS NULL OR locked_until <= $3)`, [
      key,
      until,
      now,
    ]);
  }

  async clear(key: string): Promise<void> {
    await this.db.query(`DELETE FROM login_attempts WHERE key = $1`, [key]);
  }

  /** Takes one attempt off a counter. */
  async forgiveOne(key: string): Promise<void> {
    await this.db.query(`UPDATE login_attempts SET failures = GREATEST(failures - 1, 0) WHERE key = $1`, [key]);
  }

  /** Counters that would start over anyway are only rows; any name an attacker tries would otherwise stay forever. */
  async purge(now: Date, windowStart: Date): Promise<void> {
    await this.db.query(`DELETE FROM login_attempts a WHERE ${startsOver('$1', '$2')}`, [now, windowStart]);
  }
}

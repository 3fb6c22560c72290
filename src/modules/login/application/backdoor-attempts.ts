import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  DEFAULT_ATTEMPT_LIMITS,
  decideAttempt,
  lockoutAfterFailure,
  type AttemptCounter,
  type AttemptDecision,
  type AttemptLimits,
  type AttemptScope,
} from '../domain/attempt-limits.js';

/** The two counters one backdoor attempt is charged to. */
export interface AttemptKeys {
  readonly account: string;
  readonly ip: string;
}

export interface CountedAttempt {
  readonly keys: AttemptKeys;
  readonly counters: Readonly<Record<AttemptScope, AttemptCounter>>;
  readonly decision: AttemptDecision;
  readonly nowMs: number;
}

const PURGE_PROBABILITY = 0.01;

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
export class BackdoorAttempts {
  readonly limits: AttemptLimits = DEFAULT_ATTEMPT_LIMITS;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  static keysFor(username: string, ip: string): AttemptKeys {
    return { account: `backdoor:account:${username.toLowerCase()}`, ip: `backdoor:ip:${ip}` };
  }

  /**
   * Counts the attempt against both counters before its password is checked. A counter whose
   * window or lock-out has passed starts over; during a lock-out attempts are not added, so the
   * lock-out ends when it said it would.
   */
  async count(keys: AttemptKeys, nowMs: number): Promise<CountedAttempt> {
    const rows: { key: string; failures: number; locked_until: Date | null }[] = await this.db.query(
      `INSERT INTO login_attempts AS a (key, failures, window_started_at, locked_until)
       SELECT k, 1, $2::timestamptz, NULL FROM unnest($1::text[]) AS k
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN ${STARTS_OVER} THEN 1 WHEN a.locked_until > $2 THEN a.failures ELSE a.failures + 1 END,
         window_started_at = CASE WHEN ${STARTS_OVER} THEN $2 ELSE a.window_started_at END,
         locked_until = CASE WHEN ${STARTS_OVER} THEN NULL ELSE a.locked_until END
       RETURNING key, failures, locked_until`,
      [[keys.account, keys.ip], new Date(nowMs), new Date(nowMs - this.limits.windowMs)],
    );
    const counterOf = (key: string): AttemptCounter => {
      const row = rows.find((r) => r.key === key);
      return { failures: Number(row?.failures ?? 1), lockedUntilMs: row?.locked_until ? new Date(row.locked_until).getTime() : null };
    };
    const counters = { account: counterOf(keys.account), ip: counterOf(keys.ip) };
    return { keys, counters, decision: decideAttempt(counters, nowMs, this.limits), nowMs };
  }

  /** A failed attempt stays counted; a counter at its limit starts its lock-out now. */
  async failed(attempt: CountedAttempt): Promise<void> {
    for (const scope of ['account', 'ip'] as const) {
      const until = lockoutAfterFailure(attempt.counters[scope], scope, attempt.nowMs, this.limits);
      if (until === null) continue;
      await this.db.query(`UPDATE login_attempts SET locked_until = $2 WHERE key = $1 AND (locked_until IS NULL OR locked_until <= $3)`, [
        attempt.keys[scope],
        new Date(until),
        new Date(attempt.nowMs),
      ]);
    }
    if (Math.random() < PURGE_PROBABILITY) await this.purge(attempt.nowMs);
  }

  /** A success clears the account's counter and takes its own attempt off the address's count. */
  async succeeded(attempt: CountedAttempt): Promise<void> {
    await this.db.query(`DELETE FROM login_attempts WHERE key = $1`, [attempt.keys.account]);
    await this.db.query(`UPDATE login_attempts SET failures = GREATEST(failures - 1, 0) WHERE key = $1`, [attempt.keys.ip]);
  }

  /** Counters that would start over anyway are only rows; any name an attacker tries would otherwise stay forever. */
  private async purge(nowMs: number): Promise<void> {
    await this.db.query(`DELETE FROM login_attempts a WHERE ${startsOver('$1', '$2')}`, [
      new Date(nowMs),
      new Date(nowMs - this.limits.windowMs),
    ]);
  }
}

import { Injectable } from '@nestjs/common';
import {
  DEFAULT_ATTEMPT_LIMITS,
  decideAttempt,
  lockoutAfterFailure,
  type AttemptCounter,
  type AttemptDecision,
  type AttemptLimits,
  type AttemptScope,
} from '../domain/attempt-limits.js';
import { LoginAttemptsRepository } from '../infrastructure/login-attempts.repository.js';

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

/**
 * The backdoor's attempt limits over the failure counters every instance shares: one counter per
 * account and one per address, each change one statement (see LoginAttemptsRepository).
 */
@Injectable()
export class BackdoorAttempts {
  readonly limits: AttemptLimits = DEFAULT_ATTEMPT_LIMITS;

  constructor(private readonly attempts: LoginAttemptsRepository) {}

  static keysFor(username: string, ip: string): AttemptKeys {
    return { account: `backdoor:account:${username.toLowerCase()}`, ip: `backdoor:ip:${ip}` };
  }

  /**
   * Counts the attempt against both counters before its password is checked. A counter whose
   * window or lock-out has passed starts over; during a lock-out attempts are not added, so the
   * lock-out ends when it said it would.
   */
  async count(keys: AttemptKeys, nowMs: number): Promise<CountedAttempt> {
    const rows = await this.attempts.count([keys.account, keys.ip], new Date(nowMs), new Date(nowMs - this.limits.windowMs));
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
      await this.attempts.lock(attempt.keys[scope], new Date(until), new Date(attempt.nowMs));
    }
    if (Math.random() < PURGE_PROBABILITY) {
      await this.attempts.purge(new Date(attempt.nowMs), new Date(attempt.nowMs - this.limits.windowMs));
    }
  }

  /** A success clears the account's counter and takes its own attempt off the address's count. */
  async succeeded(attempt: CountedAttempt): Promise<void> {
    await this.attempts.clear(attempt.keys.account);
    await this.attempts.forgiveOne(attempt.keys.ip);
  }
}

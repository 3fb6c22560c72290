import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_ATTEMPT_LIMITS as limits,
  decideAttempt,
  lockoutAfterFailure,
  type AttemptCounter,
  type AttemptDecision,
  type AttemptScope,
} from './attempt-limits.js';

const NOW = Date.UTC(2025, 0, 1, 12);
const MINUTE = 60_000;
const fresh: AttemptCounter = { failures: 1, lockedUntilMs: null };
const counted = (failures: number, lockedUntilMs: number | null = null): AttemptCounter => ({ failures, lockedUntilMs });

describe('decideAttempt (5 per account, 20 per address, 15 minutes)', () => {
  it.each<[string, AttemptCounter, AttemptCounter, AttemptDecision]>([
    ['the first attempt', fresh, fresh, { allowed: true }],
    ['the 5th attempt on an account', counted(5), counted(5), { allowed: true }],
    ['the 6th attempt on an account', counted(6), counted(6), { allowed: false, lockedBy: 'account', retryAfterMs: 15 * MINUTE }],
    ['the 20th attempt from an address', counted(1), counted(20), { allowed: true }],
    ['the 21st attempt from an address', counted(1), counted(21), { allowed: false, lockedBy: 'ip', retryAfterMs: 15 * MINUTE }],
    [
      'an account locked out for 10 more minutes',
      counted(5, NOW + 10 * MINUTE),
      counted(7),
      { allowed: false, lockedBy: 'account', retryAfterMs: 10 * MINUTE },
    ],
    [
      'an address locked out for 1 more second',
      counted(1),
      counted(20, NOW + 1000),
      { allowed: false, lockedBy: 'ip', retryAfterMs: 1000 },
    ],
    ['a lock-out ending right now', counted(1, NOW), counted(1), { allowed: true }],
    [
      'both locked: the account is named',
      counted(9, NOW + MINUTE),
      counted(30, NOW + 2 * MINUTE),
      { allowed: false, lockedBy: 'account', retryAfterMs: MINUTE },
    ],
  ])('%s', (_, account, ip, expected) => {
    expect(decideAttempt({ account, ip }, NOW, limits)).toEqual(expected);
  });
});

describe('lockoutAfterFailure', () => {
  it.each<[string, AttemptScope, AttemptCounter, number | null]>([
    ['the 4th failure of an account', 'account', counted(4), null],
    ['the 5th failure of an account', 'account', counted(5), NOW + 15 * MINUTE],
    ['a failure beyond the limit (parallel attempts)', 'account', counted(12), NOW + 15 * MINUTE],
    ['the 19th failure from an address', 'ip', counted(19), null],
    ['the 20th failure from an address', 'ip', counted(20), NOW + 15 * MINUTE],
    ['a failure while a lock-out runs (it is not extended)', 'account', counted(5, NOW + MINUTE), null],
    ['the limit reached after a lock-out ended', 'account', counted(5, NOW - MINUTE), NOW + 15 * MINUTE],
    ['the limit reached as a lock-out ends', 'account', counted(5, NOW), NOW + 15 * MINUTE],
  ])('%s', (_, scope, counter, expected) => {
    expect(lockoutAfterFailure(counter, scope, NOW, limits)).toBe(expected);
  });
});

describe('DEFAULT_ATTEMPT_LIMITS', () => {
  it('counts failures in a window of 15 minutes and locks out for 15 minutes', () => {
    expect(limits).toEqual({ perAccount: 5, perIp: 20, windowMs: 15 * MINUTE, lockoutMs: 15 * MINUTE });
  });
});

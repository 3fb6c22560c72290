/**
 * Brute-force limits of the backdoor login. Every attempt is counted as a failure before the
 * password is checked (and the account's count is cleared again on success), so that N
 * parallel guesses cannot all slip past a limit they were all checked against at once.
 */
export interface AttemptLimits {
  /** Failed attempts per account (username, whether it exists or not) within the window. */
  readonly perAccount: number;
  /** Failed attempts per client address within the window. */
  readonly perIp: number;
  readonly windowMs: number;
  readonly lockoutMs: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = {
  perAccount: 5,
  perIp: 20,
  windowMs: 15 * 60 * 1000,
  lockoutMs: 15 * 60 * 1000,
};

export type AttemptScope = 'account' | 'ip';

/** A counter as the database returns it after this attempt was counted. */
export interface AttemptCounter {
  /** Attempts counted in the current window, this one included. */
  readonly failures: number;
  readonly lockedUntilMs: number | null;
}

export type AttemptDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly lockedBy: AttemptScope; readonly retryAfterMs: number };

export function limitFor(scope: AttemptScope, limits: AttemptLimits): number {
  return scope === 'account' ? limits.perAccount : limits.perIp;
}

/**
 * May this attempt's password be looked at? Not while a lock-out runs, nor when it is beyond
 * the limit (the lock-out then starts with this failure). The account is named first.
 */
export function decideAttempt(
  counters: Readonly<Record<AttemptScope, AttemptCounter>>,
  nowMs: number,
  limits: AttemptLimits,
): AttemptDecision {
  for (const scope of ['account', 'ip'] as const) {
    const { failures, lockedUntilMs } = counters[scope];
    if (lockedUntilMs !== null && lockedUntilMs > nowMs) return { allowed: false, lockedBy: scope, retryAfterMs: lockedUntilMs - nowMs };
    if (failures > limitFor(scope, limits)) return { allowed: false, lockedBy: scope, retryAfterMs: limits.lockoutMs };
  }
  return { allowed: true };
}

/** After a failure: the lock-out to start (its end), or null while the counter is under its limit or a lock-out already runs. */
export function lockoutAfterFailure(counter: AttemptCounter, scope: AttemptScope, nowMs: number, limits: AttemptLimits): number | null {
  if (counter.lockedUntilMs !== null && counter.lockedUntilMs > nowMs) return null;
  return counter.failures >= limitFor(scope, limits) ? nowMs + limits.lockoutMs : null;
}

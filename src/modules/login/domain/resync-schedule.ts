/** What one re-sync came to: what an admin "re-sync now" answers and what the audit and metrics count. */
export type ResyncResult = 'changed' | 'unchanged' | 'ended' | 'failed' | 'skipped';

/** Longest wait after repeated failures (a provider that is down is not asked every second). */
const MAX_BACKOFF_SECONDS = 3600;

/**
 * When the next re-sync of a person is due: one interval after a success; after a failure,
 * the interval doubled per failure in a row, up to an hour (never sooner than the interval).
 */
export function nextDue(nowMs: number, intervalSeconds: number, failures: number): Date {
  if (failures <= 0) return new Date(nowMs + intervalSeconds * 1000);
  const backoff = Math.min(intervalSeconds * 2 ** Math.min(failures, 20), Math.max(MAX_BACKOFF_SECONDS, intervalSeconds));
  return new Date(nowMs + backoff * 1000);
}

export interface RateBucket {
  readonly tokens: number;
  readonly atMs: number;
}

/**
 * A token bucket per provider: `maxPerMinute` re-syncs a minute, in bursts of at most one
 * second's worth (at least one). Answers how many may start now and the bucket after them.
 */
export function takeFromBucket(
  bucket: RateBucket | undefined,
  nowMs: number,
  maxPerMinute: number,
  wanted: number,
): { readonly granted: number; readonly bucket: RateBucket } {
  const capacity = Math.max(1, Math.ceil(maxPerMinute / 60));
  const previous = bucket ?? { tokens: capacity, atMs: nowMs };
  const refilled = Math.min(capacity, previous.tokens + ((nowMs - previous.atMs) * maxPerMinute) / 60_000);
  const granted = Math.max(0, Math.min(wanted, Math.floor(refilled)));
  return { granted, bucket: { tokens: refilled - granted, atMs: nowMs } };
}

/**
 * How a refused refresh reads. `invalid_grant` is the provider's word that the grant is gone:
 * the account was disabled or deleted, the consent or the refresh token revoked (RFC 6749 §5.2),
 * so the person's sessions end. Anything else (network, 5xx, a bad client) is tried again later.
 */
export function refreshRefusal(oauthError: string | null): 'ended' | 'failed' {
  return oauthError === 'invalid_grant' ? 'ended' : 'failed';
}

/** Codes that say the provider's answer was unusable this time, not that the person may no longer sign in. */
const UNUSABLE_ANSWER = new Set([
  'SSO_ATTRIBUTE_MISSING',
  'SSO_UNUSABLE_CLAIM',
  'SSO_PROVIDER_ERROR',
  'SSO_PROVIDER_TIMEOUT',
  'SSO_USERINFO_INVALID',
  'SSO_ID_TOKEN_INVALID',
]);

/**
 * A refusal by the login's own rules on the fresh claims (sign-in policy, account rule, allowed
 * or mapped groups) means a login now would be refused: the sessions end. A provider answer that
 * could not be read is tried again later instead.
 */
export function ruleRefusal(code: string): 'ended' | 'failed' {
  return UNUSABLE_ANSWER.has(code) ? 'failed' : 'ended';
}

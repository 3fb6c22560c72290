import { describe, expect, it } from '@jest/globals';
import { nextDue, refreshRefusal, ruleRefusal, takeFromBucket } from './resync-schedule.js';

describe('nextDue', () => {
  const now = 1_000_000;
  it.each<[string, number, number, number]>([
    ['after a success: one interval', 60, 0, 60],
    ['a negative failure count counts as none', 60, -1, 60],
    ['after one failure: twice the interval', 60, 1, 120],
    ['after three failures: eight times', 60, 3, 480],
    ['many failures stop at an hour', 60, 30, 3600],
    ['an interval over an hour is the floor of the backoff', 7200, 2, 7200],
    ['a one-second interval', 1, 0, 1],
  ])('%s', (_, interval, failures, seconds) => {
    expect(nextDue(now, interval, failures).getTime()).toBe(now + seconds * 1000);
  });
});

describe('takeFromBucket', () => {
  it.each<[string, { tokens: number; atMs: number } | undefined, number, number, number, number]>([
    ['a first tick gets one second of the rate', undefined, 0, 600, 50, 10],
    ['never more than wanted', undefined, 0, 600, 3, 3],
    ['a low rate still gets one at a time', undefined, 0, 1, 5, 1],
    ['an empty bucket gives nothing at once', { tokens: 0, atMs: 0 }, 0, 600, 5, 0],
    ['half a second refills half the burst', { tokens: 0, atMs: 0 }, 500, 600, 50, 5],
    ['refill stops at the burst size', { tokens: 0, atMs: 0 }, 60_000, 600, 50, 10],
    ['one a minute: empty after 30 s', { tokens: 0, atMs: 0 }, 30_000, 1, 5, 0],
    ['one a minute: one after 60 s', { tokens: 0, atMs: 0 }, 60_000, 1, 5, 1],
  ])('%s', (_, bucket, now, rate, wanted, granted) => {
    expect(takeFromBucket(bucket, now, rate, wanted).granted).toBe(granted);
  });

  it('keeps the fraction for the next tick', () => {
    const first = takeFromBucket({ tokens: 0, atMs: 0 }, 150, 600, 10);
    expect(first.granted).toBe(1);
    expect(takeFromBucket(first.bucket, 200, 600, 10).granted).toBe(1);
  });
});

describe('refreshRefusal', () => {
  it.each<[string | null, string]>([
    ['invalid_grant', 'ended'],
    ['invalid_client', 'failed'],
    ['server_error', 'failed'],
    ['temporarily_unavailable', 'failed'],
    [null, 'failed'],
  ])('%s → %s', (error, result) => expect(refreshRefusal(error)).toBe(result));
});

describe('ruleRefusal', () => {
  it.each<[string, string]>([
    ['SSO_GROUP_NOT_ALLOWED', 'ended'],
    ['SSO_NO_MAPPED_GROUP', 'ended'],
    ['SSO_DOMAIN_NOT_ALLOWED', 'ended'],
    ['SSO_DISABLED', 'ended'],
    ['SSO_ATTRIBUTE_MISSING', 'failed'],
    ['SSO_UNUSABLE_CLAIM', 'failed'],
    ['SSO_PROVIDER_ERROR', 'failed'],
    ['SSO_PROVIDER_TIMEOUT', 'failed'],
  ])('%s → %s', (code, result) => expect(ruleRefusal(code)).toBe(result));
});

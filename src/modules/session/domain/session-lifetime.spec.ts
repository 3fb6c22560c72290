import { describe, expect, it } from '@jest/globals';
import { sessionLifetime, sessionState, type SessionTimeouts } from './session-lifetime.js';

const timeouts: SessionTimeouts = { idleTimeoutMinutes: 30, absoluteTimeoutHours: 8, rememberMe: { enabled: true, days: 14 } };
const now = Date.UTC(2026, 0, 1);
const MIN = 60_000;

describe('sessionLifetime', () => {
  it.each([
    ['browser session', timeouts, false, { rememberMe: false, expiresAt: now + 8 * 60 * MIN, cookieMaxAgeSeconds: null }],
    ['remembered', timeouts, true, { rememberMe: true, expiresAt: now + 14 * 24 * 60 * MIN, cookieMaxAgeSeconds: 14 * 86400 }],
    [
      'remember-me asked for but not allowed',
      { ...timeouts, rememberMe: { enabled: false, days: 14 } },
      true,
      { rememberMe: false, expiresAt: now + 8 * 60 * MIN, cookieMaxAgeSeconds: null },
    ],
  ])('%s', (_name, t, remember, expected) => {
    expect(sessionLifetime(t, remember, now)).toEqual(expected);
  });
});

describe('sessionState', () => {
  const session = { createdAt: now, expiresAt: now + 8 * 60 * MIN, lastSeenAt: now, rememberMe: false };
  const remembered = { ...session, expiresAt: now + 14 * 24 * 60 * MIN, rememberMe: true };
  it.each([
    ['fresh', session, timeouts, now + MIN, 'active'],
    ['just before idle', session, timeouts, now + 30 * MIN - 1, 'active'],
    ['idle', session, timeouts, now + 30 * MIN, 'idle'],
    ['active again after a request', { ...session, lastSeenAt: now + 29 * MIN }, timeouts, now + 58 * MIN, 'active'],
    ['past the absolute limit while active', { ...session, lastSeenAt: now + 8 * 60 * MIN - MIN }, timeouts, now + 8 * 60 * MIN, 'expired'],
    ['remembered sessions do not go idle', remembered, timeouts, now + 5 * 24 * 60 * MIN, 'active'],
    ['remembered sessions outlive the absolute limit', remembered, timeouts, now + 13 * 24 * 60 * MIN, 'active'],
    ['remembered sessions end after their days', remembered, timeouts, now + 14 * 24 * 60 * MIN, 'expired'],
    [
      'a shorter absolute limit applies to running sessions',
      { ...session, lastSeenAt: now + 59 * MIN },
      { ...timeouts, absoluteTimeoutHours: 1 },
      now + 60 * MIN,
      'expired',
    ],
    [
      'a longer absolute limit does not extend running sessions',
      session,
      { ...timeouts, absoluteTimeoutHours: 24 },
      now + 8 * 60 * MIN,
      'expired',
    ],
    [
      'fewer remember-me days apply to running sessions',
      remembered,
      { ...timeouts, rememberMe: { enabled: true, days: 2 } },
      now + 2 * 24 * 60 * MIN,
      'expired',
    ],
    [
      'remember-me turned off: remembered sessions get the ordinary limits',
      { ...remembered, lastSeenAt: now + 60 * MIN },
      { ...timeouts, rememberMe: { enabled: false, days: 14 } },
      now + 2 * 60 * MIN,
      'idle',
    ],
  ] as const)('%s', (_name, s, t, at, expected) => {
    expect(sessionState(s, t, at)).toBe(expected);
  });
});

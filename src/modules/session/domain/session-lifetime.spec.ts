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
  const session = { expiresAt: now + 8 * 60 * MIN, lastSeenAt: now, rememberMe: false };
  it.each([
    ['fresh', session, now + MIN, 'active'],
    ['just before idle', session, now + 30 * MIN - 1, 'active'],
    ['idle', session, now + 30 * MIN, 'idle'],
    ['past the absolute limit while active', { ...session, lastSeenAt: now + 8 * 60 * MIN - MIN }, now + 8 * 60 * MIN, 'expired'],
    ['remembered sessions do not go idle', { ...session, rememberMe: true }, now + 5 * 60 * MIN, 'active'],
  ] as const)('%s', (_name, s, at, expected) => {
    expect(sessionState(s, timeouts, at)).toBe(expected);
  });
});

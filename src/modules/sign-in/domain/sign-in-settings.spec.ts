import { describe, expect, it } from '@jest/globals';
import {
  checkLockoutGuard,
  defaultSignInSettings,
  nextBackdoorKey,
  validateSignInSettings,
  viewSignInSettings,
  type SignInSettings,
} from './sign-in-settings.js';

type Change = (s: SignInSettings) => SignInSettings;
const base = defaultSignInSettings();
const ssoOff: Change = (s) => ({ ...s, ssoEnabled: false });
const autoRedirect: Change = (s) => ({ ...s, autoRedirect: { enabled: true, providerId: 'p1', delaySeconds: 5 } });
const backdoorOn: Change = (s) => ({ ...s, backdoor: { enabled: true, key: 'k'.repeat(24), allowedGroups: [] } });
const backdoorOnWithoutKey: Change = (s) => ({ ...s, backdoor: { enabled: true, key: null, allowedGroups: [] } });
const apply = (...changes: Change[]) => changes.reduce((s, change) => change(s), base);

describe('defaultSignInSettings', () => {
  it('starts open: SSO on, no auto-redirect, no backdoor, every domain and network, 8 h idle, 24 h absolute, remember-me 30 days', () => {
    expect(defaultSignInSettings()).toEqual({
      ssoEnabled: true,
      autoRedirect: { enabled: false, providerId: null, delaySeconds: 0 },
      backdoor: { enabled: false, key: null, allowedGroups: [] },
      allowedEmailDomains: [],
      allowPasswordChange: false,
      apiAccess: { allowedCidrs: [] },
      session: { idleTimeoutMinutes: 480, absoluteTimeoutHours: 24, rememberMe: { enabled: true, days: 30 } },
    });
    expect(validateSignInSettings(defaultSignInSettings())).toEqual([]);
  });
});

describe('checkLockoutGuard', () => {
  it.each<[string, SignInSettings, boolean]>([
    ['the defaults', base, false],
    ['SSO off with the backdoor on', apply(ssoOff, backdoorOn), false],
    ['SSO off with a local admin password', apply(ssoOff), true],
    ['SSO off with a backdoor that has no key (the login page links to it)', apply(ssoOff, backdoorOnWithoutKey), false],
    ['auto-redirect with the backdoor on', apply(autoRedirect, backdoorOn), false],
    ['auto-redirect with a backdoor that has no key', apply(autoRedirect, backdoorOnWithoutKey), false],
    ['auto-redirect with a local admin password', apply(autoRedirect), true],
    ['the backdoor off while SSO stays on without auto-redirect', base, false],
  ])('allows %s', (_, next, hasLocalAdminWithPassword) => {
    expect(checkLockoutGuard(next, hasLocalAdminWithPassword)).toEqual({ ok: true });
  });

  it.each<[string, SignInSettings, string]>([
    ['SSO off', apply(ssoOff), 'Turning SSO off (ssoEnabled: false)'],
    ['SSO off and auto-redirect', apply(ssoOff, autoRedirect), 'Turning SSO off (ssoEnabled: false)'],
    ['auto-redirect', apply(autoRedirect), 'Turning on auto-redirect (autoRedirect.enabled: true)'],
    [
      'SSO off with a key but the backdoor off',
      { ...apply(ssoOff), backdoor: { enabled: false, key: 'k'.repeat(24), allowedGroups: [] } },
      'Turning SSO off',
    ],
  ])('refuses %s with neither backdoor nor local admin password', (_, next, reasonStart) => {
    const decision = checkLockoutGuard(next, false);
    expect(decision).toMatchObject({ ok: false, code: 'LOCKOUT_GUARD' });
    const reason = decision.ok ? '' : decision.reason;
    expect(reason.slice(0, reasonStart.length)).toBe(reasonStart);
    expect(reason).toContain('Enable the backdoor login (backdoor.enabled) or give a local administrator a password');
  });
});

describe('validateSignInSettings', () => {
  it.each<[string, SignInSettings]>([
    ['auto-redirect with a provider', apply(autoRedirect)],
    ['a backdoor with a long key', apply(backdoorOn)],
    ['a backdoor without a key', apply(backdoorOnWithoutKey)],
    ['a key of exactly 16 URL-safe characters', { ...base, backdoor: { enabled: true, key: 'Ab-_0123456789xY', allowedGroups: [] } }],
    ['a key kept while the backdoor is off', { ...base, backdoor: { enabled: false, key: 'k'.repeat(16), allowedGroups: ['admins'] } }],
    ['a 60 s delay', { ...base, autoRedirect: { enabled: true, providerId: 'p1', delaySeconds: 60 } }],
    ['idle equal to absolute', { ...base, session: { ...base.session, idleTimeoutMinutes: 60, absoluteTimeoutHours: 1 } }],
  ])('accepts %s', (_, settings) => {
    expect(validateSignInSettings(settings)).toEqual([]);
  });

  it.each<[string, SignInSettings, string]>([
    [
      'auto-redirect without a provider',
      { ...base, autoRedirect: { enabled: true, providerId: null, delaySeconds: 0 } },
      'autoRedirect.providerId',
    ],
    ['a negative delay', { ...base, autoRedirect: { ...base.autoRedirect, delaySeconds: -1 } }, 'autoRedirect.delaySeconds'],
    ['a fractional delay', { ...base, autoRedirect: { ...base.autoRedirect, delaySeconds: 1.5 } }, 'autoRedirect.delaySeconds'],
    ['a delay over a minute', { ...base, autoRedirect: { ...base.autoRedirect, delaySeconds: 61 } }, 'autoRedirect.delaySeconds'],
    ['a backdoor with a short key', { ...base, backdoor: { enabled: true, key: 'short', allowedGroups: [] } }, 'backdoor.key'],
    ['a key of 15 characters', { ...base, backdoor: { enabled: true, key: 'k'.repeat(15), allowedGroups: [] } }, 'backdoor.key'],
    ['an empty key', { ...base, backdoor: { enabled: true, key: '', allowedGroups: [] } }, 'backdoor.key'],
    ['a short key while the backdoor is off', { ...base, backdoor: { enabled: false, key: 'short', allowedGroups: [] } }, 'backdoor.key'],
    [
      'a key that needs URL escaping',
      { ...base, backdoor: { enabled: false, key: 'a/b?c=d&e-0123456789', allowedGroups: [] } },
      'backdoor.key',
    ],
    ['a key with a space', { ...base, backdoor: { enabled: true, key: 'k'.repeat(16) + ' ', allowedGroups: [] } }, 'backdoor.key'],
    ['no idle timeout', { ...base, session: { ...base.session, idleTimeoutMinutes: 0 } }, 'session.idleTimeoutMinutes'],
    ['an absolute timeout of zero', { ...base, session: { ...base.session, absoluteTimeoutHours: 0 } }, 'session.absoluteTimeoutHours'],
    [
      'idle longer than absolute',
      { ...base, session: { ...base.session, idleTimeoutMinutes: 61, absoluteTimeoutHours: 1 } },
      'session.idleTimeoutMinutes',
    ],
    [
      'remember-me for 0 days',
      { ...base, session: { ...base.session, rememberMe: { enabled: true, days: 0 } } },
      'session.rememberMe.days',
    ],
    [
      'remember-me for 2 years',
      { ...base, session: { ...base.session, rememberMe: { enabled: true, days: 730 } } },
      'session.rememberMe.days',
    ],
  ])('refuses %s', (_, settings, field) => {
    expect(validateSignInSettings(settings)).toEqual([{ field, reason: expect.any(String) }]);
  });
});

describe('the backdoor key is write-only', () => {
  it.each<[string, string | null, string | null | undefined, string | null]>([
    ['left out: the stored key is kept', 'k'.repeat(20), undefined, 'k'.repeat(20)],
    ['left out with no key stored: still none', null, undefined, null],
    ['a new key replaces it (rotation)', 'k'.repeat(20), 'n'.repeat(20), 'n'.repeat(20)],
    ['an explicit null removes it', 'k'.repeat(20), null, null],
  ])('%s', (_case, current, given, expected) => {
    expect(nextBackdoorKey(current, given)).toBe(expected);
  });

  it('is shown as hasKey only', () => {
    const withKey = apply(backdoorOn);
    expect(viewSignInSettings(withKey).backdoor).toEqual({ enabled: true, hasKey: true, allowedGroups: [] });
    expect(JSON.stringify(viewSignInSettings(withKey))).not.toContain('k'.repeat(24));
    expect(viewSignInSettings(base).backdoor).toEqual({ enabled: false, hasKey: false, allowedGroups: [] });
  });
});

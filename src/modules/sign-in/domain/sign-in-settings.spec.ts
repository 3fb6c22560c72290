import { describe, expect, it } from '@jest/globals';
import {
  checkLockoutGuard,
  defaultSignInSettings,
  nextBackdoorKey,
  validateSignInSettings,
  viewSignInSettings,
  type LocalSignInFacts,
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
  it('starts open: SSO on, no auto-redirect, no backdoor, every domain and network, 8 h idle, 24 h absolute, remember-me 30 days, no console admins, re-sign-in after an hour', () => {
    expect(defaultSignInSettings()).toEqual({
      ssoEnabled: true,
      autoRedirect: { enabled: false, providerId: null, delaySeconds: 0 },
      backdoor: { enabled: false, key: null, allowedGroups: [] },
      allowedEmailDomains: [],
      allowPasswordChange: false,
      apiAccess: { allowedCidrs: [] },
      adminGroups: { admin: [], readOnly: [] },
      adminSession: { reauthenticateAfterMinutes: 60 },
      session: { idleTimeoutMinutes: 480, absoluteTimeoutHours: 24, rememberMe: { enabled: true, days: 30 } },
    });
    expect(validateSignInSettings(defaultSignInSettings())).toEqual([]);
  });
});

describe('checkLockoutGuard', () => {
  const nobody: LocalSignInFacts = { activeUserWithPassword: false, activeUserWithPasswordInAllowedGroups: false };
  const someone: LocalSignInFacts = { activeUserWithPassword: true, activeUserWithPasswordInAllowedGroups: false };
  const member: LocalSignInFacts = { activeUserWithPassword: true, activeUserWithPasswordInAllowedGroups: true };
  const onlyFor: Change = (s) => ({ ...s, backdoor: { ...s.backdoor, allowedGroups: ['break-glass'] } });

  it.each<[string, SignInSettings, LocalSignInFacts]>([
    ['the defaults, even with nobody', base, nobody],
    [
      'the backdoor off while SSO stays on without auto-redirect',
      apply(backdoorOn, (s) => ({ ...s, backdoor: { ...s.backdoor, enabled: false } })),
      nobody,
    ],
    ['SSO off with the backdoor on and a local user with a password', apply(ssoOff, backdoorOn), someone],
    ['SSO off with a backdoor that has no key (the login page links to it)', apply(ssoOff, backdoorOnWithoutKey), someone],
    ['SSO off with the backdoor limited to a group that has a user with a password', apply(ssoOff, backdoorOn, onlyFor), member],
    ['auto-redirect with the backdoor on and a local user with a password', apply(autoRedirect, backdoorOn), someone],
    [
      'auto-redirect with a backdoor limited to groups, and a member with a password',
      apply(autoRedirect, backdoorOnWithoutKey, onlyFor),
      member,
    ],
  ])('allows %s', (_, next, facts) => {
    expect(checkLockoutGuard(next, facts)).toEqual({ ok: true });
  });

  it.each<[string, SignInSettings, LocalSignInFacts, string, string]>([
    [
      'SSO off, nothing else',
      apply(ssoOff),
      nobody,
      'Turning SSO off (ssoEnabled: false)',
      'the backdoor login is off (backdoor.enabled: false), and no enabled local user has a password',
    ],
    [
      'SSO off with a local password but the backdoor off',
      apply(ssoOff),
      member,
      'Turning SSO off',
      'the backdoor login is off (backdoor.enabled: false).',
    ],
    ['SSO off and auto-redirect', apply(ssoOff, autoRedirect), nobody, 'Turning SSO off (ssoEnabled: false)', 'backdoor.enabled: false'],
    [
      'auto-redirect, nothing else',
      apply(autoRedirect),
      someone,
      'Turning on auto-redirect (autoRedirect.enabled: true)',
      'backdoor.enabled: false',
    ],
    [
      'SSO off with a key but the backdoor off',
      { ...apply(ssoOff), backdoor: { enabled: false, key: 'k'.repeat(24), allowedGroups: [] } },
      member,
      'Turning SSO off',
      'backdoor.enabled: false',
    ],
    [
      'SSO off with the backdoor on and nobody with a password',
      apply(ssoOff, backdoorOn),
      nobody,
      'Turning SSO off',
      'no enabled local user has a password.',
    ],
    [
      'auto-redirect with the backdoor on and nobody with a password',
      apply(autoRedirect, backdoorOnWithoutKey),
      nobody,
      'Turning on auto-redirect',
      'no enabled local user has a password.',
    ],
    [
      'SSO off with the backdoor limited to a group no user with a password is in',
      apply(ssoOff, backdoorOn, onlyFor),
      someone,
      'Turning SSO off',
      'no enabled local user with a password is a member of backdoor.allowedGroups (break-glass)',
    ],
  ])('refuses %s, naming what is missing', (_, next, facts, reasonStart, missing) => {
    const decision = checkLockoutGuard(next, facts);
    expect(decision).toMatchObject({ ok: false, code: 'LOCKOUT_GUARD' });
    const reason = decision.ok ? '' : decision.reason;
    expect(reason.slice(0, reasonStart.length)).toBe(reasonStart);
    expect(reason).toContain(missing);
    expect(reason).toContain('Enable the backdoor login (backdoor.enabled) and give an enabled local user who may use it a password');
  });
});

describe('checkLockoutGuard, the whole reason', () => {
  it('names the risk, each thing missing and the way out', () => {
    const next = apply(ssoOff, (s) => ({ ...s, backdoor: { enabled: true, key: null, allowedGroups: ['break-glass', 'ops'] } }));
    expect(checkLockoutGuard(next, { activeUserWithPassword: true, activeUserWithPasswordInAllowedGroups: false })).toEqual({
      ok: false,
      code: 'LOCKOUT_GUARD',
      reason:
        'Turning SSO off (ssoEnabled: false) would lock every administrator out: no enabled local user with a password is a ' +
        'member of backdoor.allowedGroups (break-glass, ops). Enable the backdoor login (backdoor.enabled) and give an enabled ' +
        'local user who may use it a password first, so that an administrator can still sign in if the identity provider fails.',
    });
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

  const keyLen = 'must be at least 16 characters (it is the secret in the backdoor URL), or null for no key';
  const keyChars = 'may contain only letters, digits, "-" and "_" (it goes in a URL)';
  it.each<[string, SignInSettings, string, string]>([
    [
      'auto-redirect without a provider',
      { ...base, autoRedirect: { enabled: true, providerId: null, delaySeconds: 0 } },
      'autoRedirect.providerId',
      'is required when auto-redirect is enabled',
    ],
    [
      'a negative delay',
      { ...base, autoRedirect: { ...base.autoRedirect, delaySeconds: -1 } },
      'autoRedirect.delaySeconds',
      'must be a whole number from 0 to 60',
    ],
    [
      'a fractional delay',
      { ...base, autoRedirect: { ...base.autoRedirect, delaySeconds: 1.5 } },
      'autoRedirect.delaySeconds',
      'must be a whole number from 0 to 60',
    ],
    [
      'a delay over a minute',
      { ...base, autoRedirect: { ...base.autoRedirect, delaySeconds: 61 } },
      'autoRedirect.delaySeconds',
      'must be a whole number from 0 to 60',
    ],
    ['a backdoor with a short key', { ...base, backdoor: { enabled: true, key: 'short', allowedGroups: [] } }, 'backdoor.key', keyLen],
    ['a key of 15 characters', { ...base, backdoor: { enabled: true, key: 'k'.repeat(15), allowedGroups: [] } }, 'backdoor.key', keyLen],
    ['an empty key', { ...base, backdoor: { enabled: true, key: '', allowedGroups: [] } }, 'backdoor.key', keyLen],
    [
      'a short key while the backdoor is off',
      { ...base, backdoor: { enabled: false, key: 'short', allowedGroups: [] } },
      'backdoor.key',
      keyLen,
    ],
    [
      'a key that needs URL escaping',
      { ...base, backdoor: { enabled: false, key: 'a/b?c=d&e-0123456789', allowedGroups: [] } },
      'backdoor.key',
      keyChars,
    ],
    [
      'a key with a space',
      { ...base, backdoor: { enabled: true, key: 'k'.repeat(16) + ' ', allowedGroups: [] } },
      'backdoor.key',
      keyChars,
    ],
    [
      'no idle timeout',
      { ...base, session: { ...base.session, idleTimeoutMinutes: 0 } },
      'session.idleTimeoutMinutes',
      'must be a whole number from 1 to 43200',
    ],
    [
      'an absolute timeout of zero',
      { ...base, session: { ...base.session, absoluteTimeoutHours: 0 } },
      'session.absoluteTimeoutHours',
      'must be a whole number from 1 to 2160',
    ],
    [
      'idle longer than absolute',
      { ...base, session: { ...base.session, idleTimeoutMinutes: 61, absoluteTimeoutHours: 1 } },
      'session.idleTimeoutMinutes',
      'must not be longer than the absolute timeout',
    ],
    [
      'remember-me for 0 days',
      { ...base, session: { ...base.session, rememberMe: { enabled: true, days: 0 } } },
      'session.rememberMe.days',
      'must be a whole number from 1 to 365',
    ],
    [
      'remember-me for 2 years',
      { ...base, session: { ...base.session, rememberMe: { enabled: true, days: 730 } } },
      'session.rememberMe.days',
      'must be a whole number from 1 to 365',
    ],
  ])('refuses %s', (_, settings, field, reason) => {
    expect(validateSignInSettings(settings)).toEqual([{ field, reason }]);
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

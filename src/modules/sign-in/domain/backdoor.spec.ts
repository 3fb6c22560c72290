import { describe, expect, it } from '@jest/globals';
import { backdoorOpens, decideBackdoorAccount, type BackdoorAccount, type BackdoorRefusal, type BackdoorSettings } from './backdoor.js';

const KEY = 'Emergency-Key_0123456789';
const off: BackdoorSettings = { enabled: false, key: null, allowedGroups: [] };
const open: BackdoorSettings = { enabled: true, key: null, allowedGroups: [] };
const keyed: BackdoorSettings = { enabled: true, key: KEY, allowedGroups: [] };
const admins: BackdoorSettings = { enabled: true, key: null, allowedGroups: ['Admins', 'break-glass'] };

describe('backdoorOpens', () => {
  it.each<[string, BackdoorSettings, unknown, boolean]>([
    ['disabled, no key asked', off, undefined, false],
    ['disabled, even with its old key', { ...off, key: KEY }, KEY, false],
    ['enabled without a key, none given', open, undefined, true],
    ['enabled without a key, any key given', open, 'whatever', true],
    ['enabled with a key, the key given', keyed, KEY, true],
    ['enabled with a key, none given', keyed, undefined, false],
    ['enabled with a key, empty key', keyed, '', false],
    ['enabled with a key, a prefix of it', keyed, KEY.slice(0, -1), false],
    ['enabled with a key, the key and more', keyed, `${KEY}x`, false],
    ['enabled with a key, other case', keyed, KEY.toLowerCase(), false],
    ['enabled with a key, a list of keys (repeated parameter)', keyed, [KEY, KEY], false],
  ])('%s → %s', (_, settings, presented, expected) => {
    expect(backdoorOpens(settings, presented)).toBe(expected);
  });
});

describe('decideBackdoorAccount', () => {
  const local: BackdoorAccount = { active: true, hasPassword: true, groups: ['developers'] };

  it.each<[string, BackdoorSettings, BackdoorAccount]>([
    ['an active local user, no group limit', open, local],
    ['a member of an allowed group (case-insensitive)', admins, { ...local, groups: ['developers', 'admins'] }],
    ['a member of the second allowed group', admins, { ...local, groups: ['Break-Glass'] }],
    ['a member named with spaces around it', { ...open, allowedGroups: [' Ops '] }, { ...local, groups: ['ops '] }],
  ])('allows %s', (_, settings, account) => {
    expect(decideBackdoorAccount(settings, account, true)).toEqual({ allowed: true });
  });

  it.each<[string, BackdoorSettings, BackdoorAccount | null, boolean, BackdoorRefusal]>([
    ['an unknown user', open, null, false, 'unknown_user'],
    ['an SSO user without a password', open, { ...local, hasPassword: false }, false, 'no_password'],
    ['a wrong password', open, local, false, 'wrong_password'],
    ['a wrong password of an inactive user', open, { ...local, active: false }, false, 'wrong_password'],
    ['an inactive user with the right password', open, { ...local, active: false }, true, 'inactive'],
    ['a user in no allowed group', admins, local, true, 'not_in_allowed_group'],
    ['a user in no group at all', admins, { ...local, groups: [] }, true, 'not_in_allowed_group'],
    ['a group whose name only contains an allowed one', admins, { ...local, groups: ['admins-old'] }, true, 'not_in_allowed_group'],
  ])('refuses %s', (_, settings, account, passwordMatches, reason) => {
    expect(decideBackdoorAccount(settings, account, passwordMatches)).toEqual({ allowed: false, reason });
  });
});

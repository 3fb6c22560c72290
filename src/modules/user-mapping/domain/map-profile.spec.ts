import { describe, expect, it } from '@jest/globals';
import { mapProfile } from './map-profile.js';
import { defaultUserMapping, type UserMapping } from './user-mapping.js';

const generic = defaultUserMapping('generic');
const byEmail: UserMapping = { ...generic, matchBy: 'email' };

const alice = {
  sub: '00u1',
  preferred_username: 'alice',
  email: 'Alice@Example.COM',
  email_verified: true,
  given_name: 'Alice',
  family_name: 'Liddell',
  name: 'Alice Liddell',
};

describe('mapProfile', () => {
  it('reads the standard claims with the generic preset', () => {
    expect(mapProfile(alice, generic)).toEqual({
      ok: true,
      profile: {
        username: 'alice',
        email: 'alice@example.com',
        emailVerified: true,
        firstName: 'Alice',
        lastName: 'Liddell',
        displayName: 'Alice Liddell',
      },
    });
  });

  it.each<[string, Record<string, unknown>, Partial<UserMapping>, Record<string, unknown>]>([
    ['trims values', { ...alice, preferred_username: '  alice \n', given_name: ' Al ' }, {}, { username: 'alice', firstName: 'Al' }],
    ['stringifies a number', { ...alice, employee_id: 1042 }, { usernameAttribute: 'employee_id' }, { username: '1042' }],
    ['stringifies a boolean', { ...alice, flag: false }, { firstNameAttribute: 'flag' }, { firstName: 'false' }],
    ['takes the first string of a list', { ...alice, uids: [7, '', ' a.l ', 'b'] }, { usernameAttribute: 'uids' }, { username: 'a.l' }],
    ['skips blank strings of a list', { ...alice, uids: [' \t ', 'bob'] }, { usernameAttribute: 'uids' }, { username: 'bob' }],
    [
      'reads nested paths',
      { ...alice, custom_attributes: { Login: 'ALICE01', Mail: 'A@X.ORG' } },
      { usernameAttribute: 'custom_attributes.Login', emailAttribute: 'custom_attributes.Mail' },
      { username: 'ALICE01', email: 'a@x.org' },
    ],
    [
      'reads namespaced claims by their exact name',
      { ...alice, 'https://example.com/claims/upn': 'alice@corp.example' },
      { usernameAttribute: 'https://example.com/claims/upn' },
      { username: 'alice@corp.example' },
    ],
    ['keeps the case of the username', { ...alice, preferred_username: 'Alice.Liddell' }, {}, { username: 'Alice.Liddell' }],
    [
      'leaves absent optional attributes null',
      { sub: '1', preferred_username: 'bob' },
      {},
      { email: null, firstName: null, lastName: null },
    ],
    ['treats a blank optional attribute as absent', { ...alice, email: '   ' }, {}, { email: null, emailVerified: false }],
    ['ignores an object where text is expected', { ...alice, name: { full: 'x' } }, {}, { displayName: 'Alice Liddell' }],
    [
      'joins first and last name when the display name is unmapped',
      { ...alice, name: 'ignored' },
      { displayNameAttribute: null },
      { displayName: 'Alice Liddell' },
    ],
    [
      'joins first and last name when the display name claim is absent',
      { preferred_username: 'a', family_name: 'Liddell' },
      {},
      { displayName: 'Liddell' },
    ],
    ['has no display name without any name claim', { preferred_username: 'a' }, {}, { displayName: null }],
  ])('%s', (_case, claims, mapping, expected) => {
    const result = mapProfile(claims, { ...generic, ...mapping });
    expect(result.ok && result.profile).toMatchObject(expected);
  });

  describe('emailVerified', () => {
    it.each<[unknown, boolean, boolean]>([
      [true, false, true],
      ['true', false, true],
      ['TRUE', false, true],
      [false, false, false],
      ['false', false, false],
      [undefined, false, false],
      ['yes', false, false],
      [false, true, true],
      [undefined, true, true],
    ])('email_verified=%j with trustEmail=%j → %j', (emailVerified, trustEmail, expected) => {
      const result = mapProfile({ ...alice, email_verified: emailVerified }, { ...generic, trustEmail });
      expect(result.ok && result.profile.emailVerified).toBe(expected);
    });

    it('is false without an email, even when emails are trusted', () => {
      const result = mapProfile({ preferred_username: 'bob', email_verified: true }, { ...generic, trustEmail: true });
      expect(result.ok && result.profile.emailVerified).toBe(false);
    });
  });

  it.each<[string, Record<string, unknown>, UserMapping, string, string]>([
    ['no username claim', { sub: '1', email: 'a@b.c', name: 'A' }, generic, 'usernameAttribute', 'preferred_username'],
    ['a blank username', { ...alice, preferred_username: ' ' }, generic, 'usernameAttribute', 'preferred_username'],
    ['a username that is an object', { ...alice, preferred_username: { v: 'a' } }, generic, 'usernameAttribute', 'preferred_username'],
    ['an empty username list', { ...alice, preferred_username: [] }, generic, 'usernameAttribute', 'preferred_username'],
    [
      'a nested path that is absent',
      alice,
      { ...generic, usernameAttribute: 'custom_attributes.Login' },
      'usernameAttribute',
      'custom_attributes.Login',
    ],
    ['an invalid path', alice, { ...generic, usernameAttribute: 'custom_attributes.' }, 'usernameAttribute', 'custom_attributes.'],
    ['no email when matching by email', { ...alice, email: undefined }, byEmail, 'emailAttribute', 'email'],
    ['a null email when matching by email', { ...alice, email: null }, byEmail, 'emailAttribute', 'email'],
  ])('refuses %s with SSO_ATTRIBUTE_MISSING', (_case, claims, mapping, attribute, claimPath) => {
    expect(mapProfile(claims, mapping)).toEqual({
      ok: false,
      code: 'SSO_ATTRIBUTE_MISSING',
      attribute,
      claimPath,
      sentAttributes: Object.keys(claims).sort(),
    });
  });

  it('does not require an email when matching by username', () => {
    const result = mapProfile({ preferred_username: 'bob' }, generic);
    expect(result).toMatchObject({ ok: true, profile: { username: 'bob', email: null } });
  });

  it('uses the email as username with the Google preset', () => {
    const result = mapProfile({ sub: '1', email: 'Bob@Gmail.com', email_verified: true }, defaultUserMapping('google'));
    expect(result).toMatchObject({ ok: true, profile: { username: 'Bob@Gmail.com', email: 'bob@gmail.com', emailVerified: true } });
  });
});

describe('mapProfile: values the directory cannot hold', () => {
  it.each<[string, Record<string, unknown>, string, string, string]>([
    ['a NUL byte in the username', { ...alice, preferred_username: 'ali\u0000ce' }, 'usernameAttribute', 'preferred_username', 'NUL'],
    [
      'a 5,000-character username',
      { ...alice, preferred_username: 'a'.repeat(5000) },
      'usernameAttribute',
      'preferred_username',
      'longer than 255',
    ],
    [
      'a control character in the username',
      { ...alice, preferred_username: 'alice\u001b[0m' },
      'usernameAttribute',
      'preferred_username',
      'control',
    ],
    [
      'a newline inside the username (trimming keeps it)',
      { ...alice, preferred_username: 'ali\nce' },
      'usernameAttribute',
      'preferred_username',
      'control',
    ],
    ['a NUL byte in the name', { ...alice, name: 'Alice\u0000' }, 'displayNameAttribute', 'name', 'NUL'],
    ['a NUL byte in the first name', { ...alice, given_name: 'Al\u0000ice' }, 'firstNameAttribute', 'given_name', 'NUL'],
    ['a 256-character last name', { ...alice, family_name: 'L'.repeat(256) }, 'lastNameAttribute', 'family_name', 'longer than 255'],
    ['a 321-character email', { ...alice, email: `${'a'.repeat(309)}@example.com` }, 'emailAttribute', 'email', 'longer than 320'],
    ['a NUL byte in the email', { ...alice, email: 'alice\u0000@example.com' }, 'emailAttribute', 'email', 'NUL'],
  ])('refuses %s with SSO_UNUSABLE_CLAIM naming the attribute, never the value', (_case, claims, attribute, claimPath, reason) => {
    const result = mapProfile(claims, generic);
    expect(result).toMatchObject({ ok: false, code: 'SSO_UNUSABLE_CLAIM', attribute, claimPath, reason: expect.stringContaining(reason) });
    expect(JSON.stringify(result)).not.toContain('aaaaaaaaaa');
  });

  it('refuses a joined display name longer than the directory allows', () => {
    const result = mapProfile({ ...alice, name: undefined, given_name: 'A'.repeat(200), family_name: 'B'.repeat(200) }, generic);
    expect(result).toMatchObject({ ok: false, code: 'SSO_UNUSABLE_CLAIM', attribute: 'displayNameAttribute' });
  });

  // The administrator is told which claims made the joined name: the unmapped display name has no path of its own.
  it.each<[Partial<UserMapping>, string]>([
    [{ displayNameAttribute: null }, 'given_name family_name'],
    [{ displayNameAttribute: null, firstNameAttribute: 'first', lastNameAttribute: 'last' }, 'first last'],
  ])('names the claims of a joined display name that is too long (%j)', (mapping, claimPath) => {
    const long = { preferred_username: 'a', first: 'A'.repeat(200), last: 'B'.repeat(200) };
    const result = mapProfile({ ...long, given_name: long.first, family_name: long.last }, { ...generic, ...mapping });
    expect(result).toMatchObject({ ok: false, code: 'SSO_UNUSABLE_CLAIM', attribute: 'displayNameAttribute', claimPath });
  });

  it('accepts a 255-character username and a 320-character email', () => {
    const result = mapProfile({ ...alice, preferred_username: 'a'.repeat(255), email: `${'a'.repeat(308)}@example.com` }, generic);
    expect(result.ok).toBe(true);
  });
});

describe('defaultUserMapping', () => {
  it.each([
    ['salesforce', 'preferred_username', 'username'],
    ['entra-id', 'preferred_username', 'username'],
    ['okta', 'preferred_username', 'username'],
    ['keycloak', 'preferred_username', 'username'],
    ['generic', 'preferred_username', 'username'],
    ['google', 'email', 'email'],
  ] as const)('%s reads the username from %s and matches by %s', (preset, usernameAttribute, matchBy) => {
    expect(defaultUserMapping(preset)).toEqual({
      usernameAttribute,
      emailAttribute: 'email',
      firstNameAttribute: 'given_name',
      lastNameAttribute: 'family_name',
      displayNameAttribute: 'name',
      matchBy,
      allowUserCreation: true,
      updateProfileOnLogin: true,
      // Off by default: applications key on the username, and a provider's rebuild is an administrator's call.
      updateUsernameOnLogin: false,
      relinkOnSubjectChange: 'off',
      trustEmail: false,
    });
  });

  it('returns a fresh object each time', () => {
    expect(defaultUserMapping('okta')).not.toBe(defaultUserMapping('okta'));
  });
});

import { describe, expect, it } from '@jest/globals';
import { decideAccount, type DecideAccountInput, type ExistingUser } from './decide-account.js';
import type { MappedProfile } from './map-profile.js';
import { defaultUserMapping, type UserMapping } from './user-mapping.js';

const profile: MappedProfile = {
  username: 'alice',
  email: 'alice@example.com',
  emailVerified: true,
  firstName: 'Alice',
  lastName: 'Liddell',
  displayName: 'Alice Liddell',
};

function user(id: string, overrides: Partial<ExistingUser> = {}): ExistingUser {
  return {
    id,
    username: 'alice',
    email: 'alice@example.com',
    firstName: 'Alice',
    lastName: 'Liddell',
    displayName: 'Alice Liddell',
    active: true,
    ...overrides,
  };
}

const byUsername = defaultUserMapping('generic');
const byEmail: UserMapping = { ...byUsername, matchBy: 'email' };

function input(overrides: Partial<Omit<DecideAccountInput, 'mapping'>> & { mapping?: Partial<UserMapping> } = {}): DecideAccountInput {
  const { mapping, ...rest } = overrides;
  return {
    profile,
    linkedUser: null,
    matchedUser: null,
    matchedUserLinkedElsewhere: false,
    usernameOwner: null,
    emailOwner: null,
    ...rest,
    mapping: { ...byUsername, ...mapping },
  };
}

const unverified: MappedProfile = { ...profile, emailVerified: false };
const local = user('u-local', { username: 'alice.local', emailVerified: true });
/** Linked to another `sub` of the same provider: the provider was rebuilt, or someone else. */
const relinkable = user('u-old', { emailVerified: true, linkedElsewhere: true });

describe('decideAccount: which account a login uses', () => {
  it.each<[string, DecideAccountInput, Record<string, unknown>]>([
    [
      'the linked user',
      input({ linkedUser: user('u1') }),
      { action: 'use', userId: 'u1', link: false, rule: 'identity link (provider, sub)' },
    ],
    [
      'the linked user, even after a change of username and email at the provider',
      input({ linkedUser: user('u1', { username: 'old', email: 'old@example.com' }), matchedUser: user('u2') }),
      { action: 'use', userId: 'u1', link: false },
    ],
    [
      'the linked user, even when the email is not verified',
      input({ profile: unverified, mapping: byEmail, linkedUser: user('u1') }),
      { action: 'use', userId: 'u1', link: false },
    ],
    [
      'a user matched by username, and links it',
      input({ matchedUser: user('u2') }),
      { action: 'use', userId: 'u2', link: true, rule: 'matched by username' },
    ],
    [
      'a user matched by username whatever the email says',
      input({ profile: unverified, matchedUser: user('u2') }),
      { action: 'use', userId: 'u2', link: true },
    ],
    [
      'a user matched by verified email, and links it',
      input({ mapping: byEmail, matchedUser: local }),
      { action: 'use', userId: 'u-local', link: true, rule: 'matched by verified email' },
    ],
    [
      'a user matched by an email the mapping trusts (mapProfile marks it verified)',
      input({ mapping: { ...byEmail, trustEmail: true }, matchedUser: local }),
      { action: 'use', userId: 'u-local', link: true },
    ],
    [
      'a user matched by verified email, keeping its username',
      input({ mapping: byEmail, matchedUser: local }),
      { action: 'use', userId: 'u-local', username: 'alice.local', profileChanges: {} },
    ],
    [
      'the linked user, keeping its username on every login',
      input({ linkedUser: user('u1', { username: 'alice.old' }) }),
      { action: 'use', userId: 'u1', username: 'alice.old', profileChanges: {} },
    ],
    [
      'the linked user, renamed when the mapping says so',
      input({ mapping: { updateUsernameOnLogin: true }, linkedUser: user('u1', { username: 'alice.old' }) }),
      { action: 'use', userId: 'u1', username: 'alice', profileChanges: { username: 'alice' } },
    ],
    [
      'a user matched by email, renamed when the mapping says so',
      input({ mapping: { ...byEmail, updateUsernameOnLogin: true }, matchedUser: local }),
      { action: 'use', userId: 'u-local', username: 'alice', profileChanges: { username: 'alice' } },
    ],
    [
      'an account re-linked by verified email after the provider was rebuilt',
      input({ mapping: { relinkOnSubjectChange: 'verified-email' }, emailOwner: relinkable }),
      {
        action: 'use',
        userId: 'u-old',
        username: 'alice',
        link: true,
        relink: true,
        rule: expect.stringContaining('re-linked by verified-email'),
      },
    ],
    [
      'an account re-linked by username after the provider was rebuilt',
      input({
        mapping: { relinkOnSubjectChange: 'username' },
        matchedUser: relinkable,
        matchedUserLinkedElsewhere: true,
        usernameOwner: relinkable,
      }),
      { action: 'use', userId: 'u-old', link: true, relink: true, rule: expect.stringContaining('re-linked by username') },
    ],
    [
      'an account re-linked by verified email even when matching goes by email',
      input({
        mapping: { ...byEmail, relinkOnSubjectChange: 'verified-email' },
        matchedUser: relinkable,
        matchedUserLinkedElsewhere: true,
        emailOwner: relinkable,
      }),
      { action: 'use', userId: 'u-old', relink: true },
    ],
    [
      'an email owner linked only to other providers (no re-link: it is matched as before)',
      input({ mapping: { ...byEmail, relinkOnSubjectChange: 'verified-email' }, matchedUser: local, emailOwner: local }),
      { action: 'use', userId: 'u-local', link: true, relink: false },
    ],
    [
      'a new user when re-linking by verified email finds no email owner',
      input({ mapping: { relinkOnSubjectChange: 'verified-email' }, emailOwner: null }),
      { action: 'create', profile },
    ],
    ['a new user when nothing matches', input(), { action: 'create', profile, rule: 'no matching user; creation allowed' }],
    [
      'a new user when an unverified email matches nobody',
      input({ profile: unverified, mapping: byEmail }),
      { action: 'create', profile: unverified, rule: 'no matching user (email not verified); creation allowed' },
    ],
  ])('signs in to %s', (_case, given, expected) => {
    expect(decideAccount(given)).toMatchObject(expected);
  });

  it.each<[string, DecideAccountInput, string]>([
    ['a disabled linked user', input({ linkedUser: user('u1', { active: false }) }), 'SSO_USER_DISABLED'],
    ['a disabled matched user', input({ matchedUser: user('u2', { active: false }) }), 'SSO_USER_DISABLED'],
    [
      'a matched user linked to another identity of this provider',
      input({ matchedUser: user('u2'), matchedUserLinkedElsewhere: true }),
      'SSO_USERNAME_CONFLICT',
    ],
    [
      'a disabled matched user linked elsewhere (the link decides first)',
      input({ matchedUser: user('u2', { active: false }), matchedUserLinkedElsewhere: true }),
      'SSO_USERNAME_CONFLICT',
    ],
    [
      'an unverified email that matches an existing account',
      input({ profile: unverified, mapping: byEmail, matchedUser: local }),
      'SSO_EMAIL_NOT_VERIFIED',
    ],
    [
      'an unverified email that matches an account, with creation allowed',
      input({ profile: unverified, mapping: { ...byEmail, allowUserCreation: true }, matchedUser: local }),
      'SSO_EMAIL_NOT_VERIFIED',
    ],
    [
      'a re-link by default (the option is off)',
      input({ matchedUser: relinkable, matchedUserLinkedElsewhere: true, usernameOwner: relinkable, emailOwner: relinkable }),
      'SSO_USERNAME_CONFLICT',
    ],
    [
      'a re-link by an unverified email from the provider',
      input({
        profile: unverified,
        mapping: { relinkOnSubjectChange: 'verified-email' },
        emailOwner: relinkable,
        usernameOwner: relinkable,
        matchedUser: relinkable,
        matchedUserLinkedElsewhere: true,
      }),
      'SSO_USERNAME_CONFLICT',
    ],
    [
      'a re-link to an account whose stored email is not verified',
      input({
        mapping: { ...byEmail, relinkOnSubjectChange: 'verified-email' },
        emailOwner: { ...relinkable, emailVerified: false },
      }),
      'SSO_USERNAME_CONFLICT',
    ],
    [
      'a re-link by email when the option names the username (the username is another account)',
      input({
        mapping: { ...byEmail, relinkOnSubjectChange: 'username' },
        matchedUser: relinkable,
        matchedUserLinkedElsewhere: true,
        emailOwner: relinkable,
      }),
      'SSO_USERNAME_CONFLICT',
    ],
    [
      'a re-link to a disabled account',
      input({ mapping: { relinkOnSubjectChange: 'username' }, usernameOwner: { ...relinkable, active: false } }),
      'SSO_USER_DISABLED',
    ],
    ['a new user when creation is disabled', input({ mapping: { allowUserCreation: false } }), 'SSO_USER_CREATION_DISABLED'],
    [
      'a new user when creation is disabled, even if the username is taken',
      input({ mapping: { ...byEmail, allowUserCreation: false }, usernameOwner: user('u3') }),
      'SSO_USER_CREATION_DISABLED',
    ],
    [
      'a new user whose username an unrelated user owns',
      input({ mapping: byEmail, usernameOwner: user('u3', { email: 'other@example.com' }) }),
      'SSO_USERNAME_CONFLICT',
    ],
    [
      'a new user with an unverified email whose username is taken',
      input({ profile: unverified, mapping: byEmail, usernameOwner: user('u3') }),
      'SSO_USERNAME_CONFLICT',
    ],
    ['a new user whose email an unrelated user owns', input({ emailOwner: user('u4', { username: 'someone' }) }), 'SSO_USERNAME_CONFLICT'],
  ])('refuses %s', (_case, given, code) => {
    const decision = decideAccount(given);
    expect(decision).toMatchObject({ action: 'deny', code });
    // The person is told why, and the audit trail records which rule refused.
    expect(decision).toMatchObject({ message: expect.stringMatching(/\S/), rule: expect.stringMatching(/\S/) });
  });

  // The audit trail says why an email that matched nobody did not count: it was not verified.
  it.each<[string, DecideAccountInput, string]>([
    [
      'creation disabled',
      input({ profile: unverified, mapping: { ...byEmail, allowUserCreation: false } }),
      'no matching user (email not verified); creation disabled',
    ],
    [
      'a taken username',
      input({ profile: unverified, mapping: byEmail, usernameOwner: user('u3') }),
      'no matching user (email not verified); username taken',
    ],
    [
      'a taken email',
      input({ profile: unverified, mapping: byEmail, emailOwner: user('u4', { username: 'someone' }) }),
      'no matching user (email not verified); email taken',
    ],
    [
      'a taken email when matching by username',
      input({ emailOwner: user('u4', { username: 'someone' }) }),
      'no matching user; email taken',
    ],
    [
      'a taken email when matching by username (the email does not count)',
      input({ profile: unverified, emailOwner: user('u4', { username: 'someone' }) }),
      'no matching user; email taken',
    ],
    [
      'creation disabled, with a verified email',
      input({ mapping: { ...byEmail, allowUserCreation: false } }),
      'no matching user; creation disabled',
    ],
  ])('records an unverified email in the rule of a refusal for %s', (_case, given, rule) => {
    expect(decideAccount(given)).toMatchObject({ action: 'deny', rule });
  });

  it('sees no email conflict when the provider sent no email', () => {
    const decision = decideAccount(input({ profile: { ...profile, email: null }, emailOwner: user('u4') }));
    expect(decision.action).toBe('create');
  });
});

describe('decideAccount: profile changes', () => {
  const stale = user('u1', { username: 'alice', email: 'old@example.com', firstName: 'Al', lastName: 'Liddell', displayName: null });

  function changes(overrides: Parameters<typeof input>[0]): unknown {
    const decision = decideAccount(input(overrides));
    return decision.action === 'use' ? decision.profileChanges : decision;
  }

  it.each<[string, Parameters<typeof input>[0], Record<string, unknown>]>([
    ['lists only what differs', { linkedUser: stale }, { email: 'alice@example.com', firstName: 'Alice', displayName: 'Alice Liddell' }],
    ['is empty when nothing differs', { linkedUser: user('u1') }, {}],
    ['is empty in a read-only directory', { linkedUser: stale, mapping: { updateProfileOnLogin: false } }, {}],
    ['is empty in a read-only directory for a matched user', { matchedUser: stale, mapping: { updateProfileOnLogin: false } }, {}],
    ['applies to a matched user', { matchedUser: stale }, { email: 'alice@example.com', firstName: 'Alice', displayName: 'Alice Liddell' }],
    ['keeps the username of a user renamed at the provider', { linkedUser: user('u1', { username: 'alice.old' }) }, {}],
    ['keeps the username of a user matched by email', { mapping: byEmail, matchedUser: local }, {}],
    [
      'renames a user renamed at the provider when the mapping says so',
      { mapping: { updateUsernameOnLogin: true }, linkedUser: user('u1', { username: 'alice.old' }) },
      { username: 'alice' },
    ],
    [
      'never renames in a read-only directory, whatever updateUsernameOnLogin says',
      { mapping: { updateUsernameOnLogin: true, updateProfileOnLogin: false }, linkedUser: user('u1', { username: 'alice.old' }) },
      {},
    ],
    [
      'follows a change of case in the username when the mapping says so',
      {
        mapping: { updateUsernameOnLogin: true },
        linkedUser: user('u1', { username: 'Alice' }),
        usernameOwner: user('u1', { username: 'Alice' }),
      },
      { username: 'alice' },
    ],
    [
      'lists no rename when the username is unchanged, even when the mapping renames',
      { mapping: { updateUsernameOnLogin: true }, linkedUser: user('u1') },
      {},
    ],
    [
      'never renames to a username another user owns',
      { mapping: { updateUsernameOnLogin: true }, linkedUser: user('u1', { username: 'alice.old' }), usernameOwner: user('u9') },
      {},
    ],
    ['never takes an email another user owns', { linkedUser: user('u1', { email: 'old@example.com' }), emailOwner: user('u9') }, {}],
    [
      'takes an email whose owner is the user itself',
      { linkedUser: user('u1', { email: 'old@example.com' }), emailOwner: user('u1') },
      { email: 'alice@example.com' },
    ],
    ['ignores a difference of case in the email', { linkedUser: user('u1', { email: 'Alice@Example.com' }) }, {}],
    ['sets an email the user did not have', { linkedUser: user('u1', { email: null }) }, { email: 'alice@example.com' }],
    [
      'never clears a value the provider did not send',
      { linkedUser: user('u1'), profile: { ...profile, email: null, firstName: null, lastName: null, displayName: null } },
      {},
    ],
  ])('%s', (_case, given, expected) => {
    expect(changes(given)).toEqual(expected);
  });
});

describe('decideAccount: the rule behind each outcome, as a stable code the preview shows', () => {
  it.each<[string, DecideAccountInput, string, string]>([
    // case, input, action, ruleCode
    ['the identity link', input({ linkedUser: user('u1') }), 'use', 'IDENTITY_LINK'],
    ['the identity link of a disabled user', input({ linkedUser: user('u1', { active: false }) }), 'deny', 'USER_DISABLED'],
    ['a username match', input({ matchedUser: user('u2') }), 'use', 'MATCHED_BY_USERNAME'],
    ['a verified email match', input({ mapping: byEmail, matchedUser: local }), 'use', 'MATCHED_BY_VERIFIED_EMAIL'],
    ['an unverified email match', input({ profile: unverified, mapping: byEmail, matchedUser: local }), 'deny', 'EMAIL_NOT_VERIFIED'],
    [
      'a match linked to another sub',
      input({ matchedUser: relinkable, matchedUserLinkedElsewhere: true }),
      'deny',
      'MATCH_LINKED_ELSEWHERE',
    ],
    [
      'a re-link by username',
      input({ mapping: { relinkOnSubjectChange: 'username' }, usernameOwner: relinkable }),
      'use',
      'RELINKED_BY_USERNAME',
    ],
    [
      'a re-link by verified email',
      input({ mapping: { relinkOnSubjectChange: 'verified-email' }, emailOwner: relinkable }),
      'use',
      'RELINKED_BY_VERIFIED_EMAIL',
    ],
    ['nobody found, creation on', input(), 'create', 'NEW_ACCOUNT'],
    ['nobody found, creation off', input({ mapping: { allowUserCreation: false } }), 'deny', 'CREATION_DISABLED'],
    ['nobody found, the username taken', input({ mapping: byEmail, usernameOwner: user('u3') }), 'deny', 'USERNAME_TAKEN'],
    ['nobody found, the email taken', input({ emailOwner: user('u3') }), 'deny', 'EMAIL_TAKEN'],
  ])('%s: %s by %s', (_, given, action, ruleCode) => {
    const decision = decideAccount(given);
    expect([decision.action, decision.ruleCode]).toEqual([action, ruleCode]);
    expect(decision.rule).not.toBe('');
  });

  it('lists each profile field with its rule, and the changes are the fields it changes', () => {
    const decision = decideAccount(input({ linkedUser: user('u1', { username: 'alice.old', lastName: 'Old' }) }));
    if (decision.action !== 'use') throw new Error(decision.action);
    expect(decision.fields.map((f) => [f.field, f.outcome, f.ruleCode])).toEqual([
      ['username', 'kept', 'USERNAME_KEPT'],
      ['email', 'kept', 'UNCHANGED'],
      ['firstName', 'kept', 'UNCHANGED'],
      ['lastName', 'changed', 'UPDATED_FROM_CLAIM'],
      ['displayName', 'kept', 'UNCHANGED'],
    ]);
    expect(decision.profileChanges).toEqual({ lastName: 'Liddell' });
  });
});

import { describe, expect, it } from '@jest/globals';
import type { MappedProfile } from './map-profile.js';
import { createdProfile, updatedProfile, type Owners, type ProfileField, type StoredProfile } from './profile-outcomes.js';
import { defaultUserMapping, type UserMapping } from './user-mapping.js';

const sent: MappedProfile = {
  username: 'alice',
  email: 'alice@example.com',
  emailVerified: true,
  firstName: 'Alice',
  lastName: 'Liddell',
  displayName: 'Alice Liddell',
};
const stored: StoredProfile = {
  id: 'u1',
  username: 'alice',
  email: 'Alice@Example.com',
  firstName: 'Alice',
  lastName: 'Liddell',
  displayName: 'Alice Liddell',
};
const mapping = defaultUserMapping('generic');
const nobody: Owners = { usernameOwner: null, emailOwner: null };

describe('updatedProfile: what a login does to each field of an existing account, and why', () => {
  it.each<
    [string, ProfileField, Partial<MappedProfile>, Partial<StoredProfile>, Partial<UserMapping>, Owners, string, string, string | null]
  >([
    // case, field, sent, stored, mapping, owners, outcome, ruleCode, value after
    ['a new last name', 'lastName', { lastName: 'Hargreaves' }, {}, {}, nobody, 'changed', 'UPDATED_FROM_CLAIM', 'Hargreaves'],
    ['the same last name', 'lastName', {}, {}, {}, nobody, 'kept', 'UNCHANGED', 'Liddell'],
    ['no last name sent never clears it', 'lastName', { lastName: null }, {}, {}, nobody, 'kept', 'NOT_SENT', 'Liddell'],
    [
      'a read-only directory',
      'lastName',
      { lastName: 'H' },
      {},
      { updateProfileOnLogin: false },
      nobody,
      'kept',
      'PROFILE_UPDATES_OFF',
      'Liddell',
    ],
    ['an email differing only in case', 'email', {}, {}, {}, nobody, 'kept', 'UNCHANGED', 'Alice@Example.com'],
    ['a new email', 'email', { email: 'a@example.org' }, {}, {}, nobody, 'changed', 'UPDATED_FROM_CLAIM', 'a@example.org'],
    [
      'a new email another account has',
      'email',
      { email: 'a@example.org' },
      {},
      {},
      { usernameOwner: null, emailOwner: { id: 'u2' } },
      'kept',
      'EMAIL_TAKEN',
      'Alice@Example.com',
    ],
    [
      'a new email the account itself owns',
      'email',
      { email: 'a@example.org' },
      {},
      {},
      { usernameOwner: null, emailOwner: { id: 'u1' } },
      'changed',
      'UPDATED_FROM_CLAIM',
      'a@example.org',
    ],
    ['a new username, renames off', 'username', { username: 'alice2' }, {}, {}, nobody, 'kept', 'USERNAME_KEPT', 'alice'],
    [
      'a new username, renames on',
      'username',
      { username: 'alice2' },
      {},
      { updateUsernameOnLogin: true },
      nobody,
      'changed',
      'UPDATED_FROM_CLAIM',
      'alice2',
    ],
    [
      'a new username another account has',
      'username',
      { username: 'alice2' },
      {},
      { updateUsernameOnLogin: true },
      { usernameOwner: { id: 'u2' } },
      'kept',
      'USERNAME_TAKEN',
      'alice',
    ],
    [
      'a display name the directory lacks',
      'displayName',
      {},
      { displayName: null },
      {},
      nobody,
      'changed',
      'UPDATED_FROM_CLAIM',
      'Alice Liddell',
    ],
  ])('%s: %s %s', (_, field, sentOver, storedOver, mappingOver, owners, outcome, ruleCode, value) => {
    const result = updatedProfile({ ...stored, ...storedOver }, { ...sent, ...sentOver }, { ...mapping, ...mappingOver }, owners);
    expect(result.find((f) => f.field === field)).toEqual({ field, outcome, ruleCode, value, rule: expect.stringMatching(/\S/) });
  });

  it('names where the mapping reads the field', () => {
    const result = updatedProfile(stored, { ...sent, lastName: 'H' }, { ...mapping, lastNameAttribute: 'custom.surname' }, nobody);
    expect(result.find((f) => f.field === 'lastName')?.rule).toBe('from custom.surname');
  });
});

describe('createdProfile: a new account, field by field', () => {
  it.each<[string, Partial<MappedProfile>, Partial<UserMapping>, ProfileField, string, string]>([
    ['a claim sent', {}, {}, 'firstName', 'FROM_CLAIM', 'from given_name'],
    ['a claim not sent', { firstName: null }, {}, 'firstName', 'NOT_SENT', 'the provider sent nothing for given_name: left empty'],
    ['the display name joined', {}, { displayNameAttribute: null }, 'displayName', 'FROM_CLAIM', 'from given_name and family_name joined'],
    ['the display name read', {}, {}, 'displayName', 'FROM_CLAIM', 'from name (else the first and last names joined)'],
  ])('%s', (_, sentOver, mappingOver, field, ruleCode, rule) => {
    const result = createdProfile({ ...sent, ...sentOver }, { ...mapping, ...mappingOver });
    expect(result.find((f) => f.field === field)).toMatchObject({ outcome: 'set', ruleCode, rule });
  });
});

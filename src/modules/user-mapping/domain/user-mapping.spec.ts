import { describe, expect, it } from '@jest/globals';
import { defaultUserMapping, PROFILE_LIMITS } from './user-mapping.js';

describe('defaultUserMapping: the standard claims, and the safe choices for everything else', () => {
  const SAFE = {
    allowUserCreation: true,
    updateProfileOnLogin: true,
    // The username is what applications key on: never changed by a login unless asked for.
    updateUsernameOnLogin: false,
    // A new `sub` is refused until an administrator chooses how to re-link.
    relinkOnSubjectChange: 'off',
    // An email is only as good as the provider's email_verified.
    trustEmail: false,
  };
  const STANDARD = {
    emailAttribute: 'email',
    firstNameAttribute: 'given_name',
    lastNameAttribute: 'family_name',
    displayNameAttribute: 'name',
  };

  it.each([
    // preset, username claim, how a first login finds an existing account
    ['salesforce', 'preferred_username', 'username'],
    ['entra-id', 'preferred_username', 'username'],
    ['okta', 'preferred_username', 'username'],
    // Google sends no username claim: the (verified) email is the username and the match
    ['google', 'email', 'email'],
    ['keycloak', 'preferred_username', 'username'],
    ['generic', 'preferred_username', 'username'],
  ] as const)('%s: username from %s, matched by %s', (preset, usernameAttribute, matchBy) => {
    expect(defaultUserMapping(preset)).toEqual({ ...STANDARD, ...SAFE, usernameAttribute, matchBy });
  });

  it('hands out a copy: changing one provider’s mapping changes no other', () => {
    const first = defaultUserMapping('okta') as { usernameAttribute: string };
    first.usernameAttribute = 'changed';
    expect(defaultUserMapping('okta').usernameAttribute).toBe('preferred_username');
  });

  it.each([
    // attribute, longest value (the directory's and the admin API's limits)
    ['usernameAttribute', 255],
    ['emailAttribute', 320],
    ['firstNameAttribute', 255],
    ['lastNameAttribute', 255],
    ['displayNameAttribute', 255],
  ] as const)('%s values may be %i characters long', (attribute, limit) => {
    expect(PROFILE_LIMITS[attribute]).toBe(limit);
  });
});

/** The User Profile fields an attribute can fill with one click (Test Configuration). */
export const PROFILE_FIELDS = [
  ['usernameAttribute', 'username'],
  ['emailAttribute', 'email'],
  ['firstNameAttribute', 'first name'],
  ['lastNameAttribute', 'last name'],
  ['displayNameAttribute', 'display name'],
] as const;

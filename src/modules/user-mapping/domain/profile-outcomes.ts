import type { MappedProfile } from './map-profile.js';
import type { UserMapping } from './user-mapping.js';

export type ProfileField = 'username' | 'email' | 'firstName' | 'lastName' | 'displayName';

/** Why a profile field ends up as it does; stable, for the preview and any tool reading it. */
export type ProfileRule =
  | 'FROM_CLAIM'
  | 'NOT_SENT'
  | 'UPDATED_FROM_CLAIM'
  | 'UNCHANGED'
  | 'PROFILE_UPDATES_OFF'
  | 'USERNAME_KEPT'
  | 'USERNAME_TAKEN'
  | 'EMAIL_TAKEN';

export interface ProfileOutcome {
  readonly field: ProfileField;
  /** set: a new account gets it; changed / kept: an existing account's value after the login. */
  readonly outcome: 'set' | 'changed' | 'kept';
  readonly value: string | null;
  readonly ruleCode: ProfileRule;
  readonly rule: string;
}

/** The stored profile a login compares against. */
export interface StoredProfile {
  readonly id: string;
  readonly username: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly displayName: string | null;
}

export interface Owners {
  /** Who owns the mapped username and email now, case-insensitively. */
  readonly usernameOwner: { readonly id: string } | null;
  readonly emailOwner?: { readonly id: string } | null;
}

const FIELDS: readonly ProfileField[] = ['username', 'email', 'firstName', 'lastName', 'displayName'];

/** Where the mapping reads each field, as the administrator configured it. */
function source(field: ProfileField, mapping: UserMapping): string {
  if (field === 'displayName' && mapping.displayNameAttribute === null) {
    return `${mapping.firstNameAttribute} and ${mapping.lastNameAttribute} joined`;
  }
  if (field === 'displayName') return `${mapping.displayNameAttribute} (else the first and last names joined)`;
  return mapping[`${field}Attribute`];
}

/** A new account's profile, field by field. */
export function createdProfile(profile: MappedProfile, mapping: UserMapping): ProfileOutcome[] {
  return FIELDS.map((field) => {
    const value = profile[field];
    return value === null
      ? { field, outcome: 'set', value, ruleCode: 'NOT_SENT', rule: `the provider sent nothing for ${source(field, mapping)}: left empty` }
      : { field, outcome: 'set', value, ruleCode: 'FROM_CLAIM', rule: `from ${source(field, mapping)}` };
  });
}

/**
 * What a login does to an existing account's profile, field by field. An attribute the provider
 * did not send never clears a stored value (providers omit claims depending on scope and token
 * type), and a username or email owned by another user is left as it is rather than failing the
 * login. The username changes only when the mapping says so: applications key on it, and a silent
 * rename makes an application see another person.
 */
export function updatedProfile(user: StoredProfile, profile: MappedProfile, mapping: UserMapping, owners: Owners): ProfileOutcome[] {
  return FIELDS.map((field) => {
    const stored = user[field];
    const sent = profile[field];
    const kept = (ruleCode: ProfileRule, rule: string): ProfileOutcome => ({ field, outcome: 'kept', value: stored, ruleCode, rule });
    if (!mapping.updateProfileOnLogin)
      return kept('PROFILE_UPDATES_OFF', 'profile updates on login are off: the directory keeps its value');
    if (sent === null) return kept('NOT_SENT', `the provider sent nothing for ${source(field, mapping)}: the stored value stays`);
    const same = field === 'email' ? sent === stored?.toLowerCase() : sent === stored;
    if (same) return kept('UNCHANGED', `${source(field, mapping)} is what the directory has`);
    if (field === 'username' && !mapping.updateUsernameOnLogin) {
      return kept('USERNAME_KEPT', 'an existing account keeps its username (updateUsernameOnLogin is off)');
    }
    if (field === 'username' && owners.usernameOwner && owners.usernameOwner.id !== user.id) {
      return kept('USERNAME_TAKEN', `another account has the username ${sent}`);
    }
    if (field === 'email' && owners.emailOwner && owners.emailOwner.id !== user.id) {
      return kept('EMAIL_TAKEN', `another account has the email ${sent}`);
    }
    return { field, outcome: 'changed', value: sent, ruleCode: 'UPDATED_FROM_CLAIM', rule: `from ${source(field, mapping)}` };
  });
}

import type { UserProfile } from '../../directory/index.js';
import type { MappedProfile } from './map-profile.js';
import { createdProfile, updatedProfile, type ProfileOutcome } from './profile-outcomes.js';
import type { UserMapping } from './user-mapping.js';

/** A directory user as the rules read it: its stored profile, and what decides whether it may be used. */
export interface ExistingUser extends UserProfile {
  readonly id: string;
  readonly active: boolean;
  /** Whether the stored email was verified; only a verified one may be matched (or re-linked) by email. */
  readonly emailVerified?: boolean;
  /** Linked to another `sub` of the same provider (never counts links to other providers). */
  readonly linkedElsewhere?: boolean;
}

export interface DecideAccountInput {
  readonly profile: MappedProfile;
  readonly mapping: UserMapping;
  /** The user linked to this provider and `sub`. */
  readonly linkedUser: ExistingUser | null;
  /** Found case-insensitively by the `matchBy` attribute, whether or not the email is verified. */
  readonly matchedUser: ExistingUser | null;
  /** matchedUser is already linked to another `sub` of the same provider. */
  readonly matchedUserLinkedElsewhere: boolean;
  /** The user who owns profile.username, case-insensitively. */
  readonly usernameOwner: ExistingUser | null;
  /** The user who owns profile.email, case-insensitively (emails are unique in the directory). */
  readonly emailOwner?: ExistingUser | null;
}

export type ProfileChanges = Partial<Pick<MappedProfile, 'username' | 'email' | 'firstName' | 'lastName' | 'displayName'>>;

export type DenyCode = 'SSO_USERNAME_CONFLICT' | 'SSO_USER_CREATION_DISABLED' | 'SSO_USER_DISABLED' | 'SSO_EMAIL_NOT_VERIFIED';

/** Which rule decided the account, stable for the preview; `rule` says the same in words (and goes to the audit log). */
export type AccountRule =
  | 'IDENTITY_LINK'
  | 'RELINKED_BY_USERNAME'
  | 'RELINKED_BY_VERIFIED_EMAIL'
  | 'MATCHED_BY_USERNAME'
  | 'MATCHED_BY_VERIFIED_EMAIL'
  | 'NEW_ACCOUNT'
  | 'EMAIL_NOT_VERIFIED'
  | 'MATCH_LINKED_ELSEWHERE'
  | 'USER_DISABLED'
  | 'CREATION_DISABLED'
  | 'USERNAME_TAKEN'
  | 'EMAIL_TAKEN';

export type AccountDecision =
  | {
      readonly action: 'use';
      readonly userId: string;
      /** The account's username after this login (kept unless the mapping renames). */
      readonly username: string;
      readonly link: boolean;
      /** The user's link to another `sub` of this provider is replaced by this one. */
      readonly relink: boolean;
      readonly profileChanges: ProfileChanges;
      /** Each profile field after the login, and why (profileChanges are the changed ones). */
      readonly fields: readonly ProfileOutcome[];
      readonly ruleCode: AccountRule;
      readonly rule: string;
    }
  | {
      readonly action: 'create';
      readonly profile: MappedProfile;
      readonly fields: readonly ProfileOutcome[];
      readonly ruleCode: AccountRule;
      readonly rule: string;
    }
  | { readonly action: 'deny'; readonly code: DenyCode; readonly message: string; readonly ruleCode: AccountRule; readonly rule: string };

/** Which local account a login signs in to: the linked one, a matched one, a new one, or none. */
export function decideAccount(input: DecideAccountInput): AccountDecision {
  const { profile, mapping, linkedUser, matchedUser } = input;

  // The link outlives changes of username or email at the provider: it is the same person.
  if (linkedUser) return useExisting(input, linkedUser, false, 'IDENTITY_LINK', 'identity link (provider, sub)');

  const relinked = relinkTarget(input);
  if (relinked) {
    return useExisting(
      input,
      relinked,
      true,
      mapping.relinkOnSubjectChange === 'username' ? 'RELINKED_BY_USERNAME' : 'RELINKED_BY_VERIFIED_EMAIL',
      `re-linked by ${mapping.relinkOnSubjectChange}: replaces its link to another sub of this provider`,
      true,
    );
  }

  if (matchedUser) {
    if (mapping.matchBy === 'email' && !profile.emailVerified) {
      // Anyone can type someone else's address at some providers: an unverified email never
      // opens an existing account, and a new one cannot take the address either.
      return deny(
        'SSO_EMAIL_NOT_VERIFIED',
        'EMAIL_NOT_VERIFIED',
        'Your email address is not verified by the identity provider.',
        'email not verified: matches an existing account',
      );
    }
    if (input.matchedUserLinkedElsewhere) {
      return deny(
        'SSO_USERNAME_CONFLICT',
        'MATCH_LINKED_ELSEWHERE',
        // The local username is not the person's to know: the message names nothing.
        `The matching account is already linked to another user of this identity provider.`,
        `matched by ${mapping.matchBy}, but linked to another identity of this provider`,
      );
    }
    const matched = mapping.matchBy === 'email' ? 'MATCHED_BY_VERIFIED_EMAIL' : 'MATCHED_BY_USERNAME';
    return useExisting(input, matchedUser, true, matched, `matched by ${mapping.matchBy === 'email' ? 'verified email' : 'username'}`);
  }

  return createNew(input);
}

/**
 * The account a rebuilt provider's new `sub` belongs to, when the mapping allows re-linking: found
 * by the option's attribute and linked to another `sub` of this same provider. A verified email
 * on both sides is required for 'verified-email' (anyone can type an address at some providers).
 */
function relinkTarget({ mapping, profile, usernameOwner, emailOwner }: DecideAccountInput): ExistingUser | null {
  switch (mapping.relinkOnSubjectChange) {
    case 'username':
      return usernameOwner?.linkedElsewhere ? usernameOwner : null;
    case 'verified-email':
      return emailOwner?.linkedElsewhere && profile.email !== null && profile.emailVerified && emailOwner.emailVerified === true
        ? emailOwner
        : null;
    default:
      return null;
  }
}

function useExisting(
  input: DecideAccountInput,
  user: ExistingUser,
  link: boolean,
  ruleCode: AccountRule,
  rule: string,
  relink = false,
): AccountDecision {
  if (!user.active) return deny('SSO_USER_DISABLED', 'USER_DISABLED', 'Your account is disabled.', `${rule}: user is disabled`);
  const fields = updatedProfile(user, input.profile, input.mapping, input);
  const profileChanges: ProfileChanges = Object.fromEntries(fields.filter((f) => f.outcome === 'changed').map((f) => [f.field, f.value]));
  return {
    action: 'use',
    userId: user.id,
    username: profileChanges.username ?? user.username,
    link,
    relink,
    profileChanges,
    fields,
    ruleCode,
    rule,
  };
}

function createNew({ profile, mapping, usernameOwner, emailOwner }: DecideAccountInput): AccountDecision {
  const unverified = mapping.matchBy === 'email' && !profile.emailVerified ? ' (email not verified)' : '';
  if (!mapping.allowUserCreation) {
    return deny(
      'SSO_USER_CREATION_DISABLED',
      'CREATION_DISABLED',
      'There is no account for you, and new accounts are not created automatically.',
      `no matching user${unverified}; creation disabled`,
    );
  }
  if (usernameOwner) {
    return deny(
      'SSO_USERNAME_CONFLICT',
      'USERNAME_TAKEN',
      `The username ${profile.username} is already taken by another account.`,
      `no matching user${unverified}; username taken`,
    );
  }
  if (emailOwner && profile.email !== null) {
    return deny(
      'SSO_USERNAME_CONFLICT',
      'EMAIL_TAKEN',
      `The email address ${profile.email} is already used by another account.`,
      `no matching user${unverified}; email taken`,
    );
  }
  return {
    action: 'create',
    profile,
    fields: createdProfile(profile, mapping),
    ruleCode: 'NEW_ACCOUNT',
    rule: `no matching user${unverified}; creation allowed`,
  };
}

function deny(code: DenyCode, ruleCode: AccountRule, message: string, rule: string): AccountDecision {
  return { action: 'deny', code, message, ruleCode, rule };
}

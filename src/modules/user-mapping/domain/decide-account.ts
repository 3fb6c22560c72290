import type { UserProfile } from '../../directory/index.js';
import type { MappedProfile } from './map-profile.js';
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
      readonly rule: string;
    }
  | { readonly action: 'create'; readonly profile: MappedProfile; readonly rule: string }
  | { readonly action: 'deny'; readonly code: DenyCode; readonly message: string; readonly rule: string };

/** Which local account a login signs in to: the linked one, a matched one, a new one, or none. */
export function decideAccount(input: DecideAccountInput): AccountDecision {
  const { profile, mapping, linkedUser, matchedUser } = input;

  // The link outlives changes of username or email at the provider: it is the same person.
  if (linkedUser) return useExisting(input, linkedUser, false, 'identity link (provider, sub)');

  const relinked = relinkTarget(input);
  if (relinked) {
    return useExisting(
      input,
      relinked,
      true,
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
        'Your email address is not verified by the identity provider.',
        'email not verified: matches an existing account',
      );
    }
    if (input.matchedUserLinkedElsewhere) {
      return deny(
        'SSO_USERNAME_CONFLICT',
        // The local username is not the person's to know: the message names nothing.
        `The matching account is already linked to another user of this identity provider.`,
        `matched by ${mapping.matchBy}, but linked to another identity of this provider`,
      );
    }
    return useExisting(input, matchedUser, true, `matched by ${mapping.matchBy === 'email' ? 'verified email' : 'username'}`);
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

function useExisting(input: DecideAccountInput, user: ExistingUser, link: boolean, rule: string, relink = false): AccountDecision {
  if (!user.active) return deny('SSO_USER_DISABLED', 'Your account is disabled.', `${rule}: user is disabled`);
  const profileChanges = input.mapping.updateProfileOnLogin ? changesFor(user, input) : {};
  return { action: 'use', userId: user.id, username: profileChanges.username ?? user.username, link, relink, profileChanges, rule };
}

function createNew({ profile, mapping, usernameOwner, emailOwner }: DecideAccountInput): AccountDecision {
  const unverified = mapping.matchBy === 'email' && !profile.emailVerified ? ' (email not verified)' : '';
  if (!mapping.allowUserCreation) {
    return deny(
      'SSO_USER_CREATION_DISABLED',
      'There is no account for you, and new accounts are not created automatically.',
      `no matching user${unverified}; creation disabled`,
    );
  }
  if (usernameOwner) {
    return deny(
      'SSO_USERNAME_CONFLICT',
      `The username ${profile.username} is already taken by another account.`,
      `no matching user${unverified}; username taken`,
    );
  }
  if (emailOwner && profile.email !== null) {
    return deny(
      'SSO_USERNAME_CONFLICT',
      `The email address ${profile.email} is already used by another account.`,
      `no matching user${unverified}; email taken`,
    );
  }
  return { action: 'create', profile, rule: `no matching user${unverified}; creation allowed` };
}

/**
 * What differs between the directory and the provider. An attribute the provider did not send
 * never clears a stored value (providers omit claims depending on scope and token type), and a
 * username or email owned by another user is left as it is rather than failing the login. The
 * username changes only when the mapping says so: applications key on it, and a silent rename
 * makes an application see another person.
 */
function changesFor(user: ExistingUser, { profile, mapping, usernameOwner, emailOwner }: DecideAccountInput): ProfileChanges {
  const changes: { -readonly [K in keyof ProfileChanges]: ProfileChanges[K] } = {};
  const mayRename = mapping.updateUsernameOnLogin && (!usernameOwner || usernameOwner.id === user.id);
  if (profile.username !== user.username && mayRename) changes.username = profile.username;
  if (profile.email !== null && profile.email !== user.email?.toLowerCase() && (!emailOwner || emailOwner.id === user.id)) {
    changes.email = profile.email;
  }
  for (const field of ['firstName', 'lastName', 'displayName'] as const) {
    const value = profile[field];
    if (value !== null && value !== user[field]) changes[field] = value;
  }
  return changes;
}

function deny(code: DenyCode, message: string, rule: string): AccountDecision {
  return { action: 'deny', code, message, rule };
}

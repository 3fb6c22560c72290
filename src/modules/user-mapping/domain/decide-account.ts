import type { MappedProfile } from './map-profile.js';
import type { UserMapping } from './user-mapping.js';

export interface ExistingUser {
  readonly id: string;
  readonly username: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly displayName: string | null;
  readonly active: boolean;
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
      readonly link: boolean;
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

function useExisting(input: DecideAccountInput, user: ExistingUser, link: boolean, rule: string): AccountDecision {
  if (!user.active) return deny('SSO_USER_DISABLED', 'Your account is disabled.', `${rule}: user is disabled`);
  const profileChanges = input.mapping.updateProfileOnLogin ? changesFor(user, input) : {};
  return { action: 'use', userId: user.id, link, profileChanges, rule };
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
 * username or email owned by another user is left as it is rather than failing the login.
 */
function changesFor(user: ExistingUser, { profile, usernameOwner, emailOwner }: DecideAccountInput): ProfileChanges {
  const changes: { -readonly [K in keyof ProfileChanges]: ProfileChanges[K] } = {};
  if (profile.username !== user.username && (!usernameOwner || usernameOwner.id === user.id)) changes.username = profile.username;
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

import type { EntityManager } from 'typeorm';
import type { DirectoryWrites, ProvisionedUser } from '../../directory/index.js';
import { decideAccount, mapProfile, type AccountDecision, type MappedProfile, type UserMapping } from '../../user-mapping/index.js';
import { userClaims, type ScimUserDocument } from '../domain/scim-user.js';
import { badRequest, scimFailure } from './scim-failure.js';

/** The profile the provider's user mapping makes of a SCIM User: the same mapProfile a login runs on the ID token's claims. */
export function scimProfile(user: ScimUserDocument, mapping: UserMapping): MappedProfile {
  const mapped = mapProfile(userClaims(user), mapping);
  if (mapped.ok) return mapped.profile;
  if (mapped.code === 'SSO_UNUSABLE_CLAIM') {
    return reject(`the user mapping's ${mapped.attribute} (${mapped.claimPath}) reads an unusable value: ${mapped.reason}`);
  }
  return reject(
    `the user mapping's ${mapped.attribute} reads "${mapped.claimPath}", which this User does not have (it has ${mapped.sentAttributes.join(', ')})`,
  );
}

function reject(detail: string): never {
  throw badRequest('invalidValue', detail);
}

/**
 * Which directory user a new SCIM User is, decided by decideAccount as for a first login: the
 * identity link (provider, externalId), then the mapping's matchBy (username or verified email),
 * else a new user. So a person who signed in before is adopted, never duplicated.
 */
export async function decideScimAccount(
  directory: DirectoryWrites,
  providerId: string,
  user: ScimUserDocument,
  profile: MappedProfile,
  mapping: UserMapping,
  tx: EntityManager,
): Promise<{ decision: Exclude<AccountDecision, { action: 'deny' }>; existing: ProvisionedUser | null }> {
  const linkedUser = user.externalId !== null ? await directory.findLinked(providerId, user.externalId, tx) : null;
  const candidates = linkedUser ? [] : await directory.findCandidates(providerId, user.externalId, profile.username, profile.email, tx);
  const byUsername = candidates.find((u) => u.username.toLowerCase() === profile.username.toLowerCase()) ?? null;
  const byEmail = profile.email ? (candidates.find((u) => u.email?.toLowerCase() === profile.email) ?? null) : null;
  const matchedUser = mapping.matchBy === 'email' ? (byEmail?.emailVerified ? byEmail : null) : byUsername;
  // A disabled account is still the person's: SCIM decides `active` itself, so the decision sees it as active.
  const asActive = (u: ProvisionedUser | null) => (u ? { ...u, active: true } : null);
  const decision = decideAccount({
    profile,
    mapping,
    linkedUser: asActive(linkedUser),
    matchedUser: asActive(matchedUser),
    matchedUserLinkedElsewhere: matchedUser?.linkedElsewhere ?? false,
    usernameOwner: asActive(byUsername),
    emailOwner: asActive(byEmail),
  });
  if (decision.action === 'deny') {
    const status = decision.code === 'SSO_USER_CREATION_DISABLED' ? 403 : 409;
    throw scimFailure({ status, scimType: status === 409 ? 'uniqueness' : undefined, detail: `${decision.message} (${decision.rule})` });
  }
  const existing = decision.action === 'use' ? ([linkedUser, matchedUser].find((u) => u?.id === decision.userId) ?? null) : null;
  return { decision, existing };
}

/** The profile changes a SCIM update makes to a user it manages, under the mapping's updateProfileOnLogin rules. */
export function scimProfileChanges(current: ProvisionedUser, profile: MappedProfile, mapping: UserMapping): AccountDecision {
  const me = { ...current, active: true };
  return decideAccount({
    profile,
    mapping,
    linkedUser: me,
    matchedUser: null,
    matchedUserLinkedElsewhere: false,
    usernameOwner: null,
    emailOwner: null,
  });
}

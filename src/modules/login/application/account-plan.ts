import type { EntityManager } from 'typeorm';
import type { DirectoryProvisioning, MembershipOrigin } from '../../directory/index.js';
import { decideAccount, mapProfile, type AccountDecision, type MappedProfile, type UserMapping } from '../../user-mapping/index.js';
import {
  groupKey,
  planGroups,
  readIdpGroups,
  referencedGroups,
  unusableGroupsReason,
  type GroupMapping,
  type GroupPlan,
} from '../../group-mapping/index.js';
import { readClaim } from '../../../common/claims.js';
import { DomainError, type ErrorCode } from '../../../common/domain-error.js';
import { unusableTextReason } from '../../../common/usable-text.js';
import { groupsHash as hashGroups } from '../domain/groups-hash.js';
import { groupsSettled } from '../domain/groups-settled.js';
import { matchedAccount } from '../domain/matched-account.js';

export interface AccountPlanInput {
  readonly providerId: string;
  readonly subject: string;
  readonly claims: Record<string, unknown>;
  readonly userMapping: UserMapping;
  readonly groupMapping: GroupMapping;
}

/** Everything a login would do to the directory, decided by the pure rules from what is stored now. */
export interface AccountPlan {
  readonly profile: MappedProfile;
  /** The account's username after the login: an existing account keeps its own unless the mapping renames it. */
  readonly username: string;
  readonly decision: Exclude<AccountDecision, { action: 'deny' }>;
  /** null: the group set and mapping are as at the last login, so nothing is re-planned. */
  readonly groups: Extract<GroupPlan, { allowed: true }> | null;
  /** null: the plan depends on groups that do not exist yet, so the next login must plan again. */
  readonly groupsHash: string | null;
  readonly isNewUser: boolean;
  /** Set when the plan was made for a sign-in whose time the read of the linked user stamped already. */
  readonly recordedSignIn: { readonly storedGroupsHash: string | null } | null;
}

/**
 * Reads what the rules need (the identity link, candidate accounts, current memberships, which
 * groups exist) and runs mapProfile → decideAccount → planGroups. Writes nothing, so the same
 * plan serves a login (inside its transaction) and the mapping preview — except that with
 * `signInAt` (a login) the read of the linked user also stamps the sign-in time, in the same
 * statement, on the user and the link; the login's transaction makes it all or nothing.
 */
export async function planAccount(
  directory: DirectoryProvisioning,
  db: EntityManager,
  input: AccountPlanInput,
  signInAt?: Date,
): Promise<AccountPlan> {
  const subjectProblem = unusableTextReason(input.subject, MAX_SUBJECT_LENGTH);
  if (subjectProblem !== null) throw unusableClaim('sub', 'sub', subjectProblem);
  const mapped = mapProfile(input.claims, input.userMapping);
  if (!mapped.ok && mapped.code === 'SSO_UNUSABLE_CLAIM') throw unusableClaim(mapped.attribute, mapped.claimPath, mapped.reason);
  if (!mapped.ok) {
    throw new DomainError(
      'SSO_ATTRIBUTE_MISSING',
      `The identity provider did not send the attribute "${mapped.claimPath}" (${mapped.attribute}). It sent: ${mapped.sentAttributes.join(', ') || 'nothing'}.`,
      { attribute: mapped.attribute, claimPath: mapped.claimPath, sentAttributes: mapped.sentAttributes },
    );
  }
  const profile = mapped.profile;
  const groupAttribute = input.groupMapping.groupAttribute;
  // The claim as sent: a set the last login already planned (and checked) is not read again.
  const groupsHash = hashGroups(groupAttribute ? readClaim(input.claims, groupAttribute) : undefined, input.groupMapping);

  const linkedUser = signInAt
    ? await directory.accounts.signInByIdentity(db, input.providerId, input.subject, signInAt)
    : await directory.accounts.findByIdentity(db, input.providerId, input.subject);
  const candidates = linkedUser
    ? []
    : await directory.accounts.findOwners(db, {
        providerId: input.providerId,
        subject: input.subject,
        username: profile.username,
        email: profile.email,
      });
  const byUsername = candidates.find((u) => u.username.toLowerCase() === profile.username.toLowerCase()) ?? null;
  const byEmail = profile.email ? (candidates.find((u) => u.email?.toLowerCase() === profile.email) ?? null) : null;
  const matchedUser = matchedAccount({ matchBy: input.userMapping.matchBy, byUsername, byEmail });

  const decision = decideAccount({
    profile,
    mapping: input.userMapping,
    linkedUser,
    matchedUser,
    matchedUserLinkedElsewhere: matchedUser?.linkedElsewhere ?? false,
    usernameOwner: byUsername,
    emailOwner: byEmail,
  });
  if (decision.action === 'deny') throw refusal(decision.code, decision.message, 'account', decision);

  const isNewUser = decision.action === 'create';
  const username = decision.action === 'use' ? decision.username : profile.username;
  const recordedSignIn =
    signInAt && linkedUser && decision.action === 'use' && decision.userId === linkedUser.id
      ? { storedGroupsHash: linkedUser.groupsHash }
      : null;
  if (linkedUser !== null && linkedUser.groupsHash === groupsHash) {
    return { profile, username, decision, groups: null, groupsHash, isNewUser, recordedSignIn };
  }
  const idpGroups = groupAttribute ? readIdpGroups(input.claims, groupAttribute) : [];
  const groupsProblem = unusableGroupsReason(idpGroups);
  if (groupsProblem !== null) throw unusableClaim('groupAttribute', groupAttribute ?? '', groupsProblem);
  const { plan, settled } = await planMemberships(
    directory,
    db,
    decision,
    idpGroups,
    input.groupMapping,
    isNewUser,
    signInAt !== undefined,
  );
  // A group left aside because it does not exist yet may be created by an administrator before
  // the next login: storing no hash makes that login plan again instead of skipping.
  return { profile, username, decision, groups: plan, groupsHash: settled ? groupsHash : null, isNewUser, recordedSignIn };
}

/**
 * The group plan. A sign-in in on-the-fly mode plans only the groups it can change (the read
 * leaves out the claimed groups the user holds already): the same adds, removes, creates and
 * skips, but `kept` lists only the memberships it looked at. The preview plans every group.
 */
async function planMemberships(
  directory: DirectoryProvisioning,
  db: EntityManager,
  decision: Exclude<AccountDecision, { action: 'deny' }>,
  idpGroups: readonly string[],
  mapping: GroupMapping,
  isNewUser: boolean,
  signingIn: boolean,
): Promise<{ plan: Extract<GroupPlan, { allowed: true }>; settled: boolean }> {
  const changesOnly = signingIn && decision.action === 'use' && mapping.mode === 'on-the-fly' && mapping.updateExistingUsers;
  const read: PlanRead = changesOnly
    ? await readChangeable(directory, db, decision.userId, idpGroups, mapping)
    : await directory.memberships.ofUserAndExisting(
        db,
        decision.action === 'use' ? decision.userId : null,
        referencedGroups(idpGroups, mapping).map(groupKey),
      );
  // A re-sync's membership comes from the same claims and rules as a login's: planned as the login's own.
  const current = read.current.map((m) => (m.origin === 'resync' ? { ...m, origin: 'sso' as const } : m));
  const plan = planGroups({
    idpGroups: read.idpGroups ?? idpGroups,
    claimedGroups: idpGroups,
    current,
    mapping,
    isNewUser,
    existingGroups: read.existing,
  });
  if (!plan.allowed) throw refusal(plan.code, plan.message, 'groups', plan);

  const settled = groupsSettled(plan.skipped, [...read.existing, ...current.map((g) => g.name)], mapping.onTheFly.excludeGroups);
  return { plan, settled };
}

interface PlanRead {
  readonly current: readonly { readonly name: string; readonly origin: MembershipOrigin }[];
  readonly existing: readonly string[];
  /** The claimed groups the plan looks at, when not all of them. */
  readonly idpGroups?: readonly string[];
}

/** The read for an on-the-fly sign-in, and the claimed groups its plan looks at. */
async function readChangeable(
  directory: DirectoryProvisioning,
  db: EntityManager,
  userId: string,
  idpGroups: readonly string[],
  mapping: GroupMapping,
): Promise<PlanRead> {
  // Default and excluded groups are decided by more than being claimed and held: always looked at.
  const fixedKeys = [...mapping.defaultGroups, ...mapping.onTheFly.excludeGroups].map(groupKey);
  const read = await directory.memberships.changeableOnTheFly(db, userId, idpGroups.map(groupKey), fixedKeys);
  return { current: read.current, existing: read.existing, idpGroups: read.claimPositions.map((index) => idpGroups[index]!) };
}

/**
 * Which step refused, and its rule (code and words), for the mapping preview; they name rules,
 * never a value sent. A claim the mapping cannot use refuses at the 'profile' step, before these.
 */
export type RefusedAt = 'profile' | 'account' | 'groups';

function refusal(code: ErrorCode, message: string, stage: RefusedAt, rule: { ruleCode: string; rule: string }): DomainError {
  return new DomainError(code, message, { rule: rule.rule, ruleCode: rule.ruleCode, stage });
}

/** OpenID Connect Core §2: `sub` must not exceed 255 ASCII characters. */
const MAX_SUBJECT_LENGTH = 255;

/** The provider's value is named by its attribute and the reason only: it may be anything, and it is never echoed. */
function unusableClaim(attribute: string, claimPath: string, reason: string): DomainError {
  return new DomainError(
    'SSO_UNUSABLE_CLAIM',
    `The identity provider sent an unusable value for "${claimPath}" (${attribute}): ${reason}. Nothing was saved.`,
    { attribute, claimPath, reason },
  );
}

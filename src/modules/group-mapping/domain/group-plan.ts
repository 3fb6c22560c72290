// The plan a login makes for its groups, and the builder planGroups collects it with.
import { groupKey } from './group-mapping.js';

/**
 * `scim`: set by the provider's SCIM provisioning, which alone removes it (a login never does).
 * `resync`: set by a background re-sync from the same claims a login reads; logins and re-syncs
 * plan it as their own (`sso`), so either may take it away.
 */
export type MembershipOrigin = 'manual' | 'sso' | 'default' | 'scim' | 'resync';

export interface Membership {
  readonly name: string;
  readonly origin: MembershipOrigin;
}

/** Which rule decided a group's outcome, stable for the preview; `rule` says it in words. */
export type GroupRule =
  | 'DEFAULT_GROUP'
  | 'MANUAL_RULE'
  | 'MANUAL_EMPTY_NAME'
  | 'MANUAL_NO_LOCAL_GROUP'
  | 'MANUAL_NO_LONGER_MAPPED'
  | 'MANUAL_NOT_MANAGED'
  | 'ON_THE_FLY'
  | 'ON_THE_FLY_CREATED'
  | 'ON_THE_FLY_EXCLUDED'
  | 'ON_THE_FLY_NO_LOCAL_GROUP'
  | 'ON_THE_FLY_ABSENT'
  | 'ON_THE_FLY_KEEP_EXISTING'
  | 'ADDED_BY_ADMIN'
  | 'SET_BY_SCIM'
  | 'MAPPING_OFF'
  | 'EXISTING_USERS_NOT_UPDATED'
  | 'NOT_IN_ALLOWED_GROUPS'
  | 'NO_MAPPED_GROUP';

export interface GroupChange {
  readonly group: string;
  readonly ruleCode: GroupRule;
  /** Why, in words an administrator reads in the preview and the audit log. */
  readonly rule: string;
  /** The manual mapping row (from 1) that decided it. */
  readonly row?: number;
}

export type GroupPlan =
  | {
      readonly allowed: true;
      readonly add: readonly (GroupChange & { readonly origin: 'sso' | 'default' })[];
      readonly remove: readonly GroupChange[];
      /** Local groups to create before adding the memberships. */
      readonly create: readonly string[];
      /** Groups the provider's response pointed at that this login leaves alone, and why. */
      readonly skipped: readonly GroupChange[];
      /** The user's memberships the login leaves in place, and why (a sign-in's plan lists only those it looked at). */
      readonly kept: readonly GroupChange[];
      readonly unchanged: boolean;
    }
  | {
      readonly allowed: false;
      readonly code: 'SSO_GROUP_NOT_ALLOWED' | 'SSO_NO_MAPPED_GROUP';
      readonly ruleCode: GroupRule;
      readonly message: string;
      readonly rule: string;
    };

/** Why a group ends up as it does. */
export type Reason = Omit<GroupChange, 'group'>;

/** A membership a login did not make is the administrator's, SCIM's or a default group's: a login leaves it. */
function notTheLoginsOwn(origin: MembershipOrigin): Reason | null {
  if (origin === 'manual') return { ruleCode: 'ADDED_BY_ADMIN', rule: 'added by an administrator: a login never removes it' };
  if (origin === 'scim') return { ruleCode: 'SET_BY_SCIM', rule: 'set by SCIM provisioning, which alone removes it' };
  if (origin === 'default') return DEFAULT_KEPT;
  return null;
}

const DEFAULT_KEPT: Reason = { ruleCode: 'DEFAULT_GROUP', rule: 'a default group: a login does not take it away' };

/** One group's outcome; built field by field (a spread costs more, and a plan makes 1,000 of them). */
function change(group: string, reason: Reason): GroupChange {
  return reason.row === undefined
    ? { group, ruleCode: reason.ruleCode, rule: reason.rule }
    : { group, ruleCode: reason.ruleCode, rule: reason.rule, row: reason.row };
}

/**
 * Collects the plan; group names compare case-insensitively and keep the local spelling. A plan
 * for 1,000 groups looks each name up several times, so a caller that has a name's key passes it.
 */
export class PlanBuilder {
  readonly current: readonly Membership[];
  /** The group key of each current membership, in the same order. */
  readonly currentKeys: readonly string[];
  private readonly localNames = new Map<string, string>();
  /** The current memberships by group key. */
  private readonly currentByKey = new Map<string, Membership>();
  /** Groups this plan adds, by key (the user is not a member yet). */
  private readonly addedKeys = new Set<string>();
  private readonly adds: (GroupChange & { origin: 'sso' | 'default' })[] = [];
  private readonly removes: GroupChange[] = [];
  private readonly removedKeys = new Set<string>();
  private readonly creates: string[] = [];
  private readonly skips: GroupChange[] = [];
  /** The current memberships given an outcome, by group key: each is listed once, with the first rule that decided it. */
  private readonly decided = new Map<string, GroupChange>();

  constructor(input: { readonly current: readonly Membership[]; readonly existingGroups: readonly string[] }) {
    this.current = input.current;
    for (const name of input.existingGroups) this.localNames.set(groupKey(name), name);
    this.currentKeys = input.current.map((membership) => groupKey(membership.name));
    for (const [index, membership] of input.current.entries()) this.currentByKey.set(this.currentKeys[index]!, membership);
  }

  /** The local group's stored name; a group the user is a member of exists, whether or not existingGroups lists it. */
  local(name: string, key = groupKey(name)): string | undefined {
    return this.localNames.get(key) ?? this.currentByKey.get(key)?.name;
  }

  create(name: string): string {
    this.localNames.set(groupKey(name), name);
    this.creates.push(name);
    return name;
  }

  /** An add of a group the user already has is a keep, for the same reason; one it already gets is not listed again. */
  add(group: string, origin: 'sso' | 'default', reason: Reason, key = groupKey(group)): void {
    if (this.currentByKey.has(key) || this.addedKeys.has(key)) return this.keep(group, reason, key);
    this.addedKeys.add(key);
    this.adds.push({ ...change(group, reason), origin });
  }

  remove(group: string, reason: Reason, key = groupKey(group)): void {
    const removal = change(group, reason);
    this.decided.set(key, removal);
    this.removedKeys.add(key);
    this.removes.push(removal);
  }

  skip(group: string, reason: Reason): void {
    this.skips.push(change(group, reason));
  }

  /** Records why a current membership stays (only the first reason counts; groups the login adds are not memberships yet). */
  keep(group: string, reason: Reason, key = groupKey(group)): void {
    if (this.decided.has(key)) return;
    const membership = this.currentByKey.get(key);
    if (membership) this.decided.set(key, change(membership.name, reason));
  }

  /** A membership the rules leave alone: the administrator's, SCIM's, or a default group. */
  keepAsIs(membership: Membership, key = groupKey(membership.name)): void {
    this.keep(membership.name, notTheLoginsOwn(membership.origin) ?? DEFAULT_KEPT, key);
  }

  /** `otherwise` explains the memberships no rule looked at (mapping off, or not applied to this user). */
  result(otherwise: Reason): GroupPlan {
    for (const [index, membership] of this.current.entries()) {
      this.keep(membership.name, notTheLoginsOwn(membership.origin) ?? otherwise, this.currentKeys[index]);
    }
    const kept: GroupChange[] = [];
    for (const [key, outcome] of this.decided) if (!this.removedKeys.has(key)) kept.push(outcome);
    const unchanged = this.adds.length === 0 && this.removes.length === 0 && this.creates.length === 0;
    return { allowed: true, add: this.adds, remove: this.removes, create: this.creates, skipped: this.skips, kept, unchanged };
  }
}

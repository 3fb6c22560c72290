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
      /** The user's memberships the login leaves in place, and why. */
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

/** Collects the plan; group names compare case-insensitively and keep the local spelling. */
export class PlanBuilder {
  readonly current: readonly Membership[];
  private readonly localNames = new Map<string, string>();
  /** The current memberships by group key: a plan for 1,000 groups looks each one up many times. */
  private readonly currentByKey = new Map<string, Membership>();
  private readonly memberOf: Set<string>;
  private readonly adds: (GroupChange & { origin: 'sso' | 'default' })[] = [];
  private readonly removes: GroupChange[] = [];
  private readonly creates: string[] = [];
  private readonly skips: GroupChange[] = [];
  /** The current memberships given an outcome, by group key: each is listed once, with the first rule that decided it. */
  private readonly decided = new Map<string, GroupChange>();

  constructor(input: { readonly current: readonly Membership[]; readonly existingGroups: readonly string[] }) {
    this.current = input.current;
    for (const name of input.existingGroups) this.localNames.set(groupKey(name), name);
    for (const membership of input.current) this.currentByKey.set(groupKey(membership.name), membership);
    this.memberOf = new Set(this.currentByKey.keys());
  }

  local(name: string): string | undefined {
    return this.localNames.get(groupKey(name));
  }

  create(name: string): string {
    this.localNames.set(groupKey(name), name);
    this.creates.push(name);
    return name;
  }

  /** An add of a group the user already has is a keep, for the same reason; one it already gets is not listed again. */
  add(group: string, origin: 'sso' | 'default', reason: Reason): void {
    if (this.memberOf.has(groupKey(group))) return this.keep(group, reason);
    this.memberOf.add(groupKey(group));
    this.adds.push({ group, origin, ...reason });
  }

  remove(group: string, reason: Reason): void {
    this.decided.set(groupKey(group), { group, ...reason });
    this.removes.push({ group, ...reason });
  }

  skip(group: string, reason: Reason): void {
    this.skips.push({ group, ...reason });
  }

  /** Records why a current membership stays (only the first reason counts; groups the login adds are not memberships yet). */
  keep(group: string, reason: Reason): void {
    const key = groupKey(group);
    const membership = this.currentByKey.get(key);
    if (membership && !this.decided.has(key)) this.decided.set(key, { group: membership.name, ...reason });
  }

  /** A membership the rules leave alone: the administrator's, SCIM's, or a default group. */
  keepAsIs(membership: Membership): void {
    this.keep(membership.name, notTheLoginsOwn(membership.origin) ?? DEFAULT_KEPT);
  }

  /** `otherwise` explains the memberships no rule looked at (mapping off, or not applied to this user). */
  result(otherwise: Reason): GroupPlan {
    for (const membership of this.current) this.keep(membership.name, notTheLoginsOwn(membership.origin) ?? otherwise);
    const removed = new Set(this.removes.map((change) => groupKey(change.group)));
    const kept = [...this.decided.entries()].filter(([key]) => !removed.has(key)).map(([, change]) => change);
    const unchanged = this.adds.length === 0 && this.removes.length === 0 && this.creates.length === 0;
    return { allowed: true, add: this.adds, remove: this.removes, create: this.creates, skipped: this.skips, kept, unchanged };
  }
}

import { compilePattern, expandLocalGroup, groupKey, templatePattern, type GroupMapping, type ManualRule } from './group-mapping.js';

/**
 * `scim`: set by the provider's SCIM provisioning, which alone removes it (a login never does).
 * `resync`: set by a background re-sync from the same claims a login reads; logins and re-syncs
 * plan it as their own (`sso`), so either may take it away.
 */
export type MembershipOrigin = 'manual' | 'sso' | 'default' | 'scim' | 'resync';

export interface PlanGroupsInput {
  readonly idpGroups: readonly string[];
  readonly current: readonly { readonly name: string; readonly origin: MembershipOrigin }[];
  readonly mapping: GroupMapping;
  readonly isNewUser: boolean;
  /** Names of the local groups that exist now. */
  readonly existingGroups: readonly string[];
}

export interface GroupChange {
  readonly group: string;
  /** Why, in words an administrator reads in the preview and the audit log. */
  readonly rule: string;
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
      readonly unchanged: boolean;
    }
  | {
      readonly allowed: false;
      readonly code: 'SSO_GROUP_NOT_ALLOWED' | 'SSO_NO_MAPPED_GROUP';
      readonly message: string;
      readonly rule: string;
    };

/** The memberships one login adds and removes, and the groups it creates. */
export function planGroups(input: PlanGroupsInput): GroupPlan {
  const { mapping, isNewUser } = input;
  const idpGroups = nonBlank(input.idpGroups);

  const allowed = mapping.allowedGroups.map(groupKey).filter((key) => key !== '');
  if (allowed.length > 0 && !idpGroups.some((name) => allowed.includes(groupKey(name)))) {
    return {
      allowed: false,
      code: 'SSO_GROUP_NOT_ALLOWED',
      message: 'You are not in a group that may sign in here.',
      rule: `allowed groups: none of ${mapping.allowedGroups.join(', ')} in the provider response`,
    };
  }

  const plan = new PlanBuilder(input);
  if (mapping.assignDefaultGroupsTo === 'all' || (mapping.assignDefaultGroupsTo === 'new' && isNewUser)) {
    const rule = `default group (${mapping.assignDefaultGroupsTo === 'all' ? 'all users' : 'new users'})`;
    // Default groups are the administrator's own choice, so a missing one is created.
    for (const name of mapping.defaultGroups.map((group) => group.trim()).filter((group) => group !== '')) {
      plan.add(plan.local(name) ?? plan.create(name), 'default', rule);
    }
  }

  // "Disable Group Mapping" for existing users: groups are set only when a user is created.
  const applyMapping = isNewUser || mapping.updateExistingUsers;
  if (mapping.mode === 'manual') {
    const targets = manualTargets(idpGroups, mapping.manual.rules);
    const mapped = targets.filter((target) => plan.local(target.group) !== undefined);
    if (isNewUser && mapping.manual.requireMappedGroupForCreation && mapped.length === 0) {
      return {
        allowed: false,
        code: 'SSO_NO_MAPPED_GROUP',
        message: 'None of your groups gives access here, so no account was created for you.',
        rule: `manual: no provider group maps to an existing local group (provider groups: ${idpGroups.join(', ') || 'none'})`,
      };
    }
    if (applyMapping) applyManual(plan, targets, mapping);
  } else if (mapping.mode === 'on-the-fly' && applyMapping) {
    applyOnTheFly(plan, idpGroups, mapping);
  }
  return plan.result();
}

/**
 * Every local group a plan for these provider groups may look up, so the caller can read which
 * of them exist (planGroups' existingGroups) before planning, in one query.
 */
export function referencedGroups(rawIdpGroups: readonly string[], mapping: GroupMapping): string[] {
  const idpGroups = nonBlank(rawIdpGroups);
  const names = [...mapping.defaultGroups];
  if (mapping.mode === 'manual') names.push(...manualTargets(idpGroups, mapping.manual.rules).map((target) => target.group));
  if (mapping.mode === 'on-the-fly') names.push(...idpGroups);
  return nonBlank(names);
}

function nonBlank(names: readonly string[]): string[] {
  return names.map((name) => name.trim()).filter((name) => name !== '');
}

interface Target {
  readonly group: string;
  /** The provider group and the rule it matched, e.g. `manual: 'dev'`. */
  readonly source: string;
}

function manualTargets(idpGroups: readonly string[], rules: readonly ManualRule[]): Target[] {
  const targets: Target[] = [];
  for (const rule of rules) {
    const localGroup = rule.localGroup.trim();
    if ('idpGroupPattern' in rule) {
      const pattern = tryCompile(rule.idpGroupPattern);
      for (const name of idpGroups) {
        const match = pattern?.exec(name);
        if (match) targets.push({ group: expandLocalGroup(localGroup, match), source: `manual: '${name}' ~ /${rule.idpGroupPattern}/` });
      }
    } else {
      const keys = rule.idpGroups.map(groupKey);
      const name = idpGroups.find((candidate) => keys.includes(groupKey(candidate)));
      if (name !== undefined) targets.push({ group: localGroup, source: `manual: '${name}'` });
    }
  }
  return targets;
}

/** Manual mode manages only the groups its rules name, and only the memberships it made itself. */
function applyManual(plan: PlanBuilder, targets: readonly Target[], mapping: GroupMapping): void {
  for (const { group, source } of targets) {
    const local = plan.local(group);
    if (group === '') plan.skip(group, `${source} gives an empty group name`);
    else if (local === undefined) plan.skip(group, `${source} → ${group}: no such local group (manual mapping never creates groups)`);
    else plan.add(local, 'sso', `${source} → ${group}`);
  }
  const targeted = new Set(targets.map((target) => groupKey(target.group)));
  const defaults = new Set(mapping.defaultGroups.map(groupKey));
  for (const membership of plan.current) {
    const key = groupKey(membership.name);
    if (membership.origin !== 'sso' || targeted.has(key) || defaults.has(key)) continue;
    if (mapping.manual.rules.some((rule) => manages(rule, membership.name))) {
      plan.remove(membership.name, `manual: no provider group maps to ${membership.name} any more`);
    }
  }
}

/** Whether a rule can grant this local group; a broken pattern manages nothing. */
function manages(rule: ManualRule, group: string): boolean {
  if (!('idpGroupPattern' in rule)) return groupKey(rule.localGroup) === groupKey(group);
  return tryCompile(rule.idpGroupPattern) !== undefined && templatePattern(rule.localGroup).test(group);
}

/** On-the-fly: the provider's group names are local group names. */
function applyOnTheFly(plan: PlanBuilder, idpGroups: readonly string[], mapping: GroupMapping): void {
  const { createMissingGroups, keepExistingGroups, excludeGroups } = mapping.onTheFly;
  const excluded = new Set(excludeGroups.map(groupKey));
  for (const name of idpGroups) {
    const local = plan.local(name);
    if (excluded.has(groupKey(name))) plan.skip(name, 'on-the-fly: excluded group (managed locally)');
    else if (local !== undefined) plan.add(local, 'sso', `on-the-fly: provider group '${name}'`);
    else if (createMissingGroups) plan.add(plan.create(name), 'sso', `on-the-fly: provider group '${name}' (group created)`);
    else plan.skip(name, 'on-the-fly: no such local group, and missing groups are not created');
  }
  if (keepExistingGroups) return;
  const sent = new Set(idpGroups.map(groupKey));
  const defaults = new Set(mapping.defaultGroups.map(groupKey));
  for (const membership of plan.current) {
    const key = groupKey(membership.name);
    if (sent.has(key) || excluded.has(key) || defaults.has(key) || membership.origin === 'default' || membership.origin === 'scim')
      continue;
    plan.remove(membership.name, 'on-the-fly: absent from provider response');
  }
}

function tryCompile(pattern: string): RegExp | undefined {
  try {
    return compilePattern(pattern);
  } catch {
    return undefined;
  }
}

/** Collects the plan; group names compare case-insensitively and keep the local spelling. */
class PlanBuilder {
  readonly current: PlanGroupsInput['current'];
  private readonly localNames = new Map<string, string>();
  private readonly memberOf: Set<string>;
  private readonly adds: (GroupChange & { origin: 'sso' | 'default' })[] = [];
  private readonly removes: GroupChange[] = [];
  private readonly creates: string[] = [];
  private readonly skips: GroupChange[] = [];

  constructor(input: PlanGroupsInput) {
    this.current = input.current;
    for (const name of input.existingGroups) this.localNames.set(groupKey(name), name);
    this.memberOf = new Set(input.current.map((membership) => groupKey(membership.name)));
  }

  local(name: string): string | undefined {
    return this.localNames.get(groupKey(name));
  }

  create(name: string): string {
    this.localNames.set(groupKey(name), name);
    this.creates.push(name);
    return name;
  }

  /** An add of a group the user already has, or already gets, is not listed. */
  add(group: string, origin: 'sso' | 'default', rule: string): void {
    if (this.memberOf.has(groupKey(group))) return;
    this.memberOf.add(groupKey(group));
    this.adds.push({ group, origin, rule });
  }

  remove(group: string, rule: string): void {
    this.removes.push({ group, rule });
  }

  skip(group: string, rule: string): void {
    this.skips.push({ group, rule });
  }

  result(): GroupPlan {
    const unchanged = this.adds.length === 0 && this.removes.length === 0 && this.creates.length === 0;
    return { allowed: true, add: this.adds, remove: this.removes, create: this.creates, skipped: this.skips, unchanged };
  }
}

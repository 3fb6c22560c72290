import { compilePattern, expandLocalGroup, groupKey, templatePattern, type GroupMapping, type ManualRule } from './group-mapping.js';
import { PlanBuilder, type GroupPlan, type Membership, type Reason } from './group-plan.js';

export type { GroupChange, GroupPlan, GroupRule, MembershipOrigin } from './group-plan.js';

export interface PlanGroupsInput {
  /** The provider's groups the plan looks at: all of them, or (claimedGroups given) those a login can change. */
  readonly idpGroups: readonly string[];
  /** Every group the provider sent, when idpGroups leaves some out: the allow-list looks at all of them. */
  readonly claimedGroups?: readonly string[];
  readonly current: readonly Membership[];
  readonly mapping: GroupMapping;
  readonly isNewUser: boolean;
  /** Names of the local groups that exist now (the user's own groups need not be listed). */
  readonly existingGroups: readonly string[];
}

/** The memberships one login adds and removes, and the groups it creates. */
export function planGroups(input: PlanGroupsInput): GroupPlan {
  const { mapping, isNewUser } = input;
  const idpGroups = nonBlank(input.idpGroups);

  const allowed = mapping.allowedGroups.map(groupKey).filter((key) => key !== '');
  if (allowed.length > 0 && !nonBlank(input.claimedGroups ?? idpGroups).some((name) => allowed.includes(groupKey(name)))) {
    return {
      allowed: false,
      code: 'SSO_GROUP_NOT_ALLOWED',
      ruleCode: 'NOT_IN_ALLOWED_GROUPS',
      message: 'You are not in a group that may sign in here.',
      rule: `allowed groups: none of ${mapping.allowedGroups.join(', ')} in the provider response`,
    };
  }

  const plan = new PlanBuilder(input);
  if (mapping.assignDefaultGroupsTo === 'all' || (mapping.assignDefaultGroupsTo === 'new' && isNewUser)) {
    const rule = `default group (${mapping.assignDefaultGroupsTo === 'all' ? 'all users' : 'new users'})`;
    // Default groups are the administrator's own choice, so a missing one is created.
    for (const name of mapping.defaultGroups.map((group) => group.trim()).filter((group) => group !== '')) {
      plan.add(plan.local(name) ?? plan.create(name), 'default', { ruleCode: 'DEFAULT_GROUP', rule });
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
        ruleCode: 'NO_MAPPED_GROUP',
        message: 'None of your groups gives access here, so no account was created for you.',
        rule: `manual: no provider group maps to an existing local group (provider groups: ${idpGroups.join(', ') || 'none'})`,
      };
    }
    if (applyMapping) applyManual(plan, targets, mapping);
  } else if (mapping.mode === 'on-the-fly' && applyMapping) {
    applyOnTheFly(plan, idpGroups, mapping);
  }
  if (mapping.mode === 'disabled') return plan.result({ ruleCode: 'MAPPING_OFF', rule: 'group mapping is off' });
  if (!applyMapping) {
    return plan.result({
      ruleCode: 'EXISTING_USERS_NOT_UPDATED',
      rule: 'the mapping sets groups only when a user is created (updateExistingUsers is off)',
    });
  }
  return plan.result({ ruleCode: 'ON_THE_FLY_KEEP_EXISTING', rule: 'on-the-fly: existing groups are kept (keepExistingGroups)' });
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
  /** The manual mapping row, from 1. */
  readonly row: number;
}

function manualTargets(idpGroups: readonly string[], rules: readonly ManualRule[]): Target[] {
  const targets: Target[] = [];
  for (const [index, rule] of rules.entries()) {
    const row = index + 1;
    const localGroup = rule.localGroup.trim();
    if ('idpGroupPattern' in rule) {
      const pattern = tryCompile(rule.idpGroupPattern);
      for (const name of idpGroups) {
        const match = pattern?.exec(name);
        if (match)
          targets.push({ group: expandLocalGroup(localGroup, match), source: `manual: '${name}' ~ /${rule.idpGroupPattern}/`, row });
      }
    } else {
      const keys = rule.idpGroups.map(groupKey);
      const name = idpGroups.find((candidate) => keys.includes(groupKey(candidate)));
      if (name !== undefined) targets.push({ group: localGroup, source: `manual: '${name}'`, row });
    }
  }
  return targets;
}

/** Manual mode manages only the groups its rules name, and only the memberships it made itself. */
function applyManual(plan: PlanBuilder, targets: readonly Target[], mapping: GroupMapping): void {
  for (const { group, source, row } of targets) {
    const local = plan.local(group);
    if (group === '') plan.skip(group, { ruleCode: 'MANUAL_EMPTY_NAME', rule: `${source} gives an empty group name`, row });
    else if (local === undefined) {
      plan.skip(group, {
        ruleCode: 'MANUAL_NO_LOCAL_GROUP',
        rule: `${source} → ${group}: no such local group (manual mapping never creates groups)`,
        row,
      });
    } else plan.add(local, 'sso', { ruleCode: 'MANUAL_RULE', rule: `${source} → ${group}`, row });
  }
  const targeted = new Set(targets.map((target) => groupKey(target.group)));
  const defaults = new Set(mapping.defaultGroups.map(groupKey));
  for (const membership of plan.current) {
    const key = groupKey(membership.name);
    if (membership.origin !== 'sso' || targeted.has(key) || defaults.has(key)) plan.keepAsIs(membership);
    else if (mapping.manual.rules.some((rule) => manages(rule, membership.name))) {
      plan.remove(membership.name, {
        ruleCode: 'MANUAL_NO_LONGER_MAPPED',
        rule: `manual: no provider group maps to ${membership.name} any more`,
      });
    } else plan.keep(membership.name, { ruleCode: 'MANUAL_NOT_MANAGED', rule: 'manual: no mapping row grants this group' });
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
  const sent = new Set<string>();
  for (const name of idpGroups) {
    const key = groupKey(name);
    sent.add(key);
    const local = plan.local(name, key);
    if (excluded.has(key)) plan.skip(name, EXCLUDED);
    else if (local !== undefined) plan.add(local, 'sso', { ruleCode: 'ON_THE_FLY', rule: `on-the-fly: provider group '${name}'` }, key);
    else if (createMissingGroups) {
      plan.add(
        plan.create(name),
        'sso',
        { ruleCode: 'ON_THE_FLY_CREATED', rule: `on-the-fly: provider group '${name}' (group created)` },
        key,
      );
    } else {
      plan.skip(name, {
        ruleCode: 'ON_THE_FLY_NO_LOCAL_GROUP',
        rule: 'on-the-fly: no such local group, and missing groups are not created',
      });
    }
  }
  if (keepExistingGroups) return;
  const defaults = new Set(mapping.defaultGroups.map(groupKey));
  for (const [index, membership] of plan.current.entries()) {
    const key = plan.currentKeys[index]!;
    if (excluded.has(key)) plan.keep(membership.name, EXCLUDED, key);
    else if (sent.has(key) || defaults.has(key) || membership.origin === 'default' || membership.origin === 'scim')
      plan.keepAsIs(membership, key);
    else plan.remove(membership.name, ABSENT, key);
  }
}

const EXCLUDED: Reason = { ruleCode: 'ON_THE_FLY_EXCLUDED', rule: 'on-the-fly: excluded group (managed locally)' };
const ABSENT: Reason = { ruleCode: 'ON_THE_FLY_ABSENT', rule: 'on-the-fly: absent from provider response' };

function tryCompile(pattern: string): RegExp | undefined {
  try {
    return compilePattern(pattern);
  } catch {
    return undefined;
  }
}

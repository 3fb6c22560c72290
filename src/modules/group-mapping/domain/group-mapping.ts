/** Maps the provider's group names to local groups, by list or by pattern. */
export type ManualRule =
  | { readonly localGroup: string; readonly idpGroups: readonly string[] }
  /** A JavaScript regex matched against the whole group name; localGroup may use $1, $2… */
  | { readonly localGroup: string; readonly idpGroupPattern: string };

export interface GroupMapping {
  /** Claim path of the user's groups; null = the provider sends none. */
  readonly groupAttribute: string | null;
  readonly defaultGroups: readonly string[];
  readonly assignDefaultGroupsTo: 'all' | 'new' | 'none';
  readonly mode: 'disabled' | 'manual' | 'on-the-fly';
  /** false: an existing user's groups are not changed by the mapping (default groups still apply). */
  readonly updateExistingUsers: boolean;
  readonly manual: {
    readonly rules: readonly ManualRule[];
    /** New users are created only when at least one of their provider groups maps to a local group. */
    readonly requireMappedGroupForCreation: boolean;
  };
  readonly onTheFly: {
    readonly createMissingGroups: boolean;
    /** false: a login removes the user from local groups absent from the provider's response. */
    readonly keepExistingGroups: boolean;
    /** Groups a login never adds or removes (managed locally). */
    readonly excludeGroups: readonly string[];
  };
  /** When not empty, only members of at least one of these provider groups may sign in. */
  readonly allowedGroups: readonly string[];
}

/** A manual rule as the API and configuration import deliver it: one of the two lists, checked by the rules. */
export interface ManualRuleInput {
  readonly localGroup: string;
  readonly idpGroups?: readonly string[];
  readonly idpGroupPattern?: string;
}

/** A group mapping as the API and configuration import deliver it, before `normalise` makes each rule one kind or the other. */
export interface GroupMappingInput extends Omit<GroupMapping, 'manual'> {
  readonly manual: ManualMappingInput;
}

export interface ManualMappingInput {
  readonly rules: readonly ManualRuleInput[];
  readonly requireMappedGroupForCreation: boolean;
}

export type OnTheFlyMapping = GroupMapping['onTheFly'];

export function defaultGroupMapping(): GroupMapping {
  return {
    groupAttribute: 'groups',
    defaultGroups: [],
    assignDefaultGroupsTo: 'new',
    mode: 'disabled',
    updateExistingUsers: true,
    manual: { rules: [], requireMappedGroupForCreation: false },
    onTheFly: { createMissingGroups: false, keepExistingGroups: true, excludeGroups: [] },
    allowedGroups: [],
  };
}

/** Group names compare as the directory's unique index does: lower(name). */
export function groupKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Full match, case-insensitive like every other group name comparison. Throws on an invalid pattern. */
export function compilePattern(pattern: string): RegExp {
  // Compiled alone first: `a)|(b` would otherwise close the wrapper and escape the anchors.
  new RegExp(pattern);
  return new RegExp(`^(?:${pattern})$`, 'i');
}

const CAPTURE_REFERENCE = /\$(\d+)/g;

/** The local group name for one match: $n is the n-th capture, $0 the whole name ('' when it did not take part). */
export function expandLocalGroup(template: string, match: RegExpExecArray): string {
  return template.replace(CAPTURE_REFERENCE, (_, n: string) => match[Number(n)] ?? '').trim();
}

/** Every name a pattern rule's template can produce, for deciding which groups the rule manages. */
export function templatePattern(template: string): RegExp {
  const parts = template.trim().split(CAPTURE_REFERENCE);
  // split() with a capture group alternates literal text and capture numbers.
  const source = parts.map((part, i) => (i % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '.*')).join('');
  return new RegExp(`^${source}$`, 'i');
}

export interface MappingProblem {
  readonly field: string;
  readonly reason: string;
}

/** Everything wrong with a mapping, each with the field it is about (API error details). */
export function validateGroupMapping(mapping: GroupMapping): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const report = (field: string, reason: string) => problems.push({ field, reason });

  const groupAttribute = mapping.groupAttribute?.trim() ?? '';
  if (groupAttribute === '' && mapping.mode !== 'disabled') report('groupAttribute', `is required when mode is ${mapping.mode}`);
  if (groupAttribute === '' && mapping.allowedGroups.length > 0) report('groupAttribute', 'is required when allowedGroups is set');

  checkNames('defaultGroups', mapping.defaultGroups, report);
  checkNames('onTheFly.excludeGroups', mapping.onTheFly.excludeGroups, report);
  checkNames('allowedGroups', mapping.allowedGroups, report);

  const defaults = new Set(mapping.defaultGroups.map(groupKey));
  mapping.onTheFly.excludeGroups.forEach((name, i) => {
    if (defaults.has(groupKey(name)))
      report(`onTheFly.excludeGroups[${i}]`, `"${name}" is also a default group, which every login may add`);
  });

  mapping.manual.rules.forEach((rule, i) => {
    const field = `manual.rules[${i}]`;
    if (rule.localGroup.trim() === '') report(`${field}.localGroup`, 'must not be empty');
    if ('idpGroupPattern' in rule) checkPatternRule(field, rule.idpGroupPattern, rule.localGroup, report);
    else if (rule.idpGroups.length === 0) report(`${field}.idpGroups`, 'must name at least one provider group');
    else checkNames(`${field}.idpGroups`, rule.idpGroups, report);
  });
  return problems;
}

function checkPatternRule(field: string, pattern: string, localGroup: string, report: (field: string, reason: string) => void): void {
  if (pattern.trim() === '') return report(`${field}.idpGroupPattern`, 'must not be empty');
  let compiled: RegExp;
  try {
    compiled = compilePattern(pattern);
  } catch (error) {
    return report(`${field}.idpGroupPattern`, `is not a valid regular expression: ${(error as Error).message}`);
  }
  // An alternative that matches the empty string makes exec() report every capture group.
  const captures = (new RegExp(`${compiled.source}|`).exec('')?.length ?? 1) - 1;
  for (const [, n] of localGroup.matchAll(CAPTURE_REFERENCE)) {
    if (Number(n) > captures) {
      report(`${field}.localGroup`, `refers to $${n}, but the pattern has ${captures} capture group${captures === 1 ? '' : 's'}`);
    }
  }
}

function checkNames(field: string, names: readonly string[], report: (field: string, reason: string) => void): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name.trim() === '') report(`${field}[${i}]`, 'must not be empty');
    else if (seen.has(groupKey(name))) report(`${field}[${i}]`, `"${name}" is listed twice`);
    seen.add(groupKey(name));
  });
}

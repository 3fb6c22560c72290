import { groupKey, type GroupMapping } from './group-mapping.js';

/** A manual rule that names one local group, by its place in `manual.rules`. */
export interface NamedGroupRule {
  readonly index: number;
  readonly localGroup: string;
}

/**
 * The rules whose local group is a plain name. A pattern rule whose name uses $1… stands for
 * groups chosen at login, so it names no group that could be checked in advance.
 */
export function namedLocalGroups(mapping: GroupMapping): NamedGroupRule[] {
  return mapping.manual.rules.flatMap((rule, index) =>
    /\$\d/.test(rule.localGroup) || rule.localGroup.trim() === '' ? [] : [{ index, localGroup: rule.localGroup.trim() }],
  );
}

/**
 * Rules naming a local group that does not exist: a login would skip them every time. `existing`
 * holds group keys (see groupKey), as the directory compares names.
 */
export function findDanglingRules(mapping: GroupMapping, existing: ReadonlySet<string>): NamedGroupRule[] {
  return namedLocalGroups(mapping).filter((rule) => !existing.has(groupKey(rule.localGroup)));
}

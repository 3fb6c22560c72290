import { groupKey } from '../../group-mapping/index.js';

/**
 * Whether a group plan is final. A group the plan left aside because it does not exist yet may
 * be created by an administrator before the next login; such a plan is not settled, so the
 * login stores no group hash and the next login plans again instead of skipping. Blank names
 * and excluded groups can never become memberships, so they do not unsettle a plan.
 */
export function groupsSettled(
  skipped: readonly { readonly group: string }[],
  existingGroups: readonly string[],
  excludedGroups: readonly string[],
): boolean {
  if (skipped.length === 0) return true;
  const known = new Set(existingGroups.map(groupKey));
  const excluded = new Set(excludedGroups.map(groupKey));
  return skipped.every((s) => s.group.trim() === '' || known.has(groupKey(s.group)) || excluded.has(groupKey(s.group)));
}

import { readClaim, type Claims } from '../../../common/claims.js';
import { unusableTextReason } from '../../../common/usable-text.js';
import { groupKey } from './group-mapping.js';

/**
 * The user's groups at the provider. Providers send a list, a single name, or one string
 * joined with commas or semicolons (SAML bridges and custom attributes often do).
 */
export function readIdpGroups(claims: Claims, groupAttribute: string | null): string[] {
  if (groupAttribute === null || groupAttribute.trim() === '') return [];
  const value = readClaim(claims, groupAttribute);
  // List items are whole names: a distinguished name such as "CN=dev,OU=Groups" keeps its commas.
  const names = Array.isArray(value) ? value.flatMap(asName) : asName(value).flatMap((joined) => joined.split(/[,;]/));
  const seen = new Set<string>();
  return names
    .map((name) => name.trim())
    .filter((name) => {
      if (name === '') return false;
      const key = groupKey(name);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function asName(value: unknown): string[] {
  if (typeof value === 'number') return [String(value)];
  return typeof value === 'string' ? [value] : [];
}

/** The directory's check on group names (1–255 characters). */
export const MAX_GROUP_NAME_LENGTH = 255;

/**
 * Why the provider's group list cannot be used, or null. One unusable name refuses the whole
 * login rather than being skipped: a group left out silently could be the one that an allow-list
 * or a removal depends on, so the login would grant or keep what it should not.
 */
export function unusableGroupsReason(groups: readonly string[]): string | null {
  for (const [index, name] of groups.entries()) {
    const reason = unusableTextReason(name, MAX_GROUP_NAME_LENGTH);
    if (reason !== null) return `group ${index + 1} of ${groups.length}: ${reason}`;
  }
  return null;
}

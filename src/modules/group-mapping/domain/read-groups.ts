import { readClaim, type Claims } from '../../../common/claims.js';
import { unusableTextReason } from '../../../common/usable-text.js';
import { groupKey } from './group-mapping.js';

/**
 * The user's groups at the provider. Providers send a list, a single name, or one string
 * joined with commas or semicolons (SAML bridges and custom attributes often do).
 */
export function readIdpGroups(claims: Claims, groupAttribute: string | null): string[] {
  if (groupAttribute === null) return [];
  // A blank attribute reads as no claim.
  const value = readClaim(claims, groupAttribute);
  const names: string[] = [];
  const seen = new Set<string>();
  const take = (raw: string) => {
    const name = raw.trim();
    if (name === '') return;
    const key = groupKey(name);
    if (seen.has(key)) return;
    seen.add(key);
    names.push(name);
  };
  // List items are whole names: a distinguished name such as "CN=dev,OU=Groups" keeps its commas.
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const name = asName(item);
      if (name !== null) take(name);
    }
  } else {
    const joined = asName(value);
    if (joined !== null) for (const name of joined.split(/[,;]/)) take(name);
  }
  return names;
}

function asName(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value : null;
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

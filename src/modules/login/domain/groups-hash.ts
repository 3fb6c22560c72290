import { createHash } from 'node:crypto';

/**
 * Same provider groups (in any order or case) under the same mapping → the same hash → the
 * same memberships, so an unchanged login can skip the group sync. Any change to the mapping
 * changes the hash.
 */
export function groupsHash(idpGroups: readonly string[], mapping: unknown): string {
  const normalised = [...idpGroups].map((g) => g.toLowerCase()).sort();
  return createHash('sha256')
    .update(JSON.stringify([normalised, mapping]))
    .digest('base64url');
}

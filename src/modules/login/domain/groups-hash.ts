import { createHash } from 'node:crypto';

/**
 * The provider's group claim exactly as sent, under the same mapping → the same hash → the same
 * memberships, so an unchanged login skips the group sync without reading the claim's names
 * (1000 groups: normalising, checking and sorting them cost about as much as the rest of the
 * plan). A claim in another order or case is a different hash: that login plans again, which is
 * always correct, only slower. Any change to the mapping changes the hash.
 */
export function groupsHash(groupClaim: unknown, mapping: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([groupClaim ?? null, mapping]))
    .digest('base64url');
}

/**
 * The lock-out guard's "last admin": a write that leaves no enabled member of the admin groups
 * (sign-in setting `adminGroups.admin`) would leave nobody who can sign in to the console, so it
 * is refused. The guard compares the count before and after the write, inside one locked
 * transaction, so every kind of write (disabling, deleting, leaving a group, deleting or renaming
 * one, a SCIM request) is judged by what it actually does. A write that keeps an admin, or one
 * made while there was already none, is never refused; an empty `adminGroups.admin` means the
 * console is closed on purpose, so there is nothing to keep.
 */
export type AdminRemoval = 'disable' | 'delete' | 'remove-member' | 'delete-group' | 'rename-group' | 'scim';

export interface AdminRemovalFacts {
  /** The names in `adminGroups.admin`. */
  readonly adminGroups: readonly string[];
  /** Enabled members of those groups before the write. */
  readonly enabledAdminsBefore: number;
  /** Enabled members of those groups once the write is made (still uncommitted). */
  readonly enabledAdminsAfter: number;
}

const WHAT: Record<AdminRemoval, string> = {
  disable: 'Disabling this user',
  delete: 'Deleting this user',
  'remove-member': 'Removing this member from the group',
  'delete-group': 'Deleting this group',
  'rename-group': 'Renaming this group',
  scim: 'This SCIM request',
};

export function checkAdminRemoval(removal: AdminRemoval, facts: AdminRemovalFacts): { ok: true } | { ok: false; reason: string } {
  if (facts.adminGroups.length === 0 || facts.enabledAdminsBefore === 0 || facts.enabledAdminsAfter > 0) return { ok: true };
  return {
    ok: false,
    reason:
      `${WHAT[removal]} would leave no enabled member of adminGroups.admin (${facts.adminGroups.join(', ')}), so nobody ` +
      'could administer Sesame from the console; nothing was changed. Make another enabled user a member of one of these ' +
      'groups first, or empty adminGroups.admin to close the console on purpose (API tokens still work).',
  };
}

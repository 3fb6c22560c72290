/**
 * The lock-out guard's "last admin": disabling or deleting a user who is the only enabled
 * member of the admin groups (sign-in setting `adminGroups.admin`) would leave nobody who can
 * sign in to the console, so it is refused. Enabling, or removing anyone else, is never refused;
 * an empty `adminGroups.admin` means the console is closed on purpose, so there is nothing to keep.
 */
export type AdminRemoval = 'disable' | 'delete';

export interface AdminRemovalFacts {
  /** The names in `adminGroups.admin`. */
  readonly adminGroups: readonly string[];
  /** Whether the user is enabled and a member of one of them. */
  readonly userIsEnabledAdmin: boolean;
  /** Enabled members of those groups other than this user. */
  readonly otherEnabledAdmins: number;
}

export function checkAdminRemoval(removal: AdminRemoval, facts: AdminRemovalFacts): { ok: true } | { ok: false; reason: string } {
  if (facts.adminGroups.length === 0 || !facts.userIsEnabledAdmin || facts.otherEnabledAdmins > 0) return { ok: true };
  const verb = removal === 'delete' ? 'Deleting' : 'Disabling';
  return {
    ok: false,
    reason:
      `${verb} this user would leave no enabled member of adminGroups.admin (${facts.adminGroups.join(', ')}), so nobody ` +
      'could administer Sesame from the console. Make another enabled user a member of one of these groups first, or ' +
      'empty adminGroups.admin to close the console on purpose (API tokens still work).',
  };
}

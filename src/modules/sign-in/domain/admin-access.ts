/**
 * Who may use the admin console (and the admin API with the session cookie): members of the
 * groups named in the sign-in setting `adminGroups`. `admin` may change everything; `readOnly`
 * sees everything and changes nothing. A bearer token is still how automation calls the API.
 */
export interface AdminGroups {
  readonly admin: readonly string[];
  readonly readOnly: readonly string[];
}

export interface AdminSessionSettings {
  /** A console write needs a sign-in no older than this; older sessions may still read. */
  readonly reauthenticateAfterMinutes: number;
}

export type AdminRole = 'admin' | 'read';

export const ADMIN_LIMITS = { maxGroups: 50, maxReauthenticateAfterMinutes: 60 * 24 * 30 } as const;

/**
 * The role a signed-in person has in the console, from their (lower-cased) group names. Group
 * names compare trimmed and case-insensitively, as everywhere else in Sesame; admin wins over
 * read-only when someone is in both.
 */
export function adminRoleOf(groups: Pick<ReadonlySet<string>, 'has'>, adminGroups: AdminGroups): AdminRole | null {
  const hasAny = (names: readonly string[]) => names.some((name) => groups.has(name.trim().toLowerCase()));
  if (hasAny(adminGroups.admin)) return 'admin';
  if (hasAny(adminGroups.readOnly)) return 'read';
  return null;
}

/** A write by the console needs a recent sign-in: false once `reauthenticateAfterMinutes` have passed since it. */
export function isSignInRecentEnough(signedInAtMs: number, nowMs: number, settings: AdminSessionSettings): boolean {
  return nowMs - signedInAtMs <= settings.reauthenticateAfterMinutes * 60_000;
}

/**
 * The lock-out guard's "no admin left": a change of `adminGroups.admin` that leaves it naming
 * groups with no enabled member, when some enabled user could administer before, is refused.
 * An empty list is allowed: it is the explicit choice of "the console is closed, tokens only".
 */
export function checkAdminLeft(
  next: AdminGroups,
  facts: { readonly adminsBefore: number; readonly adminsAfter: number },
): { ok: true } | { ok: false; reason: string } {
  if (next.admin.length === 0 || facts.adminsAfter > 0 || facts.adminsBefore === 0) return { ok: true };
  return {
    ok: false,
    reason:
      `No enabled user is a member of adminGroups.admin (${next.admin.join(', ')}), so nobody could administer Sesame ` +
      'from the console after this change. Add an enabled user to one of these groups first, or leave adminGroups.admin ' +
      'empty to close the console on purpose (API tokens still work).',
  };
}

/** Field rules of the two settings; the names are checked like any other group names. */
export function validateAdminSettings(groups: AdminGroups, session: AdminSessionSettings): { field: string; reason: string }[] {
  const errors: { field: string; reason: string }[] = [];
  for (const [field, names] of [
    ['adminGroups.admin', groups.admin],
    ['adminGroups.readOnly', groups.readOnly],
  ] as const) {
    if (names.length > ADMIN_LIMITS.maxGroups) errors.push({ field, reason: `must list at most ${ADMIN_LIMITS.maxGroups} groups` });
    const blank = names.findIndex((name) => name.trim() === '' || name.length > 200);
    if (blank >= 0) errors.push({ field: `${field}[${blank}]`, reason: 'must be a group name of 1 to 200 characters' });
  }
  const minutes = session.reauthenticateAfterMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > ADMIN_LIMITS.maxReauthenticateAfterMinutes) {
    errors.push({
      field: 'adminSession.reauthenticateAfterMinutes',
      reason: `must be a whole number from 1 to ${ADMIN_LIMITS.maxReauthenticateAfterMinutes}`,
    });
  }
  return errors;
}

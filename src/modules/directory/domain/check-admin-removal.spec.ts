import { describe, expect, it } from '@jest/globals';
import { checkAdminRemoval, type AdminRemoval, type AdminRemovalFacts } from './check-admin-removal.js';

const facts = (over: Partial<AdminRemovalFacts>): AdminRemovalFacts => ({
  adminGroups: ['admins'],
  userIsEnabledAdmin: true,
  otherEnabledAdmins: 0,
  ...over,
});

describe('checkAdminRemoval', () => {
  it.each<[string, AdminRemoval, Partial<AdminRemovalFacts>, boolean]>([
    ['the last enabled admin disabled', 'disable', {}, false],
    ['the last enabled admin deleted', 'delete', {}, false],
    ['an admin disabled while another stays', 'disable', { otherEnabledAdmins: 1 }, true],
    ['an admin deleted while two stay', 'delete', { otherEnabledAdmins: 2 }, true],
    ['a user who is not an admin', 'delete', { userIsEnabledAdmin: false }, true],
    ['any user while the console is closed (no admin groups)', 'disable', { adminGroups: [] }, true],
  ])('%s: allowed = %s', (_name, removal, over, allowed) => {
    expect(checkAdminRemoval(removal, facts(over)).ok).toBe(allowed);
  });

  it('names the removal and the admin groups in its reason', () => {
    const decision = checkAdminRemoval('delete', facts({ adminGroups: ['admins', 'ops'] }));
    expect(decision).toEqual({
      ok: false,
      reason:
        'Deleting this user would leave no enabled member of adminGroups.admin (admins, ops), so nobody could administer ' +
        'Sesame from the console. Make another enabled user a member of one of these groups first, or empty ' +
        'adminGroups.admin to close the console on purpose (API tokens still work).',
    });
    expect(checkAdminRemoval('disable', facts({}))).toMatchObject({ reason: expect.stringMatching(/^Disabling this user/) });
  });
});

import { describe, expect, it } from '@jest/globals';
import { checkAdminRemoval, type AdminRemoval, type AdminRemovalFacts } from './check-admin-removal.js';

const facts = (over: Partial<AdminRemovalFacts>): AdminRemovalFacts => ({
  adminGroups: ['admins'],
  enabledAdminsBefore: 1,
  enabledAdminsAfter: 0,
  ...over,
});

describe('checkAdminRemoval', () => {
  it.each<[string, AdminRemoval, Partial<AdminRemovalFacts>, boolean]>([
    ['the last enabled admin disabled', 'disable', {}, false],
    ['the last enabled admin deleted', 'delete', {}, false],
    ['the last admin taken out of the group', 'remove-member', {}, false],
    ['the only admin group deleted', 'delete-group', { enabledAdminsBefore: 3 }, false],
    ['the only admin group renamed', 'rename-group', { enabledAdminsBefore: 2 }, false],
    ['a SCIM request switching the last admin off', 'scim', {}, false],
    ['an admin disabled while another stays', 'disable', { enabledAdminsBefore: 2, enabledAdminsAfter: 1 }, true],
    ['an admin deleted while two stay', 'delete', { enabledAdminsBefore: 3, enabledAdminsAfter: 2 }, true],
    ['a user who is not an admin', 'delete', { enabledAdminsAfter: 1 }, true],
    ['a write while there was already no admin', 'delete-group', { enabledAdminsBefore: 0 }, true],
    ['any write while the console is closed (no admin groups)', 'disable', { adminGroups: [] }, true],
  ])('%s: allowed = %s', (_name, removal, over, allowed) => {
    expect(checkAdminRemoval(removal, facts(over)).ok).toBe(allowed);
  });

  it('names the write and the admin groups in its reason', () => {
    const decision = checkAdminRemoval('delete', facts({ adminGroups: ['admins', 'ops'] }));
    expect(decision).toEqual({
      ok: false,
      reason:
        'Deleting this user would leave no enabled member of adminGroups.admin (admins, ops), so nobody could administer ' +
        'Sesame from the console; nothing was changed. Make another enabled user a member of one of these groups first, or empty ' +
        'adminGroups.admin to close the console on purpose (API tokens still work).',
    });
    expect(checkAdminRemoval('disable', facts({}))).toMatchObject({ reason: expect.stringMatching(/^Disabling this user/) });
    expect(checkAdminRemoval('rename-group', facts({}))).toMatchObject({ reason: expect.stringMatching(/^Renaming this group/) });
  });
});

import { describe, expect, it } from '@jest/globals';
import { adminRoleOf, checkAdminLeft, isSignInRecentEnough, validateAdminSettings } from './admin-access.js';

const groups = { admin: ['Admins'], readOnly: ['auditors', ' Helpdesk '] };

describe('adminRoleOf', () => {
  it.each([
    [['admins'], 'admin'],
    [['auditors'], 'read'],
    [['helpdesk'], 'read'],
    [['auditors', 'admins'], 'admin'],
    [['developers'], null],
    [[], null],
  ] as const)('groups %j → %s', (names, role) => {
    expect(adminRoleOf(new Set(names), groups)).toBe(role);
  });

  it('no admin groups configured: nobody', () => {
    expect(adminRoleOf(new Set(['admins']), { admin: [], readOnly: [] })).toBeNull();
  });
});

describe('isSignInRecentEnough', () => {
  const minute = 60_000;
  it.each([
    [0, true],
    [59 * minute, true],
    [60 * minute, true],
    [60 * minute + 1, false],
  ])('signed in %d ms ago, limit 60 min → %s', (ago, ok) => {
    expect(isSignInRecentEnough(1_000_000_000 - ago, 1_000_000_000, { reauthenticateAfterMinutes: 60 })).toBe(ok);
  });
});

describe('checkAdminLeft', () => {
  it.each([
    [{ admin: ['admins'], readOnly: [] }, 1, 0, false],
    [{ admin: ['admins'], readOnly: [] }, 1, 1, true],
    [{ admin: ['admins'], readOnly: [] }, 0, 0, true],
    [{ admin: [], readOnly: [] }, 3, 0, true],
  ])('%j before %d after %d → ok %s', (next, adminsBefore, adminsAfter, ok) => {
    const decision = checkAdminLeft(next, { adminsBefore, adminsAfter });
    expect(decision.ok).toBe(ok);
    if (!decision.ok) expect(decision.reason).toMatch(/No enabled user is a member of adminGroups.admin \(admins\)/);
  });

  it('names every admin group and says how to close the console on purpose', () => {
    expect(checkAdminLeft({ admin: ['admins', 'ops'], readOnly: [] }, { adminsBefore: 2, adminsAfter: 0 })).toEqual({
      ok: false,
      reason:
        'No enabled user is a member of adminGroups.admin (admins, ops), so nobody could administer Sesame from the console after ' +
        'this change. Add an enabled user to one of these groups first, or leave adminGroups.admin empty to close the console on ' +
        'purpose (API tokens still work).',
    });
  });
});

describe('validateAdminSettings', () => {
  const name = 'must be a group name of 1 to 200 characters';
  const minutesRule = 'must be a whole number from 1 to 43200';
  const fifty = Array.from({ length: 50 }, (_, i) => `g${i}`);
  it.each<[{ admin: string[]; readOnly: string[] }, number, string[]]>([
    [{ admin: ['admins'], readOnly: [] }, 60, []],
    [{ admin: fifty, readOnly: ['x'.repeat(200)] }, 1, []],
    [{ admin: [], readOnly: [] }, 60 * 24 * 30, []],
    [{ admin: [' '], readOnly: [] }, 60, [`adminGroups.admin[0]: ${name}`]],
    [{ admin: ['ok', ''], readOnly: [] }, 60, [`adminGroups.admin[1]: ${name}`]],
    [{ admin: [], readOnly: ['x'.repeat(201)] }, 60, [`adminGroups.readOnly[0]: ${name}`]],
    [{ admin: [...fifty, 'g50'], readOnly: [] }, 60, ['adminGroups.admin: must list at most 50 groups']],
    [{ admin: [], readOnly: [...fifty, 'g50'] }, 60, ['adminGroups.readOnly: must list at most 50 groups']],
    [{ admin: [], readOnly: [] }, 0, [`adminSession.reauthenticateAfterMinutes: ${minutesRule}`]],
    [{ admin: [], readOnly: [] }, 1.5, [`adminSession.reauthenticateAfterMinutes: ${minutesRule}`]],
    [{ admin: [], readOnly: [] }, 60 * 24 * 30 + 1, [`adminSession.reauthenticateAfterMinutes: ${minutesRule}`]],
  ])('%j, %d minutes → errors %j', (adminGroups, minutes, errors) => {
    expect(validateAdminSettings(adminGroups, { reauthenticateAfterMinutes: minutes }).map((e) => `${e.field}: ${e.reason}`)).toEqual(
      errors,
    );
  });
});

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
});

describe('validateAdminSettings', () => {
  it.each([
    [{ admin: ['admins'], readOnly: [] }, 60, []],
    [{ admin: [' '], readOnly: [] }, 60, ['adminGroups.admin[0]']],
    [{ admin: [], readOnly: ['x'.repeat(201)] }, 60, ['adminGroups.readOnly[0]']],
    [{ admin: Array.from({ length: 51 }, (_, i) => `g${i}`), readOnly: [] }, 60, ['adminGroups.admin']],
    [{ admin: [], readOnly: [] }, 0, ['adminSession.reauthenticateAfterMinutes']],
    [{ admin: [], readOnly: [] }, 1.5, ['adminSession.reauthenticateAfterMinutes']],
    [{ admin: [], readOnly: [] }, 60 * 24 * 30 + 1, ['adminSession.reauthenticateAfterMinutes']],
  ])('%j, %d minutes → errors on %j', (adminGroups, minutes, fields) => {
    const errors = validateAdminSettings(adminGroups, { reauthenticateAfterMinutes: minutes });
    expect(errors.map((e) => e.field)).toEqual(fields);
    for (const error of errors) expect(error.reason).toMatch(/must/);
  });
});

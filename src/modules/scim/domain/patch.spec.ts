import { describe, expect, it } from '@jest/globals';
import { readPatchRequest, type PatchOperation } from './patch-request.js';
import { patchUser } from './patch-user.js';
import { planGroupPatch } from './patch-group.js';
import { readUserDocument, userClaims, userJson } from './scim-user.js';

const SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ops = (...operations: unknown[]): readonly PatchOperation[] => {
  const read = readPatchRequest({ schemas: [SCHEMA], Operations: operations });
  if (!read.ok) throw new Error(read.problem.detail);
  return read.value;
};

const stored = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'ann@example.com',
  externalId: 'e-1',
  active: true,
  name: { givenName: 'Ann', familyName: 'Lee' },
  emails: [{ value: 'ann@example.com', type: 'work', primary: true }],
};

describe('patchUser', () => {
  it.each<[string, unknown[], Record<string, unknown>]>([
    ['Entra: active as the string "False"', [{ op: 'Replace', path: 'active', value: 'False' }], { active: 'False' }],
    ['no-path replace', [{ op: 'replace', value: { active: false, displayName: 'A' } }], { active: false, displayName: 'A' }],
    [
      'no-path replace with a dotted key',
      [{ op: 'replace', value: { 'name.familyName': 'Kim' } }],
      { name: { givenName: 'Ann', familyName: 'Kim' } },
    ],
    ['sub-attribute', [{ op: 'replace', path: 'name.givenName', value: 'Anna' }], { name: { givenName: 'Anna', familyName: 'Lee' } }],
    ['remove a sub-attribute', [{ op: 'remove', path: 'name.familyName' }], { name: { givenName: 'Ann' } }],
    [
      'filtered sub-attribute',
      [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }],
      { emails: [{ value: 'new@example.com', type: 'work', primary: true }] },
    ],
    [
      'filtered sub-attribute without a match adds the element',
      [{ op: 'add', path: 'emails[type eq "home"].value', value: 'home@example.com' }],
      { emails: [stored.emails[0], { type: 'home', value: 'home@example.com' }] },
    ],
    [
      'add to a list',
      [{ op: 'add', path: 'emails', value: [{ value: 'b@example.com' }] }],
      { emails: [stored.emails[0], { value: 'b@example.com' }] },
    ],
    ['remove by filter', [{ op: 'remove', path: 'emails[type eq "work"]' }], { emails: [] }],
    ['remove with a value list', [{ op: 'remove', path: 'emails', value: [{ value: 'ANN@example.com' }] }], { emails: [] }],
    [
      'the core schema URN prefix',
      [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:userName', value: 'x' }],
      { userName: 'x' },
    ],
    ['an attribute Sesame does not keep changes nothing', [{ op: 'add', path: 'title', value: 'Boss' }], {}],
    [
      'an extension attribute changes nothing',
      [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'X' }],
      {},
    ],
    ['remove externalId', [{ op: 'remove', path: 'externalId' }], { externalId: undefined }],
  ])('%s', (_name, operations, changed) => {
    const result = patchUser(stored, ops(...operations));
    expect(result).toEqual({ ok: true, value: JSON.parse(JSON.stringify({ ...stored, ...changed })) });
  });

  it.each([
    ['remove userName', [{ op: 'remove', path: 'userName' }], 'mutability'],
    ['a filter on a single-valued attribute', [{ op: 'replace', path: 'active[value eq "x"]', value: true }], 'invalidPath'],
    [
      'replace a filter without a match that names no equality',
      [{ op: 'replace', path: 'emails[value sw "z"]', value: { primary: true } }],
      'noTarget',
    ],
    ['list elements that are not objects', [{ op: 'add', path: 'emails', value: 'x@example.com' }], 'invalidValue'],
    ['name as a string', [{ op: 'replace', path: 'name', value: 'Ann' }], 'invalidValue'],
  ])('refuses %s', (_name, operations, scimType) => {
    const result = patchUser(stored, ops(...operations));
    expect(result.ok ? null : result.problem.scimType).toBe(scimType);
  });
});

describe('readPatchRequest', () => {
  it.each([
    [{}, 'invalidSyntax'],
    [{ schemas: [SCHEMA] }, 'invalidSyntax'],
    [{ schemas: [SCHEMA], Operations: [] }, 'invalidSyntax'],
    [{ schemas: ['x'], Operations: [{ op: 'add', value: {} }] }, 'invalidSyntax'],
    [{ schemas: [SCHEMA], Operations: [{ op: 'copy' }] }, 'invalidSyntax'],
    [{ schemas: [SCHEMA], Operations: [{ op: 'remove' }] }, 'noTarget'],
    [{ schemas: [SCHEMA], Operations: [{ op: 'add', path: 'active' }] }, 'invalidValue'],
    [{ schemas: [SCHEMA], Operations: [{ op: 'add', value: 1 }] }, 'invalidValue'],
    [{ schemas: [SCHEMA], Operations: [{ op: 'add', path: 'a b', value: 1 }] }, 'invalidPath'],
    [{ schemas: [SCHEMA], Operations: [{ op: 'add', path: 'emails[type eq]', value: 1 }] }, 'invalidPath'],
    [{ schemas: [SCHEMA], Operations: Array.from({ length: 1001 }, () => ({ op: 'remove', path: 'x' })) }, 'tooMany'],
  ])('refuses %j', (body, scimType) => {
    const read = readPatchRequest(body);
    expect(read.ok ? null : read.problem.scimType).toBe(scimType);
  });
});

describe('planGroupPatch', () => {
  const A = '11111111-1111-4111-8111-111111111111';
  const B = '22222222-2222-4222-8222-222222222222';
  it.each<[string, unknown[], Record<string, unknown>]>([
    ['add members', [{ op: 'Add', path: 'members', value: [{ value: A }, { value: B }] }], { addMembers: [A, B] }],
    ['Entra: remove with a value list', [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: A }] }], { removeMembers: [A] }],
    ['Okta: remove by members[value eq]', [{ op: 'remove', path: `members[value eq "${A}"]` }], { removeMembers: [A] }],
    ['remove by an or of ids', [{ op: 'remove', path: `members[value eq "${A}" or value eq "${B}"]` }], { removeMembers: [A, B] }],
    ['remove every member', [{ op: 'remove', path: 'members' }], { clearMembers: true }],
    ['replace members', [{ op: 'replace', path: 'members', value: [{ value: B }] }], { clearMembers: true, addMembers: [B] }],
    [
      'add then remove the same member',
      [
        { op: 'add', path: 'members', value: [{ value: A }] },
        { op: 'remove', path: `members[value eq "${A}"]` },
      ],
      { removeMembers: [A] },
    ],
    ['Okta: value-only rename with the id', [{ op: 'replace', value: { id: 'g', displayName: 'New' } }], { displayName: 'New' }],
    ['rename by path', [{ op: 'Replace', path: 'displayName', value: ' Ops ' }], { displayName: 'Ops' }],
    ['remove externalId', [{ op: 'remove', path: 'externalId' }], { externalId: null }],
  ])('%s', (_name, operations, expected) => {
    expect(planGroupPatch(ops(...operations))).toEqual({
      ok: true,
      value: { clearMembers: false, addMembers: [], removeMembers: [], ...expected },
    });
  });

  it.each([
    ['an unknown attribute', [{ op: 'replace', path: 'owner', value: 'x' }], 'invalidPath'],
    ['a members filter on another attribute', [{ op: 'remove', path: 'members[type eq "User"]' }], 'invalidFilter'],
    ['a member without value', [{ op: 'add', path: 'members', value: [{ display: 'x' }] }], 'invalidValue'],
    ['an empty displayName', [{ op: 'replace', path: 'displayName', value: '' }], 'invalidValue'],
    ['removing displayName', [{ op: 'remove', path: 'displayName' }], 'mutability'],
    ['an add with a filter', [{ op: 'add', path: `members[value eq "${A}"]`, value: [{ value: A }] }], 'invalidPath'],
  ])('refuses %s', (_name, operations, scimType) => {
    const result = planGroupPatch(ops(...operations));
    expect(result.ok ? null : result.problem.scimType).toBe(scimType);
  });
});

describe('readUserDocument and userClaims', () => {
  it('reads a User, lower-cases addresses and gives the mapping OIDC claim names', () => {
    const read = readUserDocument({
      ...stored,
      emails: [{ value: 'Ann@Example.com', type: 'work', primary: 'True' }],
      displayName: 'Ann L',
    });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.emails).toEqual([{ value: 'ann@example.com', type: 'work', primary: true }]);
    expect(userClaims(read.value)).toMatchObject({
      sub: 'e-1',
      preferred_username: 'ann@example.com',
      email: 'ann@example.com',
      email_verified: true,
      given_name: 'Ann',
      family_name: 'Lee',
      name: 'Ann L',
    });
    expect(readUserDocument(userJson(read.value))).toEqual(read);
  });

  it.each([
    [null, 'invalidSyntax'],
    [{ userName: '' }, 'invalidValue'],
    [{ userName: 'a', active: 'yes' }, 'invalidValue'],
    [{ userName: 'a', emails: [{ value: 'no-at' }] }, 'invalidValue'],
    [{ userName: 'a', emails: Array.from({ length: 21 }, (_, i) => ({ value: `a${i}@b.c` })) }, 'invalidValue'],
    [{ userName: 'a\u0001' }, 'invalidValue'],
    [{ userName: 'a', schemas: 'x' }, 'invalidValue'],
  ])('refuses %j', (body, scimType) => {
    const read = readUserDocument(body);
    expect(read.ok ? null : read.problem.scimType).toBe(scimType);
  });
});

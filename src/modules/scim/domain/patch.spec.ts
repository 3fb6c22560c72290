import { describe, expect, it } from '@jest/globals';
import { readPatchRequest, type PatchOperation } from './patch-request.js';
import { patchUser } from './patch-user.js';
import { planGroupPatch } from './patch-group.js';
import { primaryEmail, readUserDocument, userClaims, userJson, type ScimUserDocument } from './scim-user.js';

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
    [
      'remove a sub-attribute of the filtered elements',
      [{ op: 'remove', path: 'emails[type eq "work"].primary' }],
      { emails: [{ value: 'ann@example.com', type: 'work' }] },
    ],
    [
      'a filtered element without a match, from an and of equalities',
      [{ op: 'add', path: 'emails[type eq "home" and primary eq false].value', value: 'h@example.com' }],
      { emails: [stored.emails[0], { type: 'home', primary: false, value: 'h@example.com' }] },
    ],
    [
      'a filtered element without a match, from a value that is not an object',
      [{ op: 'add', path: 'emails[type eq "home"]', value: 'h@example.com' }],
      { emails: [stored.emails[0], { type: 'home' }] },
    ],
    ['remove with a list of plain addresses', [{ op: 'remove', path: 'emails', value: ['ANN@example.com'] }], { emails: [] }],
    ['remove the whole name', [{ op: 'remove', path: 'name' }], { name: {} }],
  ])('%s', (_name, operations, changed) => {
    const result = patchUser(stored, ops(...operations));
    expect(result).toEqual({ ok: true, value: JSON.parse(JSON.stringify({ ...stored, ...changed })) });
  });

  it.each<[string, Record<string, unknown>, unknown[]]>([
    ['adds to a list the user does not have', { userName: 'a' }, [{ op: 'add', path: 'emails', value: [{ value: 'b@example.com' }] }]],
    [
      'leaves elements that are not objects alone',
      { userName: 'a', emails: ['x'] },
      [{ op: 'replace', path: 'emails.type', value: 'work' }],
    ],
  ])('%s', (_name, document, operations) => {
    const result = patchUser(document, ops(...operations));
    expect(result).toEqual({ ok: true, value: { ...document, emails: document.emails ?? [{ value: 'b@example.com' }] } });
  });

  const home = { value: 'b@example.com', type: 'home', primary: false };
  const two = { ...stored, emails: [stored.emails[0], home] };
  it.each<[string, unknown[], Record<string, unknown>]>([
    ['remove by filter keeps the others', [{ op: 'remove', path: 'emails[type eq "work"]' }], { emails: [home] }],
    [
      'remove with a value list keeps the others',
      [{ op: 'remove', path: 'emails', value: [{ value: 'ANN@example.com' }] }],
      { emails: [home] },
    ],
    ['remove without a value list removes every element', [{ op: 'remove', path: 'emails' }], { emails: [] }],
    [
      'remove by filter and value list: only elements both name',
      [{ op: 'remove', path: 'emails[type eq "home"]', value: [{ value: 'ann@example.com' }] }],
      { emails: [stored.emails[0], home] },
    ],
    [
      'remove a sub-attribute of the filtered elements only',
      [{ op: 'remove', path: 'emails[type eq "work"].primary' }],
      { emails: [{ value: 'ann@example.com', type: 'work' }, home] },
    ],
    [
      'replace a list with another',
      [{ op: 'replace', path: 'emails', value: [{ value: 'c@example.com' }] }],
      { emails: [{ value: 'c@example.com' }] },
    ],
    [
      'add an element with the value of one the user has: it replaces it',
      [{ op: 'add', path: 'emails', value: { value: 'B@example.com', type: 'other' } }],
      { emails: [stored.emails[0], { value: 'B@example.com', type: 'other' }] },
    ],
    [
      'replace the filtered elements with an object: merged into them',
      [{ op: 'replace', path: 'emails[type eq "home"]', value: { primary: true } }],
      { emails: [stored.emails[0], { ...home, primary: true }] },
    ],
    [
      'remove with one value that is not a list',
      [{ op: 'remove', path: 'emails', value: { value: 'ann@example.com' } }],
      { emails: [home] },
    ],
    ['remove with a null value list removes every element', [{ op: 'remove', path: 'emails', value: null }], { emails: [] }],
    [
      'add two elements, one with the value of an address the user has',
      [{ op: 'add', path: 'emails', value: [{ value: 'b@example.com' }, { value: 'c@example.com' }] }],
      { emails: [stored.emails[0], { value: 'b@example.com' }, { value: 'c@example.com' }] },
    ],
    [
      'replace the filtered elements with a value that is not an object: nothing changes',
      [{ op: 'replace', path: 'emails[type eq "home"]', value: 'x' }],
      {},
    ],
  ])('on two addresses: %s', (_name, operations, changed) => {
    expect(patchUser(two, ops(...operations))).toStrictEqual({ ok: true, value: { ...two, ...changed } });
  });

  it.each<[string, unknown[], Record<string, unknown>]>([
    [
      'replace name with an object: its known parts, merged',
      [{ op: 'replace', path: 'name', value: { givenName: 'Bo', nickname: 'B' } }],
      { name: { givenName: 'Bo', familyName: 'Lee' } },
    ],
    ['remove a name part: the key is gone', [{ op: 'remove', path: 'name.familyName' }], { name: { givenName: 'Ann' } }],
    [
      'no-path replace with an extension object: nothing of it kept',
      [{ op: 'replace', value: { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'X' }, active: false } }],
      { active: false },
    ],
  ])('%s (no keys left over)', (_name, operations, changed) => {
    expect(patchUser(stored, ops(...operations))).toStrictEqual({ ok: true, value: { ...stored, ...changed } });
  });

  const noTarget = "Operations[0]: no element of emails matches the path's filter";
  it.each<[string, Record<string, unknown>, unknown[], string, string]>([
    [
      'remove userName',
      stored,
      [{ op: 'remove', path: 'userName' }],
      'mutability',
      'Operations[0]: userName is required and cannot be removed',
    ],
    [
      'a filter on a single-valued attribute',
      stored,
      [{ op: 'replace', path: 'active[value eq "x"]', value: true }],
      'invalidPath',
      'Operations[0]: active has no sub-attributes',
    ],
    [
      'replace a filter without a match that names no equality',
      stored,
      [{ op: 'replace', path: 'emails[value sw "z"]', value: { primary: true } }],
      'noTarget',
      noTarget,
    ],
    [
      'a filter without a match that is not only equalities',
      stored,
      [{ op: 'add', path: 'emails[value sw "z" and type eq "home"].value', value: 'h@example.com' }],
      'noTarget',
      noTarget,
    ],
    [
      'a sub-attribute of a list the user does not have',
      { userName: 'a' },
      [{ op: 'replace', path: 'emails.type', value: 'work' }],
      'noTarget',
      noTarget,
    ],
    [
      'list elements that are not objects',
      stored,
      [{ op: 'add', path: 'emails', value: 'x@example.com' }],
      'invalidValue',
      'Operations[0]: emails takes objects with a value',
    ],
    ['name as a string', stored, [{ op: 'replace', path: 'name', value: 'Ann' }], 'invalidValue', 'Operations[0]: name must be an object'],
    [
      'name as a string without a path',
      stored,
      [{ op: 'replace', value: { name: 'Ann' } }],
      'invalidValue',
      'Operations[0]: name must be an object',
    ],
    [
      'a sub-attribute of a single-valued attribute',
      stored,
      [{ op: 'replace', path: 'active.value', value: true }],
      'invalidPath',
      'Operations[0]: active has no sub-attributes',
    ],
    [
      'a list with an element that is not an object',
      stored,
      [{ op: 'add', path: 'emails', value: [{ value: 'x@example.com' }, 'y@example.com'] }],
      'invalidValue',
      'Operations[0]: emails takes objects with a value',
    ],
    [
      'a filter on name',
      stored,
      [{ op: 'replace', path: 'name[givenName eq "Ann"]', value: {} }],
      'invalidPath',
      'Operations[0]: name is not multi-valued',
    ],
    [
      'the second operation, naming it',
      stored,
      [
        { op: 'add', path: 'title', value: 'Boss' },
        { op: 'remove', path: 'userName' },
      ],
      'mutability',
      'Operations[1]: userName is required and cannot be removed',
    ],
  ])('refuses %s', (_name, document, operations, scimType, detail) => {
    expect(patchUser(document, ops(...operations))).toEqual({ ok: false, problem: { status: 400, scimType, detail } });
  });
});

describe('readPatchRequest', () => {
  const operations = (...list: unknown[]) => ({ schemas: [SCHEMA], Operations: list });
  it.each<[unknown, string, string]>([
    ['x', 'invalidSyntax', 'The request body must be a JSON object (a PatchOp)'],
    [{}, 'invalidSyntax', `schemas must list ${SCHEMA}`],
    [{ schemas: [SCHEMA] }, 'invalidSyntax', 'Operations must be a non-empty array'],
    [operations(), 'invalidSyntax', 'Operations must be a non-empty array'],
    [{ schemas: ['x'], Operations: [{ op: 'add', value: {} }] }, 'invalidSyntax', `schemas must list ${SCHEMA}`],
    [operations('x'), 'invalidSyntax', 'Operations[0] must be an object'],
    [operations({ op: 'copy' }), 'invalidSyntax', 'Operations[0].op must be add, replace or remove'],
    [operations({ op: 1 }), 'invalidSyntax', 'Operations[0].op must be add, replace or remove'],
    [operations({ op: 'remove' }), 'noTarget', 'Operations[0]: remove needs a path'],
    [operations({ op: 'add', path: 'active' }), 'invalidValue', 'Operations[0]: add needs a value'],
    [operations({ op: 'add', value: 1 }), 'invalidValue', 'Operations[0]: add without a path needs an object value'],
    [operations({ op: 'add', path: 5, value: 1 }), 'invalidPath', 'Operations[0].path must be a string'],
    [operations({ op: 'add', path: 'a b', value: 1 }), 'invalidPath', 'Operations[0].path "a b" is not an attribute path'],
    [
      operations({ op: 'add', path: 'emails[type eq]', value: 1 }),
      'invalidPath',
      'Operations[0].path has a filter that ends where a value after the operator belongs',
    ],
    [
      operations(...Array.from({ length: 1001 }, () => ({ op: 'remove', path: 'x' }))),
      'tooMany',
      'Operations may hold at most 1000 operations',
    ],
    [
      operations({ op: 'add', path: 'a'.repeat(100) + ' b', value: 1 }),
      'invalidPath',
      `Operations[0].path "${'a'.repeat(80)}" is not an attribute path`,
    ],
  ])('refuses %j', (body, scimType, detail) => {
    expect(readPatchRequest(body)).toEqual({ ok: false, problem: { status: 400, scimType, detail } });
  });

  it.each<[string, unknown, PatchOperation[]]>([
    [
      'schemas listing others too, and not only strings',
      { schemas: [5, 'urn:x', SCHEMA.toUpperCase()], Operations: [{ op: 'add', path: 'title', value: 'x' }] },
      [{ op: 'add', path: { attribute: 'title', filter: null, subAttribute: null }, value: 'x' }],
    ],
    [
      'an empty or null path: the value names the attributes',
      operations({ op: 'replace', path: '', value: { active: false } }, { op: 'add', path: null, value: { title: 'x' } }),
      [
        { op: 'replace', path: null, value: { active: false } },
        { op: 'add', path: null, value: { title: 'x' } },
      ],
    ],
    [
      'a path with spaces around it',
      operations({ op: 'remove', path: ' title ' }),
      [{ op: 'remove', path: { attribute: 'title', filter: null, subAttribute: null }, value: undefined }],
    ],
  ])('reads %s', (_name, body, expected) => {
    expect(readPatchRequest(body)).toEqual({ ok: true, value: expected });
  });

  it('reads 1000 operations, the most it takes', () => {
    const read = readPatchRequest(operations(...Array.from({ length: 1000 }, () => ({ op: 'remove', path: 'title' }))));
    expect(read.ok && read.value.length).toBe(1000);
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
    [
      'value-only replace of two attributes',
      [{ op: 'replace', value: { displayName: 'New', externalId: 'x-1' } }],
      { displayName: 'New', externalId: 'x-1' },
    ],
    ['add one member given as an object, not a list', [{ op: 'add', path: 'members', value: { value: A } }], { addMembers: [A] }],
    ['remove members with a null value list: every member', [{ op: 'remove', path: 'members', value: null }], { clearMembers: true }],
    ['remove externalId', [{ op: 'remove', path: 'externalId' }], { externalId: null }],
    [
      'remove then add the same member',
      [
        { op: 'remove', path: `members[value eq "${A}"]` },
        { op: 'add', path: 'members', value: [{ value: A }] },
      ],
      { addMembers: [A] },
    ],
    [
      'remove two, then add one of them back',
      [
        { op: 'remove', path: 'members', value: [{ value: A }, { value: B }] },
        { op: 'add', path: 'members', value: [{ value: A }] },
      ],
      { addMembers: [A], removeMembers: [B] },
    ],
    [
      'add two, then remove one of them',
      [
        { op: 'add', path: 'members', value: [{ value: A }, { value: B }] },
        { op: 'remove', path: `members[value eq "${A}"]` },
      ],
      { addMembers: [B], removeMembers: [A] },
    ],
    [
      'value-only replace: the id and schemas in any case are skipped',
      [{ op: 'replace', value: { ID: 'g', Schemas: ['x'], schemas: ['y'], displayName: 'New' } }],
      { displayName: 'New' },
    ],
    ['a displayName of 255 characters', [{ op: 'replace', path: 'displayName', value: 'x'.repeat(255) }], { displayName: 'x'.repeat(255) }],
  ])('%s', (_name, operations, expected) => {
    expect(planGroupPatch(ops(...operations))).toEqual({
      ok: true,
      value: { clearMembers: false, addMembers: [], removeMembers: [], ...expected },
    });
  });

  it.each<[string, unknown[], string, string]>([
    [
      'an unknown attribute',
      [{ op: 'replace', path: 'owner', value: 'x' }],
      'invalidPath',
      'Groups have no attribute "owner" that can be changed',
    ],
    [
      'a members filter on another attribute',
      [{ op: 'remove', path: 'members[type eq "User"]' }],
      'invalidFilter',
      'a members filter must be value eq "…" (or several joined by or)',
    ],
    [
      'a member without value',
      [{ op: 'add', path: 'members', value: [{ display: 'x' }] }],
      'invalidValue',
      'members must be objects with a "value" naming a User id',
    ],
    [
      'an empty displayName',
      [{ op: 'replace', path: 'displayName', value: '' }],
      'invalidValue',
      'displayName must be a non-empty string of at most 255 characters without control characters',
    ],
    ['removing displayName', [{ op: 'remove', path: 'displayName' }], 'mutability', 'displayName is required and cannot be removed'],
    [
      'an add with a filter',
      [{ op: 'add', path: `members[value eq "${A}"]`, value: [{ value: A }] }],
      'invalidPath',
      'add of members takes no filter',
    ],
    [
      'a sub-attribute of displayName',
      [{ op: 'replace', path: 'displayName.x', value: 'a' }],
      'invalidPath',
      'displayName has no sub-attributes',
    ],
    [
      'a filter on externalId',
      [{ op: 'replace', path: 'externalId[value eq "a"]', value: 'a' }],
      'invalidPath',
      'externalId has no sub-attributes',
    ],
    [
      'a sub-attribute of members',
      [{ op: 'replace', path: 'members.value', value: 'a' }],
      'invalidPath',
      'members has no sub-attribute that can be changed',
    ],
    [
      'a value-only replace with an empty displayName',
      [{ op: 'replace', value: { displayName: '' } }],
      'invalidValue',
      'displayName must be a non-empty string of at most 255 characters without control characters',
    ],
    [
      'a displayName of spaces',
      [{ op: 'replace', path: 'displayName', value: '   ' }],
      'invalidValue',
      'displayName must be a non-empty string of at most 255 characters without control characters',
    ],
    [
      'a displayName of 256 characters',
      [{ op: 'replace', path: 'displayName', value: 'x'.repeat(256) }],
      'invalidValue',
      'displayName must be a non-empty string of at most 255 characters without control characters',
    ],
    [
      'a displayName with a control character',
      [{ op: 'replace', path: 'displayName', value: 'a\u0007b' }],
      'invalidValue',
      'displayName must be a non-empty string of at most 255 characters without control characters',
    ],
    [
      'a displayName that is not a string',
      [{ op: 'replace', path: 'displayName', value: 5 }],
      'invalidValue',
      'displayName must be a non-empty string of at most 255 characters without control characters',
    ],
    [
      'a member with an empty value',
      [{ op: 'add', path: 'members', value: [{ value: '' }] }],
      'invalidValue',
      'members must be objects with a "value" naming a User id',
    ],
    [
      'a members filter with ne',
      [{ op: 'remove', path: `members[value ne "${A}"]` }],
      'invalidFilter',
      'a members filter must be value eq "…" (or several joined by or)',
    ],
    [
      'a members filter on a number',
      [{ op: 'remove', path: 'members[value eq 5]' }],
      'invalidFilter',
      'a members filter must be value eq "…" (or several joined by or)',
    ],
    [
      'a members filter joined by and',
      [{ op: 'remove', path: `members[value eq "${A}" and value eq "${B}"]` }],
      'invalidFilter',
      'a members filter must be value eq "…" (or several joined by or)',
    ],
    [
      'a members filter with one side on another attribute',
      [{ op: 'remove', path: `members[value eq "${A}" or type eq "User"]` }],
      'invalidFilter',
      'a members filter must be value eq "…" (or several joined by or)',
    ],
    [
      'a members filter with the other side on another attribute',
      [{ op: 'remove', path: `members[type eq "User" or value eq "${A}"]` }],
      'invalidFilter',
      'a members filter must be value eq "…" (or several joined by or)',
    ],
  ])('refuses %s', (_name, operations, scimType, detail) => {
    expect(planGroupPatch(ops(...operations))).toEqual({
      ok: false,
      problem: { status: 400, scimType, detail: `Operations[0]: ${detail}` },
    });
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

  it.each<[unknown, string]>([
    [{ userName: '' }, 'userName is required'],
    [{ userName: 5 }, 'userName must be a string'],
    [{ userName: 'a', active: 'yes' }, 'active must be true or false'],
    [{ userName: 'a', name: 'x' }, 'name must be an object'],
    [{ userName: 'a', emails: 'x' }, 'emails must be an array'],
    [{ userName: 'a', emails: ['x'] }, 'emails[0] must be an object'],
    [{ userName: 'a', emails: [{ value: 'no-at' }] }, 'emails[0].value must be an email address'],
    [{ userName: 'a', emails: Array.from({ length: 21 }, (_, i) => ({ value: `a${i}@b.c` })) }, 'emails may list at most 20 addresses'],
    [{ userName: 'a\u0001' }, 'userName: it contains a control character'],
    [{ userName: 'a', schemas: 'x' }, 'schemas must list urn:ietf:params:scim:schemas:core:2.0:User'],
    [{ userName: 'a', schemas: ['urn:x', 5] }, 'schemas must list urn:ietf:params:scim:schemas:core:2.0:User'],
    [{ userName: '   ' }, 'userName is required'],
    [{}, 'userName is required'],
    [{ userName: 'a', active: 'truely' }, 'active must be true or false'],
    [{ userName: 'a', active: 'not false' }, 'active must be true or false'],
    [{ userName: 'a', active: 1 }, 'active must be true or false'],
    [{ userName: 'a', externalId: 5 }, 'externalId must be a string'],
    [{ userName: 'a', emails: [{ value: 'a@b.c d' }] }, 'emails[0].value must be an email address'],
    [{ userName: 'a', emails: [{ value: 'x a@b.c' }] }, 'emails[0].value must be an email address'],
    [{ userName: 'a', emails: [{ value: 'a@b.c', primary: 'yes' }] }, 'primary must be true or false'],
  ])('refuses %j', (body, detail) => {
    expect(readUserDocument(body)).toEqual({ ok: false, problem: { status: 400, scimType: 'invalidValue', detail } });
  });

  it('reads what a provider may leave out or send loosely, and writes back only what is set', () => {
    const read = readUserDocument({
      schemas: [5, 'urn:x', 'URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER'],
      userName: '  ann  ',
      active: 'FALSE',
      displayName: '',
      name: null,
      emails: Array.from({ length: 20 }, (_, i) => ({ value: `A${i}@B.c`, primary: i === 0 ? 'true' : null })),
    });
    if (!read.ok) throw new Error(read.problem.detail);
    expect(read.value).toMatchObject({ userName: 'ann', active: false, displayName: null, externalId: null });
    expect(read.value.name).toEqual({ givenName: null, familyName: null, formatted: null });
    expect(read.value.emails[0]).toEqual({ value: 'a0@b.c', type: null, primary: true });
    expect(read.value.emails[1]).toEqual({ value: 'a1@b.c', type: null, primary: false });
    const json = userJson(read.value);
    expect(json).toStrictEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ann',
      active: false,
      name: {},
      emails: read.value.emails.map((e) => ({ value: e.value, primary: e.primary })),
    });
    expect(readUserDocument({ userName: 'a' }).ok && readUserDocument({ userName: 'a' })).toMatchObject({ value: { active: true } });
  });

  it('writes the name parts and type that are set, and the formatted name as the claim name without a display name', () => {
    const read = readUserDocument({
      userName: 'a',
      externalId: 'x-1',
      name: { givenName: 'A', formatted: 'A B' },
      emails: [{ value: 'a@b.c', type: 'work' }],
    });
    if (!read.ok) throw new Error(read.problem.detail);
    expect(userJson(read.value)).toMatchObject({ externalId: 'x-1', name: { givenName: 'A', formatted: 'A B' } });
    expect(Object.keys(userJson(read.value).name as object)).toEqual(['givenName', 'formatted']);
    expect((userJson(read.value).emails as unknown[])[0]).toStrictEqual({ value: 'a@b.c', type: 'work', primary: false });
    expect(userClaims(read.value)).toMatchObject({ name: 'A B', email_verified: true, sub: 'x-1' });
    const noEmail = readUserDocument({ userName: 'a' });
    expect(noEmail.ok && userClaims(noEmail.value)).toMatchObject({ email: null, email_verified: false });
  });

  it('reads null attributes as not given', () => {
    const read = readUserDocument({ userName: 'a', externalId: null, displayName: null, active: null });
    expect(read.ok && read.value).toMatchObject({ externalId: null, displayName: null, active: true });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['absent', undefined],
  ])('reads emails that are %s as none', (_case, emails) => {
    const read = readUserDocument({ userName: 'a', emails });
    expect(read.ok && read.value.emails).toEqual([]);
  });

  const email = (value: string, type: string | null, primary = false) => ({ value, type, primary });
  it.each<[string, ScimUserDocument['emails'], string | null]>([
    ['the primary address', [email('w@x.io', 'work'), email('p@x.io', 'home', true)], 'p@x.io'],
    ['else the work address, whatever its case', [email('h@x.io', 'home'), email('w@x.io', 'Work')], 'w@x.io'],
    ['else the first', [email('h@x.io', null), email('o@x.io', 'other')], 'h@x.io'],
    ['no address without emails', [], null],
  ])('keeps %s', (_case, emails, expected) => {
    const read = readUserDocument({ userName: 'a' });
    if (!read.ok) throw new Error(read.problem.detail);
    expect(primaryEmail({ ...read.value, emails })).toBe(expected);
  });

  it('refuses a body that is not an object', () => {
    expect(readUserDocument(null)).toEqual({
      ok: false,
      problem: { status: 400, scimType: 'invalidSyntax', detail: 'The request body must be a JSON object (a SCIM User)' },
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import { readIdpGroups, unusableGroupsReason } from './read-groups.js';

describe('readIdpGroups', () => {
  it.each<[string, Record<string, unknown>, string | null, string[]]>([
    ['a list', { groups: ['dev', 'ops'] }, 'groups', ['dev', 'ops']],
    ['a single name', { groups: 'dev' }, 'groups', ['dev']],
    ['a comma-separated string', { groups: 'dev, ops,qa' }, 'groups', ['dev', 'ops', 'qa']],
    ['a semicolon-separated string', { memberOf: 'dev;ops ; qa' }, 'memberOf', ['dev', 'ops', 'qa']],
    ['mixed separators', { groups: 'dev,ops;qa' }, 'groups', ['dev', 'ops', 'qa']],
    ['list items whole, commas and all', { groups: ['CN=dev,OU=Groups', 'ops'] }, 'groups', ['CN=dev,OU=Groups', 'ops']],
    ['trimmed names', { groups: ['  dev ', '\tops'] }, 'groups', ['dev', 'ops']],
    ['without empty names', { groups: ['dev', '', '  ', 'ops'] }, 'groups', ['dev', 'ops']],
    ['without empty parts of a joined string', { groups: 'dev,,;ops,' }, 'groups', ['dev', 'ops']],
    ['without duplicates, case-insensitively, first spelling kept', { groups: ['Dev', 'dev', 'DEV ', 'ops'] }, 'groups', ['Dev', 'ops']],
    ['numbers as names', { groups: [42, 'dev'] }, 'groups', ['42', 'dev']],
    ['without non-text items', { groups: ['dev', null, { name: 'x' }, ['y'], true] }, 'groups', ['dev']],
    ['a namespaced claim', { 'https://example.com/claims/groups': ['dev'] }, 'https://example.com/claims/groups', ['dev']],
    ['a nested path', { realm_access: { roles: ['admin', 'user'] } }, 'realm_access.roles', ['admin', 'user']],
    ['a projection of objects', { groups: [{ name: 'dev' }, { name: 'ops' }] }, 'groups[].name', ['dev', 'ops']],
    ['nothing from an absent claim', { sub: '1' }, 'groups', []],
    ['nothing from an empty list', { groups: [] }, 'groups', []],
    ['nothing from an object', { groups: { dev: true } }, 'groups', []],
    ['nothing without a group attribute', { groups: ['dev'] }, null, []],
    ['nothing from a blank group attribute', { groups: ['dev'] }, '  ', []],
    ['nothing from an invalid path', { groups: ['dev'] }, 'groups[', []],
  ])('reads %s', (_case, claims, attribute, expected) => {
    expect(readIdpGroups(claims, attribute)).toEqual(expected);
  });
});

describe('unusableGroupsReason', () => {
  it.each<[string, string[], string | null]>([
    ['usable names', ['dev', 'CN=dev,OU=Groups', 'Zoë 🐝'], null],
    ['no groups', [], null],
    ['a NUL byte in one name', ['dev', 'ad\u0000min'], 'group 2 of 2: it contains a NUL character'],
    ['a control character', ['dev\u0007'], 'group 1 of 1: it contains a control character'],
    ['a name longer than the directory allows', ['g'.repeat(256)], 'group 1 of 1: it is longer than 255 characters'],
  ])('%s', (_case, groups, expected) => {
    expect(unusableGroupsReason(groups)).toBe(expected);
  });
});

import { describe, expect, it } from '@jest/globals';
import { hasGroupOverage, readGraphPage, withGraphGroups } from './group-overage.js';

const GRAPH = 'https://graph.example';
/** Graph ids and display names longer than this are refused (MAX_TEXT). */
const LIMIT = 1000;

describe('hasGroupOverage', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['a groups claim', { groups: ['a'] }, false],
    ['distributed groups', { _claim_names: { groups: 'src1' }, _claim_sources: { src1: {} } }, true],
    ['another distributed claim only', { _claim_names: { roles: 'src1' } }, false],
    ['_claim_names not an object', { _claim_names: 'groups' }, false],
    ['_claim_names an array', { _claim_names: ['groups'] }, false],
    ['_claim_names null', { _claim_names: null }, false],
    ['hasgroups true', { hasgroups: true }, true],
    ['hasgroups as a string', { hasgroups: 'true' }, true],
    ['hasgroups false', { hasgroups: false }, false],
    ['nothing', {}, false],
  ])('%s', (_, claims, expected) => expect(hasGroupOverage(claims)).toBe(expected));
});

describe('readGraphPage', () => {
  const group = (id: string, displayName?: unknown) => ({ '@odata.type': '#microsoft.graph.group', id, displayName });
  it.each<[string, unknown, object]>([
    [
      'one page of groups',
      { value: [group('g1', 'Sales'), group('g2', 'R&D')] },
      {
        ok: true,
        next: null,
        groups: [
          { id: 'g1', displayName: 'Sales' },
          { id: 'g2', displayName: 'R&D' },
        ],
      },
    ],
    ['an empty page', { value: [] }, { ok: true, groups: [], next: null }],
    [
      'roles are left out',
      { value: [{ '@odata.type': '#microsoft.graph.directoryRole', id: 'r1' }, group('g1', 'A')] },
      { ok: true, groups: [{ id: 'g1', displayName: 'A' }] },
    ],
    [
      'an entry without a type counts as a group',
      { value: [{ id: 'g1', displayName: 'A' }] },
      { ok: true, groups: [{ id: 'g1', displayName: 'A' }] },
    ],
    ['a null display name', { value: [group('g1', null)] }, { ok: true, groups: [{ id: 'g1', displayName: null }] }],
    ['a blank display name', { value: [group('g1', '  ')] }, { ok: true, groups: [{ id: 'g1', displayName: null }] }],
    ['a null next link', { value: [], '@odata.nextLink': null }, { ok: true, groups: [], next: null }],
    [
      'a next link on the Graph origin',
      { value: [], '@odata.nextLink': `${GRAPH}/v1.0/me/transitiveMemberOf?$skiptoken=x` },
      { ok: true, next: `${GRAPH}/v1.0/me/transitiveMemberOf?$skiptoken=x` },
    ],
    ['not an object', 'x', { ok: false, reason: 'the answer is not a JSON object' }],
    ['null', null, { ok: false, reason: 'the answer is not a JSON object' }],
    ['an entry that is null', { value: [null] }, { ok: false, reason: 'value[0] is not an object' }],
    ['an entry without a display name', { value: [{ id: 'g1' }] }, { ok: true, groups: [{ id: 'g1', displayName: null }] }],
    [
      'an id and a display name at the length limit',
      { value: [group('i'.repeat(LIMIT), 'n'.repeat(LIMIT))] },
      { ok: true, groups: [{ id: 'i'.repeat(LIMIT), displayName: 'n'.repeat(LIMIT) }] },
    ],
    ['an id over the limit', { value: [group('i'.repeat(LIMIT + 1))] }, { ok: false, reason: 'value[0].id is not a usable string' }],
    [
      'a display name over the limit',
      { value: [group('g1', 'n'.repeat(LIMIT + 1))] },
      { ok: false, reason: 'value[0].displayName is not a usable string' },
    ],
    ['no value', { groups: [] }, { ok: false, reason: '"value" is not an array' }],
    ['an entry that is a string', { value: ['g1'] }, { ok: false, reason: 'value[0] is not an object' }],
    [
      'an entry whose type is not a string',
      { value: [{ '@odata.type': 7, id: 'g1' }] },
      { ok: false, reason: 'value[0]["@odata.type"] is not a string' },
    ],
    ['an id that is a number', { value: [group(7 as unknown as string)] }, { ok: false, reason: 'value[0].id is not a usable string' }],
    ['an empty id', { value: [group('')] }, { ok: false, reason: 'value[0].id is not a usable string' }],
    [
      'a display name that is an object',
      { value: [group('g1', {})] },
      { ok: false, reason: 'value[0].displayName is not a usable string' },
    ],
    [
      'a next link elsewhere',
      { value: [], '@odata.nextLink': 'https://evil.example/steal' },
      { ok: false, reason: '"@odata.nextLink" leaves the Microsoft Graph origin' },
    ],
    [
      'a relative next link',
      { value: [], '@odata.nextLink': '/v1.0/next' },
      { ok: false, reason: '"@odata.nextLink" is not an absolute URL' },
    ],
    ['a next link that is a number', { value: [], '@odata.nextLink': 3 }, { ok: false, reason: '"@odata.nextLink" is not a string' }],
  ])('%s', (_, body, expected) => expect(readGraphPage(body, GRAPH)).toMatchObject(expected));
});

describe('withGraphGroups', () => {
  it('puts ids in groups, names in groupNames, and drops the overage markers', () => {
    const claims = { sub: 's', _claim_names: { groups: 'src1' }, _claim_sources: { src1: {} }, hasgroups: true };
    expect(
      withGraphGroups(claims, [
        { id: 'g1', displayName: 'Sales' },
        { id: 'g2', displayName: null },
      ]),
    ).toEqual({
      sub: 's',
      groups: ['g1', 'g2'],
      groupNames: ['Sales'],
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import { claimNames, flattenClaims, isTruthyClaim, readClaim } from './claims.js';

const claims = {
  sub: '005xx0000012345',
  preferred_username: 'alice@example.com',
  email_verified: true,
  'https://example.com/claims/groups': ['dev', 'ops'],
  'https://example.com/claims': { tenant: 'acme' },
  'custom.dotted': 'exact beats path',
  custom: { dotted: 'path' },
  custom_attributes: { Department: 'R&D', Country: 'NZ', 'cost-centre': 42 },
  realm_access: { roles: ['admin', 'user'] },
  groups: ['dev', 'ops'],
  address: { street_address: '1 Queen St', locality: null },
  age: 37,
  empty_list: [],
  empty_object: {},
};

describe('readClaim', () => {
  it.each([
    ['sub', '005xx0000012345'],
    ['  sub  ', '005xx0000012345'],
    ['https://example.com/claims/groups', ['dev', 'ops']],
    ['custom.dotted', 'exact beats path'],
    ['custom_attributes.Department', 'R&D'],
    ['custom_attributes."cost-centre"', 42],
    ['"https://example.com/claims".tenant', 'acme'],
    ['realm_access.roles', ['admin', 'user']],
    ['groups[0]', 'dev'],
    ['groups[-1]', 'ops'],
    ['age', 37],
    ['email_verified', true],
    ['empty_list', []],
  ])('reads %j', (path, expected) => {
    expect(readClaim(claims, path)).toEqual(expected);
  });

  it.each([
    ['missing', 'an absent top-level claim'],
    ['custom_attributes.Missing', 'an absent nested claim'],
    ['address.locality', 'a claim sent as null'],
    ['groups[5]', 'an index past the end'],
    ['', 'an empty path'],
    ['custom_attributes.', 'an expression that does not parse'],
    ['groups[', 'an unclosed bracket'],
    ['a..b', 'a double dot'],
    ['https://example.com/claims/missing', 'a namespaced name that is not there'],
  ])('answers undefined for %j (%s) without throwing', (path) => {
    expect(readClaim(claims, path)).toBeUndefined();
  });
});

describe('flattenClaims', () => {
  const flat = flattenClaims(claims);

  it.each([
    ['sub', '005xx0000012345'],
    ['custom_attributes.Country', 'NZ'],
    ['custom_attributes."cost-centre"', '42'],
    ['groups[0]', 'dev'],
    ['groups[1]', 'ops'],
    ['address.street_address', '1 Queen St'],
    ['address.locality', 'null'],
    ['https://example.com/claims/groups', undefined],
    ['"https://example.com/claims/groups"[0]', 'dev'],
    ['"https://example.com/claims".tenant', 'acme'],
    ['email_verified', 'true'],
    ['age', '37'],
    ['empty_list', '[]'],
    ['empty_object', '{}'],
    ['realm_access', undefined],
    ['custom.dotted', 'exact beats path'],
    ['"custom".dotted', 'path'],
  ])('lists %j as %j', (path, value) => {
    expect(flat.find((leaf) => leaf.path === path)?.value).toBe(value);
  });

  it('sorts by path, indexes in numeric order', () => {
    const paths = flattenClaims({ b: 1, a: { z: 1, y: 2 }, list: Array.from({ length: 11 }, (_, i) => i) }).map((l) => l.path);
    expect(paths).toEqual(['a.y', 'a.z', 'b', ...Array.from({ length: 11 }, (_, i) => `list[${i}]`)]);
  });

  it('gives paths that readClaim reads back to the listed value', () => {
    for (const leaf of flat) {
      const value = readClaim(claims, leaf.path);
      const rendered = Array.isArray(value) ? '[]' : typeof value === 'object' && value !== null ? '{}' : String(value ?? 'null');
      expect({ path: leaf.path, value: rendered }).toEqual(leaf);
    }
  });

  it('expands nested arrays of objects', () => {
    expect(flattenClaims({ roles: [{ name: 'a', tags: ['x'] }] })).toEqual([
      { path: 'roles[0].name', value: 'a' },
      { path: 'roles[0].tags[0]', value: 'x' },
    ]);
  });
});

describe('claimNames', () => {
  it('lists the top-level names only, sorted', () => {
    expect(claimNames({ sub: '1', email: 'a@b', address: { x: 1 } })).toEqual(['address', 'email', 'sub']);
  });
});

describe('isTruthyClaim', () => {
  it.each([
    [true, true],
    ['true', true],
    ['TRUE', true],
    [' True ', true],
    [false, false],
    ['false', false],
    ['False', false],
    [undefined, false],
    [null, false],
    ['yes', false],
    [1, false],
    ['1', false],
    ['', false],
  ])('%j → %j', (value, expected) => {
    expect(isTruthyClaim(value)).toBe(expected);
  });
});

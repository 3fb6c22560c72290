import { describe, expect, it } from '@jest/globals';
import { groupsHash } from './groups-hash.js';

const mapping = { groupAttribute: 'groups', keepExisting: false };

describe('groupsHash', () => {
  it.each<[string, string[], unknown, string[], unknown, boolean]>([
    ['same groups, same mapping', ['a', 'b'], mapping, ['a', 'b'], mapping, true],
    ['another order', ['a', 'b'], mapping, ['b', 'a'], mapping, true],
    ['another case', ['Admins'], mapping, ['admins'], mapping, true],
    ['a group more', ['a'], mapping, ['a', 'b'], mapping, false],
    ['another group', ['a'], mapping, ['b'], mapping, false],
    ['another mapping', ['a'], mapping, ['a'], { ...mapping, keepExisting: true }, false],
    ['no groups vs one empty name', [], mapping, [''], mapping, false],
  ])('%s', (_name, groupsA, mappingA, groupsB, mappingB, same) => {
    expect(groupsHash(groupsA, mappingA) === groupsHash(groupsB, mappingB)).toBe(same);
  });

  // Stored with each identity: a hash computed differently after an upgrade would not break
  // anything, but it would make every person's next login sync their groups again.
  it('keeps the value stored identities carry for these groups', () => {
    expect(groupsHash(['Developers', 'ADMINS'], mapping)).toBe('DVbMj5f6MsalWFZFeUbSYYIGQVrVRoIPTG5EeVOHFJc');
  });

  it('is a base64url SHA-256', () => {
    expect(groupsHash(['a'], mapping)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

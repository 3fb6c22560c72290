import { describe, expect, it } from '@jest/globals';
import { groupsHash } from './groups-hash.js';

const mapping = { groupAttribute: 'groups', keepExisting: false };

describe('groupsHash', () => {
  it.each<[string, unknown, unknown, unknown, unknown, boolean]>([
    ['same groups, same mapping', ['a', 'b'], mapping, ['a', 'b'], mapping, true],
    ['another order (planned again)', ['a', 'b'], mapping, ['b', 'a'], mapping, false],
    ['another case (planned again)', ['Admins'], mapping, ['admins'], mapping, false],
    ['a group more', ['a'], mapping, ['a', 'b'], mapping, false],
    ['another group', ['a'], mapping, ['b'], mapping, false],
    ['another mapping', ['a'], mapping, ['a'], { ...mapping, keepExisting: true }, false],
    ['no groups vs one empty name', [], mapping, [''], mapping, false],
    ['no claim vs an empty list', undefined, mapping, [], mapping, false],
    ['no claim vs null', undefined, mapping, null, mapping, true],
    ['a joined string vs the list', 'a,b', mapping, ['a', 'b'], mapping, false],
    ['a name with a comma vs two names', ['a,b'], mapping, ['a', 'b'], mapping, false],
    ['a number vs its text', [1], mapping, ['1'], mapping, false],
  ])('%s', (_name, groupsA, mappingA, groupsB, mappingB, same) => {
    expect(groupsHash(groupsA, mappingA) === groupsHash(groupsB, mappingB)).toBe(same);
  });

  // Stored with each identity: a hash computed differently after an upgrade would not break
  // anything, but it would make every person's next login sync their groups again.
  it('keeps the value stored identities carry for these groups', () => {
    expect(groupsHash(['Developers', 'ADMINS'], mapping)).toBe('hhap40pnfCElsgeH1ccRw08w8j29XR4dgL8cPKibIZY');
  });

  it('is a base64url SHA-256', () => {
    expect(groupsHash(['a'], mapping)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

import { describe, expect, it } from '@jest/globals';
import { SortedNames } from './group-membership.js';

describe('SortedNames', () => {
  it.each([
    [[], 'a', false],
    [['a'], 'a', true],
    [['a'], 'b', false],
    [['Admins', 'beta', 'Zeta'], 'admins', true],
    [['Admins', 'beta', 'Zeta'], 'Admins', false],
    [['Admins', 'beta', 'Zeta'], 'zeta', true],
    [['Admins', 'beta', 'Zeta'], 'gamma', false],
    // Sorted case-insensitively, as sessions hold them, but not in code-unit order once lower-cased.
    [['a-b', 'a_b', 'aB'], 'a_b', true],
    [['a-b', 'a_b', 'aB'], 'ab', true],
    [['a-b', 'a_b', 'aB'], 'a-b', true],
    [['Ünïcode', 'Ärger'], 'ärger', true],
    [['ünïcode', 'ärger'], 'ünïcode', true],
  ] as const)('%j has %j: %s', (names, name, expected) => {
    expect(SortedNames.of(names).has(name)).toBe(expected);
  });

  it('finds every one of a thousand names and none that is missing', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `Group-${String(i).padStart(4, '0')}`);
    const set = SortedNames.of(names);
    expect(names.every((name) => set.has(name.toLowerCase()))).toBe(true);
    expect(['group-1000', 'group-', '', 'group-0500x'].some((name) => set.has(name))).toBe(false);
    expect(set.size).toBe(1000);
  });

  it('reuses the list itself when its names are lower case and in order', () => {
    const names = ['alpha', 'beta'];
    expect([...SortedNames.of(names)]).toEqual(names);
    expect(Reflect.get(SortedNames.of(names), 'sorted')).toBe(names);
    expect(Reflect.get(SortedNames.of(['Alpha', 'beta']), 'sorted')).not.toBe(names);
  });
});

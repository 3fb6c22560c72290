import { describe, expect, it } from '@jest/globals';
import { changedPaths, providerChange, settingsChange } from './import-report.js';

describe('changedPaths', () => {
  it.each<[string, unknown, unknown, string[]]>([
    ['equal documents', { a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } }, []],
    ['keys in another order (jsonb does not keep it)', { a: 1, b: { x: 1, y: 2 } }, { b: { y: 2, x: 1 }, a: 1 }, []],
    ['a nested value', { a: { b: { c: 1 } } }, { a: { b: { c: 2 } } }, ['a.b.c']],
    ['a list compared whole', { rules: [{ n: 1 }, { n: 2 }] }, { rules: [{ n: 2 }, { n: 1 }] }, ['rules']],
    ['a key added and one removed, sorted', { b: 1, a: 1 }, { c: 1, a: 1 }, ['b', 'c']],
    ['null against an object', { a: null }, { a: { b: 1 } }, ['a']],
    ['a missing key against undefined', { a: 1, b: undefined }, { a: 1 }, []],
    ['changes listed in key order, not in the order given', { b: 1, a: 1 }, { b: 2, a: 2 }, ['a', 'b']],
    ['a list inside a list', { a: [[1], [2]] }, { a: [[1], [3]] }, ['a']],
    ['equal lists inside a list', { a: [[1], [2]] }, { a: [[1], [2]] }, []],
    ['a longer list', { a: [1, 2] }, { a: [1, 2, 3] }, ['a']],
    ['a shorter list', { a: [1, 2] }, { a: [1] }, ['a']],
    ['objects in a list, keys in another order', { a: [{ x: 1, y: 2 }] }, { a: [{ y: 2, x: 1 }] }, []],
    ['objects in a list that differ', { a: [{ x: 1 }] }, { a: [{ x: 2 }] }, ['a']],
    ['a list against an object', { a: [] }, { a: {} }, ['a']],
    ['an object against a list', { a: {} }, { a: [] }, ['a']],
    ['a list against nothing', { a: [] }, {}, ['a']],
    ['a whole value against nothing', 1, undefined, ['']],
  ])('%s', (_, before, after, paths) => {
    expect(changedPaths(before, after)).toEqual(paths);
  });
});

describe('providerChange and settingsChange', () => {
  it.each<[string, unknown, unknown, string, string[]]>([
    ['a provider that does not exist yet', null, { displayName: 'A' }, 'created', []],
    ['the same settings', { displayName: 'A' }, { displayName: 'A' }, 'unchanged', []],
    ['another secret: named, never shown', { clientSecret: 'old' }, { clientSecret: 'new' }, 'updated', ['clientSecret']],
  ])('reports %s', (_, current, next, change, changed) => {
    expect(providerChange('p', current, next)).toEqual({ slug: 'p', change, changed });
  });

  it('tells an updated settings document from an unchanged one', () => {
    expect(settingsChange({ a: 1 }, { a: 1 })).toEqual({ change: 'unchanged', changed: [] });
    expect(settingsChange({ a: 1 }, { a: 2 })).toEqual({ change: 'updated', changed: ['a'] });
  });
});

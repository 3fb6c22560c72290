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

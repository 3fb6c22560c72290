import { describe, expect, it } from '@jest/globals';
import { applyDocumentPatch, applyMergePatch } from './merge-patch.js';

describe('applyMergePatch (the examples of RFC 7396, appendix A)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j patched with %j is %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('changes neither the target nor the patch', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: 2 } };
    applyMergePatch(target, patch);
    expect(target).toEqual({ a: { b: 1 } });
    expect(patch).toEqual({ a: { c: 2 } });
  });

  it('never merges into a prototype', () => {
    const merged = applyMergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(merged)).toEqual([]);
  });
});

describe('applyDocumentPatch (a merge patch of a settings document)', () => {
  it.each([
    ['a null clears a setting', { a: 'x', b: 1 }, { a: null }, [], { a: null, b: 1 }],
    ['a null removes a member of a map', { m: { k: 'v', j: 'w' } }, { m: { k: null } }, ['m'], { m: { j: 'w' } }],
    ['nested objects merge', { s: { a: 1, b: 2 } }, { s: { b: 3 } }, [], { s: { a: 1, b: 3 } }],
    ['lists are replaced whole', { l: [1, 2] }, { l: [3] }, [], { l: [3] }],
    ['a nested setting is cleared, not removed', { s: { t: 'x' } }, { s: { t: null } }, ['m'], { s: { t: null } }],
  ])('%s', (_, current, patch, maps, expected) => {
    expect(applyDocumentPatch(current, patch, maps)).toEqual(expected);
  });
});

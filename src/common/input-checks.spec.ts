import { describe, expect, it } from '@jest/globals';
import { findInputProblem } from './input-checks.js';

const nest = (levels: number): unknown => (levels === 0 ? 'x' : { a: nest(levels - 1) });

describe('findInputProblem', () => {
  it.each([
    ['a plain document', { name: 'ops', tags: ['a', 'b'], n: 1, ok: true, none: null }, null],
    ['a NUL in a string', { name: 'a\u0000b' }, { field: 'name', reason: 'must not contain the NUL character' }],
    [
      'a NUL deep in a list',
      { manual: { rules: [{ localGroup: 'x' }, { localGroup: '\u0000' }] } },
      { field: 'manual.rules.1.localGroup', reason: 'must not contain the NUL character' },
    ],
    ['a NUL in a key', { 'a\u0000': 1 }, { field: 'a\\u0000', reason: 'must not contain the NUL character (in the name)' }],
    ['a NUL string as the whole value', '\u0000', { field: 'body', reason: 'must not contain the NUL character' }],
    ['32 levels', nest(32), null],
    ['33 levels', nest(33), { field: 'body', reason: 'nests deeper than 32 levels' }],
    ['a deep list', JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)), { field: 'body', reason: 'nests deeper than 32 levels' }],
    ['no body', undefined, null],
  ])('%s', (_case, value, expected) => {
    expect(findInputProblem(value, '')).toEqual(expected);
  });

  it('names a path parameter by its name', () => {
    expect(findInputProblem('x\u0000', 'id')).toEqual({ field: 'id', reason: 'must not contain the NUL character' });
  });
});

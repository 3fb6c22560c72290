import { describe, expect, it } from '@jest/globals';
import { checkShape, type Shape } from './check-shape.js';

const shape: Shape = {
  enabled: 'boolean',
  delay: 'number',
  name: 'string',
  key: 'string|null',
  groups: 'string[]',
  domains: 'string[]|string',
  'note?': 'string',
  nested: { on: 'boolean' },
};
const valid = { enabled: true, delay: 5, name: 'n', key: null, groups: ['a'], domains: 'a.com;b.com', nested: { on: false } };

describe('checkShape', () => {
  it.each<[string, unknown]>([
    ['every field', valid],
    ['an optional field given', { ...valid, note: 'hi' }],
    ['a list where a list or a string may be', { ...valid, domains: ['a.com'] }],
    ['a string where a string or null may be', { ...valid, key: 'k' }],
  ])('accepts %s', (_, value) => {
    expect(checkShape(value, shape)).toEqual([]);
  });

  it.each<[string, unknown, { field: string; reason: string }[]]>([
    ['not an object', [], [{ field: '', reason: 'must be an object' }]],
    ['a missing field', { ...valid, name: undefined }, [{ field: 'name', reason: 'is required' }]],
    ['an unknown field (a typo)', { ...valid, enabeld: true }, [{ field: 'enabeld', reason: 'is not a known setting' }]],
    ['a string for a boolean', { ...valid, enabled: 'true' }, [{ field: 'enabled', reason: 'must be true or false' }]],
    ['NaN for a number', { ...valid, delay: Number.NaN }, [{ field: 'delay', reason: 'must be a number' }]],
    ['a list with a number in it', { ...valid, groups: ['a', 1] }, [{ field: 'groups', reason: 'must be a list of strings' }]],
    ['a string for a list', { ...valid, groups: 'a' }, [{ field: 'groups', reason: 'must be a list of strings' }]],
    ['text for a number', { ...valid, delay: '5' }, [{ field: 'delay', reason: 'must be a number' }]],
    ['Infinity for a number', { ...valid, delay: Infinity }, [{ field: 'delay', reason: 'must be a number' }]],
    ['a number for a string', { ...valid, name: 1 }, [{ field: 'name', reason: 'must be a string' }]],
    ['a number for a list or a string', { ...valid, domains: 1 }, [{ field: 'domains', reason: 'must be a list of strings or a string' }]],
    [
      'a list of numbers for a list or a string',
      { ...valid, domains: [1] },
      [{ field: 'domains', reason: 'must be a list of strings or a string' }],
    ],
    ['a missing nested field', { ...valid, nested: {} }, [{ field: 'nested.on', reason: 'is required' }]],
    ['an unknown nested field', { ...valid, nested: { on: true, off: 1 } }, [{ field: 'nested.off', reason: 'is not a known setting' }]],
    ['a nested mistake', { ...valid, nested: { on: 1 } }, [{ field: 'nested.on', reason: 'must be true or false' }]],
    ['null for a nested object', { ...valid, nested: null }, [{ field: 'nested', reason: 'must be an object' }]],
    [
      'several mistakes at once',
      { ...valid, key: 3, note: 4 },
      [
        { field: 'key', reason: 'must be a string or null' },
        { field: 'note', reason: 'must be a string' },
      ],
    ],
  ])('reports %s', (_, value, problems) => {
    expect(checkShape(value, shape)).toEqual(problems);
  });

  it.each<[unknown, { field: string; reason: string }[]]>([
    [undefined, [{ field: 'rules', reason: 'is required' }]],
    [null, []],
    [[1, 'a'], []],
  ])('takes anything but nothing for unknown: %j', (value, problems) => {
    expect(checkShape(value, 'unknown', 'rules')).toEqual(problems);
  });

  it('names fields under the place it is asked about', () => {
    expect(checkShape({ on: 'x' }, { on: 'boolean' }, 'signInSettings.backdoor')).toEqual([
      { field: 'signInSettings.backdoor.on', reason: 'must be true or false' },
    ]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { changedFields } from './changed-fields.js';

describe('changedFields', () => {
  it.each<[string, unknown, unknown, string[]]>([
    ['a create', null, { name: 'a', id: '1' }, ['id', 'name']],
    ['a delete', { name: 'a' }, null, ['name']],
    ['an update of one field', { name: 'a', description: 'd' }, { name: 'b', description: 'd' }, ['name']],
    ['no change', { name: 'a', tags: ['x'] }, { name: 'a', tags: ['x'] }, []],
    ['a nested change', { mapping: { claim: 'email' } }, { mapping: { claim: 'mail' } }, ['mapping']],
    ['dates by value', { at: new Date(0) }, { at: new Date(0) }, []],
    ['a field set to null', { email: 'a@b' }, { email: null }, ['email']],
    // A list is not an entity: its indexes are not fields.
    ['a list against an entity', ['x'], { name: 'a' }, ['name']],
    ['a string against an entity', 'ab', { name: 'a' }, ['name']],
  ])('%s', (_name, before, after, expected) => {
    expect(changedFields(before, after)).toEqual(expected);
  });
});

import { describe, expect, it } from '@jest/globals';
import { groupsSettled } from './groups-settled.js';

describe('groupsSettled', () => {
  it.each<[string, string[], string[], string[], boolean]>([
    ['nothing skipped', [], [], [], true],
    ['skipped a group that exists (a rule left it out)', ['Admins'], ['admins'], [], true],
    ['skipped a group that does not exist yet: plan again next time', ['Future'], ['admins'], [], false],
    ['skipped an excluded group', ['Secret'], [], ['SECRET'], true],
    ['skipped a blank name', ['  '], [], [], true],
    ['one unsettled among settled ones', ['Admins', 'Future'], ['Admins'], [], false],
  ])('%s', (_name, skipped, existing, excluded, expected) => {
    expect(
      groupsSettled(
        skipped.map((group) => ({ group })),
        existing,
        excluded,
      ),
    ).toBe(expected);
  });
});

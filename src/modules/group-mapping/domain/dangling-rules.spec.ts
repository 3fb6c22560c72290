import { describe, expect, it } from '@jest/globals';
import { findDanglingRules, namedLocalGroups } from './dangling-rules.js';
import { defaultGroupMapping, type ManualRule } from './group-mapping.js';

function mapping(rules: ManualRule[]) {
  const base = defaultGroupMapping();
  return { ...base, mode: 'manual' as const, manual: { ...base.manual, rules } };
}

describe('findDanglingRules', () => {
  it.each<[string, ManualRule[], string[], { index: number; localGroup: string }[]]>([
    ['no rules', [], [], []],
    ['a rule naming an existing group', [{ localGroup: 'dev', idpGroups: ['d'] }], ['dev'], []],
    ['a rule naming a missing group', [{ localGroup: 'dev', idpGroups: ['d'] }], [], [{ index: 0, localGroup: 'dev' }]],
    ['names compare case-insensitively', [{ localGroup: 'Dev-Team', idpGroups: ['d'] }], ['dev-team'], []],
    ['surrounding spaces are not part of the name', [{ localGroup: ' ops ', idpGroups: ['o'] }], [], [{ index: 0, localGroup: 'ops' }]],
    [
      'each missing group with its rule index',
      [
        { localGroup: 'a', idpGroups: ['x'] },
        { localGroup: 'b', idpGroups: ['y'] },
        { localGroup: 'c', idpGroups: ['z'] },
      ],
      ['b'],
      [
        { index: 0, localGroup: 'a' },
        { index: 2, localGroup: 'c' },
      ],
    ],
    [
      'a pattern rule with a plain name is checked',
      [{ localGroup: 'admins', idpGroupPattern: '^adm-.*$' }],
      [],
      [{ index: 0, localGroup: 'admins' }],
    ],
    ['a blank local group names no group (validation refuses it)', [{ localGroup: ' ', idpGroups: ['d'] }], [], []],
    ['a pattern rule using $1 names no group in advance', [{ localGroup: 'team-$1', idpGroupPattern: '^squad-(.+)$' }], [], []],
  ])('%s', (_case, rules, existing, expected) => {
    expect(findDanglingRules(mapping(rules), new Set(existing))).toEqual(expected);
  });

  it('lists every plain name, missing or not', () => {
    expect(
      namedLocalGroups(
        mapping([
          { localGroup: 'a', idpGroups: ['x'] },
          { localGroup: 'g-$1', idpGroupPattern: '(.+)' },
        ]),
      ),
    ).toEqual([{ index: 0, localGroup: 'a' }]);
  });
});

import { describe, expect, it } from '@jest/globals';
import {
  compilePattern,
  defaultGroupMapping,
  expandLocalGroup,
  templatePattern,
  validateGroupMapping,
  type GroupMapping,
  type ManualRule,
} from './group-mapping.js';

const base = defaultGroupMapping();
const withRules = (...rules: ManualRule[]): GroupMapping => ({ ...base, mode: 'manual', manual: { ...base.manual, rules } });

describe('validateGroupMapping', () => {
  it.each<[string, GroupMapping]>([
    ['the defaults', base],
    [
      'a manual mapping with a list and a pattern',
      withRules({ localGroup: 'a', idpGroups: ['x'] }, { localGroup: 'team-$1', idpGroupPattern: 'grp-(\\w+)' }),
    ],
    ['a $0 reference', withRules({ localGroup: 'sso-$0', idpGroupPattern: '\\w+' })],
    ['no group attribute while disabled', { ...base, groupAttribute: null }],
    ['on-the-fly with excluded groups', { ...base, mode: 'on-the-fly', onTheFly: { ...base.onTheFly, excludeGroups: ['local-admins'] } }],
  ])('accepts %s', (_case, mapping) => {
    expect(validateGroupMapping(mapping)).toEqual([]);
  });

  it.each<[string, GroupMapping, { field: string; reason: unknown }[]]>([
    [
      'no group attribute in manual mode',
      { ...withRules(), groupAttribute: null },
      [{ field: 'groupAttribute', reason: 'is required when mode is manual' }],
    ],
    [
      'a blank group attribute on the fly',
      { ...base, mode: 'on-the-fly', groupAttribute: ' ' },
      [{ field: 'groupAttribute', reason: 'is required when mode is on-the-fly' }],
    ],
    [
      'allowed groups without a group attribute',
      { ...base, groupAttribute: null, allowedGroups: ['staff'] },
      [{ field: 'groupAttribute', reason: 'is required when allowedGroups is set' }],
    ],
    [
      'an empty local group',
      withRules({ localGroup: ' ', idpGroups: ['x'] }),
      [{ field: 'manual.rules[0].localGroup', reason: 'must not be empty' }],
    ],
    [
      'a rule without provider groups',
      withRules({ localGroup: 'a', idpGroups: [] }),
      [{ field: 'manual.rules[0].idpGroups', reason: 'must name at least one provider group' }],
    ],
    [
      'a blank provider group',
      withRules({ localGroup: 'a', idpGroups: ['x', ''] }),
      [{ field: 'manual.rules[0].idpGroups[1]', reason: 'must not be empty' }],
    ],
    [
      'an empty pattern',
      withRules({ localGroup: 'a', idpGroupPattern: '' }),
      [{ field: 'manual.rules[0].idpGroupPattern', reason: 'must not be empty' }],
    ],
    [
      'an invalid pattern',
      withRules({ localGroup: 'a', idpGroups: ['x'] }, { localGroup: 'a', idpGroupPattern: 'grp-(' }),
      [{ field: 'manual.rules[1].idpGroupPattern', reason: expect.stringMatching(/^is not a valid regular expression: /) }],
    ],
    [
      'a pattern that would escape its anchors',
      withRules({ localGroup: 'a', idpGroupPattern: 'dev)|(.*' }),
      [{ field: 'manual.rules[0].idpGroupPattern', reason: expect.stringMatching(/^is not a valid regular expression: /) }],
    ],
    [
      'a reference to a capture the pattern lacks',
      withRules({ localGroup: '$1-$2', idpGroupPattern: 'grp-(\\w+)' }),
      [{ field: 'manual.rules[0].localGroup', reason: 'refers to $2, but the pattern has 1 capture group' }],
    ],
    [
      'a reference without any capture',
      withRules({ localGroup: 'team-$1', idpGroupPattern: 'grp-\\w+' }),
      [{ field: 'manual.rules[0].localGroup', reason: 'refers to $1, but the pattern has 0 capture groups' }],
    ],
    ['a blank default group', { ...base, defaultGroups: ['staff', ''] }, [{ field: 'defaultGroups[1]', reason: 'must not be empty' }]],
    [
      'a default group twice',
      { ...base, defaultGroups: ['staff', 'Staff'] },
      [{ field: 'defaultGroups[1]', reason: '"Staff" is listed twice' }],
    ],
    ['a blank allowed group', { ...base, allowedGroups: [' '] }, [{ field: 'allowedGroups[0]', reason: 'must not be empty' }]],
    [
      'a blank excluded group',
      { ...base, onTheFly: { ...base.onTheFly, excludeGroups: [' '] } },
      [{ field: 'onTheFly.excludeGroups[0]', reason: 'must not be empty' }],
    ],
    [
      'a blank pattern',
      withRules({ localGroup: 'a', idpGroupPattern: ' ' }),
      [{ field: 'manual.rules[0].idpGroupPattern', reason: 'must not be empty' }],
    ],
    [
      'an excluded group that is also a default group',
      { ...base, defaultGroups: ['staff'], onTheFly: { ...base.onTheFly, excludeGroups: ['STAFF'] } },
      [{ field: 'onTheFly.excludeGroups[0]', reason: '"STAFF" is also a default group, which every login may add' }],
    ],
  ])('refuses %s', (_case, mapping, problems) => {
    expect(validateGroupMapping(mapping)).toEqual(problems);
  });

  it('reports every problem at once', () => {
    const mapping: GroupMapping = {
      ...withRules({ localGroup: '', idpGroups: [] }, { localGroup: 'x', idpGroupPattern: '[' }),
      groupAttribute: null,
    };
    expect(validateGroupMapping(mapping).map((p) => p.field)).toEqual([
      'groupAttribute',
      'manual.rules[0].localGroup',
      'manual.rules[0].idpGroups',
      'manual.rules[1].idpGroupPattern',
    ]);
  });
});

describe('pattern helpers', () => {
  it.each([
    ['grp-(\\w+)', 'grp-dev', true],
    ['grp-(\\w+)', 'GRP-dev', true],
    ['grp-(\\w+)', 'xgrp-dev', false],
    ['grp-(\\w+)', 'grp-dev-x', false],
    ['a|b', 'ab', false],
    ['a|b', 'b', true],
  ])('compilePattern(%j) matches %j only as a whole: %j', (pattern, name, matches) => {
    expect(compilePattern(pattern).test(name)).toBe(matches);
  });

  it('expands captures into the local group name', () => {
    expect(expandLocalGroup('$2-$1 ($0)', compilePattern('app-(\\w+)-(\\w+)').exec('app-jira-users')!)).toBe('users-jira (app-jira-users)');
  });

  it('trims the expanded name', () => {
    expect(expandLocalGroup(' team-$1 ', compilePattern('grp-(\\w+)').exec('grp-dev')!)).toBe('team-dev');
  });

  it.each([
    ['team-$1', 'team-dev', true],
    ['team-$1', 'TEAM-ops', true],
    ['team-$1', 'wiki', false],
    ['a.b', 'axb', false],
    ['a.b', 'a.b', true],
    ['team-$1-x', 'team-dev-x', true],
    ['team-$1-x', 'team-dev-y', false],
    [' team-$1 ', 'team-dev', true],
    ['$1-users', 'jira-users', true],
  ])('templatePattern(%j) covers %j: %j', (template, name, covers) => {
    expect(templatePattern(template).test(name)).toBe(covers);
  });
});

describe('defaultGroupMapping', () => {
  it('reads the groups claim, gives default groups to new users only, and changes nothing else until configured', () => {
    expect(defaultGroupMapping()).toStrictEqual({
      groupAttribute: 'groups',
      defaultGroups: [],
      assignDefaultGroupsTo: 'new',
      mode: 'disabled',
      updateExistingUsers: true,
      manual: { rules: [], requireMappedGroupForCreation: false },
      onTheFly: { createMissingGroups: false, keepExistingGroups: true, excludeGroups: [] },
      allowedGroups: [],
    });
  });
});

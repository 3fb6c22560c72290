import { describe, expect, it } from '@jest/globals';
import { defaultGroupMapping, type GroupMapping } from './group-mapping.js';
import { planGroups, referencedGroups, type GroupPlan, type MembershipOrigin } from './plan-groups.js';

type MappingChanges = Partial<Omit<GroupMapping, 'manual' | 'onTheFly'>> & {
  manual?: Partial<GroupMapping['manual']>;
  onTheFly?: Partial<GroupMapping['onTheFly']>;
};

interface Case {
  idp?: string[];
  /** "name:origin"; these groups exist locally too. */
  current?: string[];
  mapping?: MappingChanges;
  isNewUser?: boolean;
  existing?: string[];
}

function plan({ idp = [], current = [], mapping = {}, isNewUser = false, existing = [] }: Case): GroupPlan {
  const base = defaultGroupMapping();
  const memberships = current.map((entry) => {
    const [name, origin] = entry.split(':') as [string, MembershipOrigin];
    return { name, origin };
  });
  return planGroups({
    idpGroups: idp,
    current: memberships,
    mapping: { ...base, ...mapping, manual: { ...base.manual, ...mapping.manual }, onTheFly: { ...base.onTheFly, ...mapping.onTheFly } },
    isNewUser,
    existingGroups: [...existing, ...memberships.map((m) => m.name)],
  });
}

/** "+group(origin)" per add, "-group" per remove, "*group" per create; a denial as its code. */
function summary(result: GroupPlan): string {
  if (!result.allowed) return result.code;
  return [
    ...result.add.map((a) => `+${a.group}(${a.origin})`),
    ...result.remove.map((r) => `-${r.group}`),
    ...result.create.map((c) => `*${c}`),
  ].join(' ');
}

const BSU = 'bitbucket-software-users';
const seedRule = { localGroup: BSU, idpGroups: ['dev'] };
const teamPattern = { localGroup: 'team-$1', idpGroupPattern: 'grp-(\\w+)' };
const staff = (to: GroupMapping['assignDefaultGroupsTo'], rest: MappingChanges = {}): MappingChanges => ({
  defaultGroups: ['staff'],
  assignDefaultGroupsTo: to,
  ...rest,
});
const manual = (settings: Partial<GroupMapping['manual']>, rest: MappingChanges = {}): MappingChanges => ({
  mode: 'manual',
  manual: settings,
  ...rest,
});
const seed = manual({ rules: [seedRule] });
const mapped = manual({ rules: [seedRule], requireMappedGroupForCreation: true });
const onTheFly = (settings: Partial<GroupMapping['onTheFly']>, rest: MappingChanges = {}): MappingChanges => ({
  mode: 'on-the-fly',
  onTheFly: settings,
  ...rest,
});
const strict = onTheFly({ keepExistingGroups: false });

describe.each<[string, [string, Case, string][]]>([
  [
    'mode disabled',
    [
      ['changes nothing', { idp: ['dev'], current: ['old:sso'], existing: ['dev'] }, ''],
      ['changes nothing for a new user', { idp: ['dev'], existing: ['dev'], isNewUser: true }, ''],
    ],
  ],
  [
    'default groups',
    [
      ['"all": an existing user', { mapping: staff('all'), existing: ['staff'] }, '+staff(default)'],
      ['"all": a new user', { mapping: staff('all'), existing: ['staff'], isNewUser: true }, '+staff(default)'],
      ['"new": an existing user', { mapping: staff('new'), existing: ['staff'] }, ''],
      ['"new": a new user', { mapping: staff('new'), existing: ['staff'], isNewUser: true }, '+staff(default)'],
      ['"none": a new user', { mapping: staff('none'), existing: ['staff'], isNewUser: true }, ''],
      ['a missing one is created', { mapping: staff('all') }, '+staff(default) *staff'],
      ['a blank one is left out', { mapping: staff('all', { defaultGroups: [' ', 'staff'] }) }, '+staff(default) *staff'],
      [
        'a missing one is created without the spaces around it',
        { mapping: staff('all', { defaultGroups: [' staff '] }) },
        '+staff(default) *staff',
      ],
      ['already a member, in another case', { current: ['Staff:manual'], mapping: staff('all') }, ''],
      [
        'the local spelling',
        { mapping: { defaultGroups: ['STAFF'], assignDefaultGroupsTo: 'all' }, existing: ['Staff'] },
        '+Staff(default)',
      ],
      ['in mode disabled', { mapping: staff('all', { mode: 'disabled' }), existing: ['staff'] }, '+staff(default)'],
      [
        'when existing users are not updated',
        { idp: ['dev'], mapping: staff('all', { ...strict, updateExistingUsers: false }), current: ['x:sso'] },
        '+staff(default) *staff',
      ],
      ['never removed on the fly', { current: ['staff:sso', 'legacy:default'], mapping: staff('none', strict) }, ''],
      ['never removed by manual mapping', { current: [`${BSU}:sso`], mapping: staff('none', { ...seed, defaultGroups: [BSU] }) }, ''],
      [
        'and an on-the-fly group: created and added once',
        { idp: ['Staff'], mapping: staff('all', onTheFly({ createMissingGroups: true })) },
        '+staff(default) *staff',
      ],
    ],
  ],
  [
    'manual mode',
    [
      ["a manual rule: 'dev' → bitbucket-software-users", { idp: ['dev'], mapping: seed, existing: [BSU] }, `+${BSU}(sso)`],
      ['provider group names compare case-insensitively', { idp: ['DEV'], mapping: seed, existing: [BSU] }, `+${BSU}(sso)`],
      [
        'the local spelling wins',
        { idp: ['dev'], mapping: seed, existing: ['Bitbucket-Software-Users'] },
        '+Bitbucket-Software-Users(sso)',
      ],
      ['an unmapped provider group is ignored', { idp: ['ops'], mapping: seed, existing: [BSU, 'ops'] }, ''],
      ['never creates a missing local group', { idp: ['dev'], mapping: seed }, ''],
      ['already a member', { idp: ['dev'], current: [`${BSU}:manual`], mapping: seed }, ''],
      [
        'one provider group, two local groups',
        { idp: ['dev'], mapping: manual({ rules: [seedRule, { localGroup: 'wiki', idpGroups: ['qa', 'dev'] }] }), existing: [BSU, 'wiki'] },
        `+${BSU}(sso) +wiki(sso)`,
      ],
      [
        'two rules, one local group, one add',
        { idp: ['dev', 'qa'], mapping: manual({ rules: [seedRule, { localGroup: BSU, idpGroups: ['qa'] }] }), existing: [BSU] },
        `+${BSU}(sso)`,
      ],
      [
        'a pattern with a capture',
        { idp: ['grp-dev', 'grp-ops'], mapping: manual({ rules: [teamPattern] }), existing: ['team-dev', 'Team-Ops'] },
        '+team-dev(sso) +Team-Ops(sso)',
      ],
      [
        'a pattern matches case-insensitively',
        { idp: ['GRP-dev'], mapping: manual({ rules: [teamPattern] }), existing: ['team-dev'] },
        '+team-dev(sso)',
      ],
      [
        'a pattern matches whole names only',
        { idp: ['xgrp-dev', 'grp-dev-old'], mapping: manual({ rules: [teamPattern] }), existing: ['team-dev', 'team-dev-old'] },
        '',
      ],
      [
        'alternatives stay anchored',
        { idp: ['admins-x'], mapping: manual({ rules: [{ localGroup: 'a', idpGroupPattern: 'admins|ops' }] }), existing: ['a'] },
        '',
      ],
      [
        'an invalid pattern matches and removes nothing',
        { idp: ['dev'], current: ['a:sso'], mapping: manual({ rules: [{ localGroup: 'a', idpGroupPattern: '(' }] }) },
        '',
      ],
      ['removes an sso membership it no longer grants', { current: [`${BSU}:sso`], mapping: seed }, `-${BSU}`],
      ['never removes a membership made by hand', { current: [`${BSU}:manual`], mapping: seed }, ''],
      ['never touches groups no rule names', { current: ['wiki:sso', 'jira:manual'], mapping: seed }, ''],
      [
        'removes what a pattern no longer grants',
        { idp: ['grp-dev'], current: ['team-dev:sso', 'team-ops:sso', 'wiki:sso'], mapping: manual({ rules: [teamPattern] }) },
        '-team-ops',
      ],
      ['existing users not updated', { current: [`${BSU}:sso`], idp: ['qa'], mapping: { ...seed, updateExistingUsers: false } }, ''],
      [
        'new users mapped even so',
        { idp: ['dev'], mapping: { ...seed, updateExistingUsers: false }, existing: [BSU], isNewUser: true },
        `+${BSU}(sso)`,
      ],
      ['a new user without a mapped group, not required', { idp: ['ops'], mapping: seed, isNewUser: true }, ''],
      [
        'a new user without a mapped group, required',
        { idp: ['ops'], mapping: mapped, existing: [BSU], isNewUser: true },
        'SSO_NO_MAPPED_GROUP',
      ],
      [
        'a new user mapped to a group that does not exist, required',
        { idp: ['dev'], mapping: mapped, isNewUser: true },
        'SSO_NO_MAPPED_GROUP',
      ],
      ['a new user with a mapped group, required', { idp: ['dev'], mapping: mapped, existing: [BSU], isNewUser: true }, `+${BSU}(sso)`],
      ['an existing user without a mapped group, required', { current: [`${BSU}:sso`], mapping: mapped }, `-${BSU}`],
      [
        'required, and existing users not updated',
        { idp: ['ops'], mapping: { ...mapped, updateExistingUsers: false }, isNewUser: true },
        'SSO_NO_MAPPED_GROUP',
      ],
    ],
  ],
  [
    'on-the-fly mode',
    [
      [
        'adds existing local groups, local spelling',
        { idp: ['dev', 'OPS'], mapping: onTheFly({}), existing: ['dev', 'Ops'] },
        '+dev(sso) +Ops(sso)',
      ],
      ['skips missing groups by default', { idp: ['dev'], mapping: onTheFly({}) }, ''],
      ['creates missing groups when asked', { idp: ['dev'], mapping: onTheFly({ createMissingGroups: true }) }, '+dev(sso) *dev'],
      [
        'keeps groups absent from the response by default',
        { idp: ['dev'], current: ['old:sso', 'wiki:manual'], mapping: onTheFly({}), existing: ['dev'] },
        '+dev(sso)',
      ],
      [
        'removes groups absent from the response, whoever added them',
        { idp: ['dev'], current: ['old:sso', 'wiki:manual', 'DEV:sso'], mapping: strict },
        '-old -wiki',
      ],
      [
        'keep-existing off with an excluded locally managed group',
        {
          idp: ['dev'],
          current: ['local-admins:manual', 'old-team:sso'],
          mapping: onTheFly({ keepExistingGroups: false, excludeGroups: ['Local-Admins'] }),
          existing: ['dev'],
        },
        '+dev(sso) -old-team',
      ],
      [
        'never adds an excluded group',
        {
          idp: ['local-admins'],
          mapping: onTheFly({ excludeGroups: ['LOCAL-admins'], createMissingGroups: true }),
          existing: ['local-admins'],
        },
        '',
      ],
      [
        'never removes a group SCIM provisioning gave: only SCIM takes it away',
        { idp: ['dev'], current: ['engineering:scim', 'old:sso'], mapping: strict, existing: ['dev'] },
        '+dev(sso) -old',
      ],
      [
        'never removes an excluded group, even an sso one',
        { current: ['local-admins:sso'], mapping: onTheFly({ keepExistingGroups: false, excludeGroups: ['local-admins'] }) },
        '',
      ],
      [
        'existing users not updated',
        { idp: ['dev'], current: ['old:sso'], mapping: { ...strict, updateExistingUsers: false }, existing: ['dev'] },
        '',
      ],
      [
        'new users mapped even so',
        { idp: ['dev'], mapping: onTheFly({ createMissingGroups: true }, { updateExistingUsers: false }), isNewUser: true },
        '+dev(sso) *dev',
      ],
      [
        'one create for names differing in case',
        { idp: ['New', 'NEW'], mapping: onTheFly({ createMissingGroups: true }) },
        '+New(sso) *New',
      ],
      ['ignores blank provider groups', { idp: [' ', ''], current: ['x:sso'], mapping: onTheFly({ createMissingGroups: true }) }, ''],
      [
        'requireMappedGroupForCreation does not apply',
        { idp: [], mapping: onTheFly({}, { manual: { rules: [], requireMappedGroupForCreation: true } }), isNewUser: true },
        '',
      ],
    ],
  ],
  [
    'allowed groups',
    [
      ['a member signs in', { idp: ['dev', 'staff'], mapping: { allowedGroups: ['staff'] } }, ''],
      ['compared case-insensitively', { idp: ['STAFF'], mapping: { allowedGroups: ['staff'] } }, ''],
      ['a non-member is refused', { idp: ['dev'], mapping: { allowedGroups: ['staff', 'contractors'] } }, 'SSO_GROUP_NOT_ALLOWED'],
      ['no groups at all is refused', { mapping: { allowedGroups: ['staff'] } }, 'SSO_GROUP_NOT_ALLOWED'],
      [
        'applies in mode disabled, to existing users',
        { idp: ['dev'], mapping: { allowedGroups: ['staff'], mode: 'disabled' } },
        'SSO_GROUP_NOT_ALLOWED',
      ],
      [
        'refused before anything else',
        { idp: ['dev'], mapping: { ...mapped, allowedGroups: ['staff'] }, isNewUser: true },
        'SSO_GROUP_NOT_ALLOWED',
      ],
      [
        'a member is mapped as usual',
        { idp: ['dev', 'staff'], mapping: { ...seed, allowedGroups: ['staff'] }, existing: [BSU] },
        `+${BSU}(sso)`,
      ],
      ['empty admits everyone', { mapping: { allowedGroups: [] } }, ''],
      ['blank entries are ignored', { mapping: { allowedGroups: [' '] } }, ''],
    ],
  ],
])('planGroups: %s', (_section, cases) => {
  it.each(cases)('%s', (_case, given, expected) => {
    expect(summary(plan(given))).toBe(expected);
  });
});

describe('planGroups over part of the claim (a sign-in leaves out the claimed groups the user holds)', () => {
  const base = defaultGroupMapping();
  const mapping: GroupMapping = {
    ...base,
    mode: 'on-the-fly',
    allowedGroups: ['staff'],
    onTheFly: { ...base.onTheFly, keepExistingGroups: false },
  };
  // 'staff' is claimed and held: left out of both lists.
  const part = {
    idpGroups: ['new'],
    current: [{ name: 'old', origin: 'sso' as const }],
    mapping,
    isNewUser: false,
    existingGroups: ['new'],
  };

  it('the allow-list looks at every claimed group, also one the plan leaves out', () => {
    expect(summary(planGroups({ ...part, claimedGroups: ['staff', 'new'] }))).toBe('+new(sso) -old');
  });

  it('and refuses when none of the claimed groups is allowed', () => {
    expect(summary(planGroups({ ...part, claimedGroups: ['new'] }))).toBe('SSO_GROUP_NOT_ALLOWED');
  });
});

describe('planGroups: why each membership the user has stays', () => {
  it.each<[string, Case, string]>([
    // case, given, "group:RULE_CODE" per kept membership
    ['mapping off', { idp: ['dev'], current: ['old:sso', 'mine:manual'] }, 'old:MAPPING_OFF mine:ADDED_BY_ADMIN'],
    ['an administrator’s membership in manual mode', { idp: [], current: ['mine:manual'], mapping: seed }, 'mine:ADDED_BY_ADMIN'],
    ['a SCIM membership on the fly', { idp: [], current: ['hr:scim'], mapping: strict }, 'hr:SET_BY_SCIM'],
    ['a default group on the fly', { idp: [], current: ['staff:default'], mapping: strict }, 'staff:DEFAULT_GROUP'],
    [
      'a default group named in the mapping',
      { current: ['staff:sso'], mapping: onTheFly({ keepExistingGroups: false }, staff('new')) },
      'staff:DEFAULT_GROUP',
    ],
    ['still mapped by a manual row', { idp: ['dev'], current: [`${BSU}:sso`], mapping: seed }, `${BSU}:MANUAL_RULE`],
    ['a group no manual row grants', { idp: [], current: ['other:sso'], mapping: seed }, 'other:MANUAL_NOT_MANAGED'],
    ['still sent, on the fly', { idp: ['DEV'], current: ['dev:sso'], mapping: strict }, 'dev:ON_THE_FLY'],
    [
      'excluded on the fly',
      { idp: [], current: ['admins:sso'], mapping: onTheFly({ keepExistingGroups: false, excludeGroups: ['admins'] }) },
      'admins:ON_THE_FLY_EXCLUDED',
    ],
    [
      'existing groups kept on the fly',
      { idp: [], current: ['old:sso'], mapping: onTheFly({ keepExistingGroups: true }) },
      'old:ON_THE_FLY_KEEP_EXISTING',
    ],
    [
      'an existing user the mapping does not update',
      { idp: [], current: ['old:sso'], mapping: { ...strict, updateExistingUsers: false } },
      'old:EXISTING_USERS_NOT_UPDATED',
    ],
    ['a removed membership is not kept', { idp: [], current: ['old:sso'], mapping: strict }, ''],
    ['a default group with the mapping off', { idp: [], current: ['staff:default'] }, 'staff:DEFAULT_GROUP'],
  ])('%s', (_, given, expected) => {
    const result = plan(given);
    if (!result.allowed) throw new Error(result.code);
    expect(result.kept.map((k) => `${k.group}:${k.ruleCode}`).join(' ')).toBe(expected);
    for (const k of result.kept) expect(k.rule).toMatch(/\S/);
  });

  it.each<[string, Case, string]>([
    ['not in an allowed group', { idp: ['dev'], mapping: { allowedGroups: ['admins'] } }, 'NOT_IN_ALLOWED_GROUPS'],
    ['no mapped group for a new user', { idp: ['sales'], mapping: mapped, existing: [BSU], isNewUser: true }, 'NO_MAPPED_GROUP'],
  ])('a refusal names its rule: %s', (_, given, ruleCode) => {
    const result = plan(given);
    expect(!result.allowed && result.ruleCode).toBe(ruleCode);
  });

  it.each<[string, Case, boolean]>([
    ['nothing to change', { idp: ['dev'], current: ['dev:sso'], mapping: strict }, true],
    ['an add', { idp: ['dev', 'ops'], current: ['dev:sso'], existing: ['ops'], mapping: strict }, false],
    ['a remove only', { idp: [], current: ['dev:sso'], mapping: strict }, false],
    ['a group created', { idp: ['new'], mapping: onTheFly({ createMissingGroups: true }) }, false],
  ])('says whether the plan changes anything: %s', (_, given, unchanged) => {
    const result = plan(given);
    expect(result.allowed && result.unchanged).toBe(unchanged);
  });

  it.each<[string, Case, string]>([
    ['absent from the response', { idp: [], current: ['old:sso'], mapping: strict }, '-old:ON_THE_FLY_ABSENT'],
    ['no such local group', { idp: ['nowhere'], mapping: onTheFly({ createMissingGroups: false }) }, '~nowhere:ON_THE_FLY_NO_LOCAL_GROUP'],
    [
      'a manual row to a blank group name',
      { idp: ['dev'], mapping: manual({ rules: [{ localGroup: '  ', idpGroups: ['dev'] }] }) },
      '~:MANUAL_EMPTY_NAME',
    ],
  ])('names the rule of a change: %s', (_, given, expected) => {
    const result = plan(given);
    if (!result.allowed) throw new Error(result.code);
    const changes = [...result.remove.map((r) => `-${r.group}:${r.ruleCode}`), ...result.skipped.map((k) => `~${k.group}:${k.ruleCode}`)];
    expect(changes.join(' ')).toBe(expected);
  });
});

describe('planGroups: the rule behind each change', () => {
  it('names the rule of every add, remove and skip', () => {
    const result = plan({
      idp: ['dev', 'grp-ops', 'grp-qa'],
      current: ['confluence-users:sso', 'team-old:sso'],
      mapping: manual(
        { rules: [seedRule, { localGroup: 'confluence-users', idpGroups: ['writers'] }, teamPattern] },
        { defaultGroups: ['staff'], assignDefaultGroupsTo: 'new' },
      ),
      existing: ['bitbucket-software-users', 'team-ops'],
      isNewUser: true,
    });
    expect(result).toEqual({
      allowed: true,
      add: [
        { group: 'staff', origin: 'default', ruleCode: 'DEFAULT_GROUP', rule: 'default group (new users)' },
        {
          group: 'bitbucket-software-users',
          origin: 'sso',
          ruleCode: 'MANUAL_RULE',
          rule: "manual: 'dev' → bitbucket-software-users",
          row: 1,
        },
        { group: 'team-ops', origin: 'sso', ruleCode: 'MANUAL_RULE', rule: "manual: 'grp-ops' ~ /grp-(\\w+)/ → team-ops", row: 3 },
      ],
      remove: [
        {
          group: 'confluence-users',
          ruleCode: 'MANUAL_NO_LONGER_MAPPED',
          rule: 'manual: no provider group maps to confluence-users any more',
        },
        { group: 'team-old', ruleCode: 'MANUAL_NO_LONGER_MAPPED', rule: 'manual: no provider group maps to team-old any more' },
      ],
      create: ['staff'],
      skipped: [
        {
          group: 'team-qa',
          ruleCode: 'MANUAL_NO_LOCAL_GROUP',
          rule: "manual: 'grp-qa' ~ /grp-(\\w+)/ → team-qa: no such local group (manual mapping never creates groups)",
          row: 3,
        },
      ],
      kept: [],
      unchanged: false,
    });
  });

  it('explains on-the-fly decisions', () => {
    const result = plan({
      idp: ['dev', 'new-team', 'local-admins', 'unknown'],
      current: ['old:sso'],
      mapping: onTheFly(
        { keepExistingGroups: false, excludeGroups: ['local-admins'] },
        { defaultGroups: ['staff'], assignDefaultGroupsTo: 'all' },
      ),
      existing: ['dev', 'staff'],
    });
    expect(result).toMatchObject({
      add: [
        { group: 'staff', origin: 'default', rule: 'default group (all users)' },
        { group: 'dev', origin: 'sso', rule: "on-the-fly: provider group 'dev'" },
      ],
      remove: [{ group: 'old', rule: 'on-the-fly: absent from provider response' }],
      skipped: [
        { group: 'new-team', rule: 'on-the-fly: no such local group, and missing groups are not created' },
        { group: 'local-admins', rule: 'on-the-fly: excluded group (managed locally)' },
        { group: 'unknown', rule: 'on-the-fly: no such local group, and missing groups are not created' },
      ],
    });
  });

  it('marks a group created on the fly', () => {
    const result = plan({ idp: ['dev'], mapping: onTheFly({ createMissingGroups: true }) });
    expect(result.allowed && result.add).toEqual([
      { group: 'dev', origin: 'sso', ruleCode: 'ON_THE_FLY_CREATED', rule: "on-the-fly: provider group 'dev' (group created)" },
    ]);
  });

  it("takes the user's own groups as existing, listed or not, keeping their stored spelling", () => {
    const base = defaultGroupMapping();
    const current = [{ name: 'Dev', origin: 'sso' as const }];
    const onTheFlyCreating = { ...base, mode: 'on-the-fly' as const, onTheFly: { ...base.onTheFly, createMissingGroups: true } };
    const fly = planGroups({ idpGroups: ['DEV'], current, mapping: onTheFlyCreating, isNewUser: false, existingGroups: [] });
    expect(fly).toMatchObject({ allowed: true, add: [], create: [], unchanged: true });
    // Strict: an outcome without a mapping row has no `row` key at all (the preview's JSON is compared as it is).
    expect(fly.allowed && fly.kept).toStrictEqual([{ group: 'Dev', ruleCode: 'ON_THE_FLY', rule: "on-the-fly: provider group 'DEV'" }]);
    const manualMapping = {
      ...base,
      mode: 'manual' as const,
      manual: { ...base.manual, rules: [{ localGroup: 'dev', idpGroups: ['engineers'] }] },
    };
    const byRule = planGroups({ idpGroups: ['engineers'], current, mapping: manualMapping, isNewUser: false, existingGroups: [] });
    expect(byRule).toMatchObject({ allowed: true, add: [], skipped: [], unchanged: true });
  });

  it('reports an empty group name from a capture that took no part', () => {
    const result = plan({ idp: ['grp'], mapping: manual({ rules: [{ localGroup: '$1', idpGroupPattern: 'grp(-\\w+)?' }] }) });
    expect(result.allowed && result.skipped).toEqual([
      { group: '', ruleCode: 'MANUAL_EMPTY_NAME', rule: "manual: 'grp' ~ /grp(-\\w+)?/ gives an empty group name", row: 1 },
    ]);
  });

  it.each<[string, Case, boolean]>([
    ['nothing to do', { idp: ['dev'], current: ['dev:sso'], mapping: onTheFly({}), existing: ['dev'] }, true],
    ['only skips', { idp: ['missing'], mapping: onTheFly({}) }, true],
    ['an add', { idp: ['dev'], mapping: onTheFly({}), existing: ['dev'] }, false],
    ['a remove', { current: ['old:sso'], mapping: onTheFly({ keepExistingGroups: false }) }, false],
  ])('is unchanged with %s: %j', (_case, given, unchanged) => {
    const result = plan(given);
    expect(result.allowed && result.unchanged).toBe(unchanged);
  });

  const notAllowed = 'You are not in a group that may sign in here.';
  const noMappedGroup = 'None of your groups gives access here, so no account was created for you.';
  it.each<[Case, string, string]>([
    [
      { idp: ['dev'], mapping: { allowedGroups: ['staff', 'contractors'] } },
      notAllowed,
      'allowed groups: none of staff, contractors in the provider response',
    ],
    [
      { idp: ['ops'], mapping: manual({ rules: [seedRule], requireMappedGroupForCreation: true }), isNewUser: true },
      noMappedGroup,
      'manual: no provider group maps to an existing local group (provider groups: ops)',
    ],
    [
      { idp: ['ops', 'qa'], mapping: manual({ rules: [seedRule], requireMappedGroupForCreation: true }), isNewUser: true },
      noMappedGroup,
      'manual: no provider group maps to an existing local group (provider groups: ops, qa)',
    ],
    [
      { mapping: manual({ rules: [seedRule], requireMappedGroupForCreation: true }), isNewUser: true },
      noMappedGroup,
      'manual: no provider group maps to an existing local group (provider groups: none)',
    ],
  ])('gives a denial a message and a rule: %#', (given, message, rule) => {
    const result = plan(given);
    expect(result).toMatchObject({ allowed: false, rule, message });
  });
});

describe('referencedGroups', () => {
  const mappingOf = (changes: MappingChanges): GroupMapping => {
    const base = defaultGroupMapping();
    return { ...base, ...changes, manual: { ...base.manual, ...changes.manual }, onTheFly: { ...base.onTheFly, ...changes.onTheFly } };
  };

  it.each<[string, string[], MappingChanges, string[]]>([
    ['nothing when disabled', ['dev'], {}, []],
    ['the default groups, whatever the mode', ['dev'], staff('none'), ['staff']],
    ['the manual targets, patterns expanded', [' dev ', 'grp-red', 'ops'], manual({ rules: [seedRule, teamPattern] }), [BSU, 'team-red']],
    ['the provider groups on the fly, trimmed', [' a ', '', 'b'], onTheFly({}, staff('all')), ['staff', 'a', 'b']],
    ['no manual targets on the fly, even with rows stored', ['dev'], onTheFly({}, { manual: { rules: [seedRule] } }), ['dev']],
  ])('names %s', (_case, idp, mapping, expected) => {
    expect(referencedGroups(idp, mappingOf(mapping))).toEqual(expected);
  });

  it('names every group a plan needs to know about, so planning with just those gives the same plan', () => {
    const mapping = mappingOf(manual({ rules: [seedRule, teamPattern], requireMappedGroupForCreation: true }, staff('new')));
    const local = [BSU, 'team-red', 'unrelated'];
    const referenced = new Set(referencedGroups(['dev', 'grp-red', 'grp-blue'], mapping).map((name) => name.toLowerCase()));
    const existing = local.filter((name) => referenced.has(name.toLowerCase()));
    const input = { idpGroups: ['dev', 'grp-red', 'grp-blue'], current: [], mapping, isNewUser: true };
    expect(planGroups({ ...input, existingGroups: existing })).toEqual(planGroups({ ...input, existingGroups: local }));
    expect(summary(planGroups({ ...input, existingGroups: existing }))).toBe(`+staff(default) +${BSU}(sso) +team-red(sso) *staff`);
  });
});

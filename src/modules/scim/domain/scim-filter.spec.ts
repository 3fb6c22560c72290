import { describe, expect, it } from '@jest/globals';
import { parseFilter, type ScimFilter } from './scim-filter.js';
import { equalityHint, matchesFilter } from './match-filter.js';

const alice = {
  id: 'a1',
  externalId: 'Ext-1',
  userName: 'Alice@Example.com',
  displayName: 'Alice Archer',
  active: true,
  name: { givenName: 'Alice', familyName: 'Archer' },
  emails: [
    { value: 'alice@example.com', type: 'work', primary: true },
    { value: 'alice@home.example', type: 'home' },
  ],
  meta: { resourceType: 'User' },
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Sales' },
};

function parsed(text: string): ScimFilter {
  const result = parseFilter(text);
  if (!result.ok) throw new Error(`${text}: ${result.reason}`);
  return result.filter;
}

describe('parseFilter', () => {
  it.each<[string, ScimFilter]>([
    ['userName eq "bjensen"', { kind: 'compare', path: 'username', op: 'eq', value: 'bjensen' }],
    ['USERNAME EQ "x"', { kind: 'compare', path: 'username', op: 'eq', value: 'x' }],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', { kind: 'compare', path: 'username', op: 'sw', value: 'J' }],
    ['name.familyName co "O\'Malley"', { kind: 'compare', path: 'name.familyname', op: 'co', value: "O'Malley" }],
    ['title pr', { kind: 'present', path: 'title' }],
    ['active eq true', { kind: 'compare', path: 'active', op: 'eq', value: true }],
    ['meta.version ne null', { kind: 'compare', path: 'meta.version', op: 'ne', value: null }],
    ['x gt 2.5', { kind: 'compare', path: 'x', op: 'gt', value: 2.5 }],
    ['displayName eq "a \\"quoted\\" name"', { kind: 'compare', path: 'displayname', op: 'eq', value: 'a "quoted" name' }],
    [
      'a eq "1" or b eq "2" and c eq "3"',
      {
        kind: 'or',
        left: { kind: 'compare', path: 'a', op: 'eq', value: '1' },
        right: {
          kind: 'and',
          left: { kind: 'compare', path: 'b', op: 'eq', value: '2' },
          right: { kind: 'compare', path: 'c', op: 'eq', value: '3' },
        },
      },
    ],
    ['not (a pr)', { kind: 'not', filter: { kind: 'present', path: 'a' } }],
    ['emails[type eq "work"]', { kind: 'valuePath', path: 'emails', filter: { kind: 'compare', path: 'type', op: 'eq', value: 'work' } }],
    [
      'emails[type eq "work"].value eq "a@b.c"',
      {
        kind: 'valuePath',
        path: 'emails',
        filter: {
          kind: 'and',
          left: { kind: 'compare', path: 'type', op: 'eq', value: 'work' },
          right: { kind: 'compare', path: 'value', op: 'eq', value: 'a@b.c' },
        },
      },
    ],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual({ ok: true, filter: expected });
  });

  it.each([
    ['', 'ends where an attribute belongs'],
    ['userName', 'ends where an operator after the attribute belongs'],
    ['userName eq', 'ends where a value after the operator belongs'],
    ['userName eq bjensen', 'has "bjensen" where a value belongs (strings are quoted)'],
    ['userName is "x"', 'has "is" where an operator belongs'],
    ['userName eq "x', 'has a string without its closing quote'],
    ['userName eq "x" extra', 'has an unexpected "extra" after a complete expression'],
    ['(userName eq "x"', 'ends where "(" belongs'.replace('(', ')')],
    ['emails[type eq "work"', 'ends where "]" belongs'],
    ['emails[type eq "work"].va!ue eq "x"', 'has an unexpected character "!" at position 26'],
    ['userName eq "x" and', 'ends where an attribute belongs'],
    ['and eq "x"', 'has "and" where an attribute belongs'],
    ['1abc eq "x"', 'has "1abc" where an attribute belongs'],
    ['a+b pr', 'has "a+b" where an attribute belongs'],
    ['a eq "\\q"', 'has an invalid string "\\q"'],
    ['a eq "x" ; drop', 'has an unexpected character ";" at position 10'],
    ['not a pr', 'has "a" where "(" belongs'],
    ['('.repeat(20) + 'a pr' + ')'.repeat(20), 'nests deeper than 16 levels'],
    ['a eq "' + 'x'.repeat(2001) + '"', 'is longer than 2000 characters'],
    ['not ('.repeat(17) + 'a pr' + ')'.repeat(17), 'nests deeper than 16 levels'],
    ['a['.repeat(17) + 'b pr' + ']'.repeat(17), 'nests deeper than 16 levels'],
    ['a eq "\\q' + 'x'.repeat(50) + '"', 'has an invalid string "\\q' + 'x'.repeat(37)],
    ['emails[type eq "work"].9value eq "x"', 'has an invalid sub-attribute .9value'],
    ['emails[type eq "work"].value+x eq "x"', 'has an invalid sub-attribute .value+x'],
  ])('refuses %j: %s', (text, reason) => {
    expect(parseFilter(text)).toEqual({ ok: false, reason });
  });

  it.each<[string, number]>([
    ['count eq 3', 3],
    ['count eq -2', -2],
    ['count eq 1.5', 1.5],
    ['count eq 12.25', 12.25],
    ['count eq 1e3', 1000],
    ['count eq 25E-1', 2.5],
    ['count eq 1.5e+2', 150],
    ['count eq 1e12', 1e12],
  ])('reads the number in %s', (text, value) => {
    expect(parseFilter(text)).toEqual({ ok: true, filter: { kind: 'compare', path: 'count', op: 'eq', value } });
  });

  it.each(['count eq 1.', 'count eq 1e', 'count eq 12a', 'count eq x12', 'count eq 1ex', 'count eq 1e+'])(
    'refuses the value in %s',
    (text) => {
      const word = text.slice('count eq '.length);
      expect(parseFilter(text)).toEqual({ ok: false, reason: `has ${JSON.stringify(word)} where a value belongs (strings are quoted)` });
    },
  );

  it.each(['brand eq "x"', 'color pr', 'knot pr', 'android pr'])('reads an attribute whose name ends like a keyword: %s', (text) => {
    expect(parseFilter(text).ok).toBe(true);
  });

  it.each([
    ['2000 characters, the most it reads', 'a eq "' + 'x'.repeat(1993) + '"'],
    ['16 levels of parentheses', '('.repeat(16) + 'a pr' + ')'.repeat(16)],
    ['a tab between the words', 'a\tpr'],
    ['a value path, then and', 'emails[type eq "work"] and a pr'],
  ])('reads %s', (_name, text) => {
    expect(parseFilter(text).ok).toBe(true);
  });
});

describe('matchesFilter', () => {
  it.each([
    ['userName eq "alice@example.com"', true],
    ['userName eq "bob@example.com"', false],
    ['externalId eq "Ext-1"', true],
    ['externalId eq "ext-1"', false],
    ['id eq "A1"', false],
    ['emails[type eq "work"].value eq "ALICE@example.com"', true],
    ['emails[type eq "home"].value eq "alice@example.com"', false],
    ['emails eq "alice@home.example"', true],
    ['emails.value eq "alice@home.example"', true],
    ['emails[type eq "work" and primary eq true]', true],
    ['emails[type eq "other"]', false],
    ['displayName sw "alice"', true],
    ['displayName ew "archer"', true],
    ['displayName co "ce ar"', true],
    ['name.givenName eq "Alice"', true],
    ['active eq true', true],
    ['active eq false', false],
    ['title pr', false],
    ['name pr', true],
    ['title eq null', true],
    ['userName ne "bob"', true],
    ['userName ne "alice@example.com"', false],
    ['not (active eq true)', false],
    ['userName eq "x" or active eq true', true],
    ['userName eq "x" and active eq true', false],
    ['emails[type eq "work"] and userName eq "alice@example.com"', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "sales"', true],
    ['userName gt "a"', true],
    ['userName lt "a"', false],
    ['active gt 1', false],
  ])('%s → %s', (text, expected) => {
    expect(matchesFilter(parsed(text), alice)).toBe(expected);
  });
});

describe('matchesFilter on numbers, blanks and single values', () => {
  const resource = {
    count: 3,
    blank: '',
    none: [],
    nothing: null,
    mixed: ['', 'a'],
    one: 'x',
    tags: ['a', 'b'],
    active: true,
    name: { givenName: 'Alice' },
    lists: [[]],
    full: [['a']],
    accent: '\u00e9',
  };
  it.each([
    ['lists pr', false],
    ['full pr', true],
    ['nothing eq null', true],
    ['one eq null', false],
    ['one ne null', true],
    ['nothing ne null', false],
    ['nothing gt null', false],
    ['active gt true', false],
    ['active ne false', true],
    ['active eq "true"', false],
    ['blank lt 1', false],
    ['nothing le 1', false],
    ['accent eq "e\u0301"', false],
    ['accent eq "\u00e9"', true],
    ['count eq 3', true],
    ['count eq 4', false],
    ['count gt 2', true],
    ['count gt 3', false],
    ['count ge 3', true],
    ['count ge 4', false],
    ['count lt 4', true],
    ['count lt 3', false],
    ['count le 3', true],
    ['count le 2', false],
    ['count co 3', false],
    ['count eq "3"', false],
    ['active sw "t"', false],
    ['one ge "x"', true],
    ['one ge "y"', false],
    ['one le "x"', true],
    ['one le "w"', false],
    ['blank pr', false],
    ['none pr', false],
    ['one pr', true],
    ['nothing pr', false],
    ['mixed pr', true],
    ['tags ne "a"', false],
    ['tags ne "c"', true],
    ['one eq "x" or active eq false', true],
    ['one eq "y" or active eq false', false],
    ['not (one eq "y")', true],
    ['tags eq "b"', true],
    ['tags.value eq "a"', false],
    ['tags.value pr', false],
    ['name[givenName eq "alice"]', true],
    ['name[givenName eq "bob"]', false],
    ['title[value eq "x"]', false],
    ['not (title[value eq "x"])', true],
  ])('%s → %s', (text, expected) => {
    expect(matchesFilter(parsed(text), resource)).toBe(expected);
  });
});

describe('equalityHint', () => {
  it.each([
    ['userName eq "x"', { path: 'username', value: 'x' }],
    ['externalId eq "e" and active eq true', { path: 'externalid', value: 'e' }],
    ['active eq true and displayName eq "d"', { path: 'displayname', value: 'd' }],
    ['emails[type eq "work"].value eq "a@b.c"', { path: 'emails.value', value: 'a@b.c' }],
    ['emails eq "a@b.c"', { path: 'emails.value', value: 'a@b.c' }],
    ['emails[type eq "work"]', null],
    ['userName eq "x" or userName eq "y"', null],
    ['userName sw "x"', null],
    ['active eq true', null],
    ['not (userName eq "x")', null],
  ])('%s', (text, expected) => {
    expect(equalityHint(parsed(text))).toEqual(expected);
  });
});

import { describe, expect, it } from '@jest/globals';
import { checkAccessRules } from './access-rules.js';

const valid = { name: 'git', host: 'git.example.com', policy: 'allow' };

describe('checkAccessRules', () => {
  it('normalises hosts, prefixes, domains and users, and fills in the defaults', () => {
    expect(
      checkAccessRules({
        rules: [
          { name: ' Git ', host: 'GIT.Example.com', policy: 'allow', pathPrefix: '/Admin/', groups: [' devs '], users: ['Ann'] },
          { name: 'wiki', host: '*.Bücher.example', policy: 'deny', emailDomains: ['@Contractor.IO'], pathPrefix: '' },
        ],
      }),
    ).toEqual({
      ok: true,
      rules: {
        rules: [
          {
            name: 'Git',
            host: 'git.example.com',
            pathPrefix: '/admin',
            policy: 'allow',
            groups: ['devs'],
            emailDomains: [],
            users: ['ann'],
          },
          {
            name: 'wiki',
            host: '*.xn--bcher-kva.example',
            pathPrefix: null,
            policy: 'deny',
            groups: [],
            emailDomains: ['contractor.io'],
            users: [],
          },
        ],
      },
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['no path prefix', valid, { pathPrefix: null }],
    ['a null path prefix', { ...valid, pathPrefix: null }, { pathPrefix: null }],
    ['a path prefix of /', { ...valid, pathPrefix: '/' }, { pathPrefix: '/' }],
    ['a name of 100 characters', { ...valid, name: 'n'.repeat(100) }, { name: 'n'.repeat(100) }],
    ['a host with a port and a trailing dot', { ...valid, host: 'git.example.com.:8443' }, { host: 'git.example.com' }],
    ['null lists', { ...valid, groups: null, users: null, emailDomains: null }, { groups: [], users: [], emailDomains: [] }],
    [
      'users and domains with spaces around',
      { ...valid, users: [' Ann '], emailDomains: [' @Contractor.IO '] },
      { users: ['ann'], emailDomains: ['contractor.io'] },
    ],
    ['a host with spaces around', { ...valid, host: ' git.example.com ' }, { host: 'git.example.com' }],
    ['a wildcard host with spaces around', { ...valid, host: ' *.Example.com ' }, { host: '*.example.com' }],
    ['a path prefix with trailing slashes', { ...valid, pathPrefix: '/Admin//' }, { pathPrefix: '/admin' }],
    ['a group name of 320 characters', { ...valid, groups: ['g'.repeat(320)] }, { groups: ['g'.repeat(320)] }],
    ['a list of 500 groups', { ...valid, groups: Array.from({ length: 500 }, (_, i) => `g${i}`) }, {}],
  ])('accepts %s', (_case, rule, expected) => {
    expect(checkAccessRules({ rules: [rule] })).toMatchObject({ ok: true, rules: { rules: [{ ...valid, ...expected }] } });
  });

  it('accepts 500 rules', () => {
    expect(checkAccessRules({ rules: Array.from({ length: 500 }, (_, i) => ({ ...valid, name: `r${i}` })) }).ok).toBe(true);
  });

  it.each([
    [null, 'rules', /list of rules/],
    [{ rules: [{ ...valid, name: 5 }] }, 'rules[0].name', /non-empty/],
    [{ rules: [{ ...valid, name: 'n'.repeat(101) }] }, 'rules[0].name', /at most 100/],
    [{ rules: [{ ...valid, host: 'git.example.com:99999' }] }, 'rules[0].host', /host name/],
    [{ rules: 'x' }, 'rules', /list of rules/],
    [{ rules: [null] }, 'rules[0]', /object/],
    [{ rules: ['x'] }, 'rules[0]', /object/],
    [{ rules: [{ ...valid, host: 5 }] }, 'rules[0].host', /host name/],
    [{ rules: [{ ...valid, groups: [5] }] }, 'rules[0].groups[0]', /non-empty text/],
    [{ rules: [{ ...valid, groups: [' '] }] }, 'rules[0].groups[0]', /non-empty text/],
    [{ rules: [{ ...valid, groups: ['g'.repeat(321)] }] }, 'rules[0].groups[0]', /at most 320 characters/],
    [{ rules: [{ ...valid, name: '' }] }, 'rules[0].name', /non-empty/],
    [{ rules: [valid, { ...valid, name: 'GIT' }] }, 'rules[1].name', /used by another rule/],
    [{ rules: [{ ...valid, host: 'https://git.example.com' }] }, 'rules[0].host', /host name/],
    [{ rules: [{ ...valid, host: 'git.example.com/x' }] }, 'rules[0].host', /host name/],
    [{ rules: [{ ...valid, host: 'evil.io@git.example.com' }] }, 'rules[0].host', /host name/],
    [{ rules: [{ ...valid, host: 'git_.example.com' }] }, 'rules[0].host', /host name/],
    [{ rules: [{ ...valid, host: '*' }] }, 'rules[0].host', /host name/],
    [{ rules: [{ ...valid, pathPrefix: 'admin' }] }, 'rules[0].pathPrefix', /starting with \//],
    [{ rules: [{ ...valid, pathPrefix: '/%61dmin' }] }, 'rules[0].pathPrefix', /%-escapes/],
    [{ rules: [{ ...valid, pathPrefix: '/a?b' }] }, 'rules[0].pathPrefix', /no query/],
    [{ rules: [{ ...valid, pathPrefix: 'a/b' }] }, 'rules[0].pathPrefix', /starting with \//],
    [{ rules: [{ ...valid, pathPrefix: '/a b' }] }, 'rules[0].pathPrefix', /starting with \//],
    [{ rules: [{ ...valid, pathPrefix: `/${'a'.repeat(501)}` }] }, 'rules[0].pathPrefix', /starting with \//],
    [{ rules: [{ ...valid, pathPrefix: ['/admin'] }] }, 'rules[0].pathPrefix', /starting with \//],
    [{ rules: [{ ...valid, users: 'ann' }] }, 'rules[0].users', /list/],
    [{ rules: [{ ...valid, groups: Array.from({ length: 501 }, (_, i) => `g${i}`) }] }, 'rules[0].groups', /at most 500 entries/],
    [{ rules: [{ ...valid, emailDomains: ['ann@contractor.io'] }] }, 'rules[0].emailDomains[0]', /^contains "@"/],
    [{ rules: [{ ...valid, policy: 'maybe' }] }, 'rules[0].policy', /"allow" or "deny"/],
    [{ rules: [{ ...valid, groups: 'devs' }] }, 'rules[0].groups', /list/],
    [{ rules: [{ ...valid, groups: [''] }] }, 'rules[0].groups[0]', /non-empty/],
    [{ rules: [{ ...valid, emailDomains: ['not a domain'] }] }, 'rules[0].emailDomains[0]', /^contains whitespace/],
    [{ rules: [{ ...valid, extra: 1 }] }, 'rules[0].extra', /not a rule field/],
    [{ rules: Array.from({ length: 501 }, (_, i) => ({ ...valid, name: `r${i}` })) }, 'rules', /at most 500/],
  ])('refuses %j at %s', (input, field, reason) => {
    const checked = checkAccessRules(input);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors).toEqual(expect.arrayContaining([{ field, reason: expect.stringMatching(reason) }]));
  });
});

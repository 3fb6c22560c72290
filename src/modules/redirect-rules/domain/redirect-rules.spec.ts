import { describe, expect, it } from '@jest/globals';
import { chooseProvider, staleRules, validateRedirectRules, type RedirectRules } from './redirect-rules.js';

const rules: RedirectRules = {
  enabled: true,
  rules: [
    { name: 'staff', match: { emailDomains: ['miniorange.com', 'MiniOrange.co.uk.'] }, providerId: 'azure' },
    { name: 'contractors', match: { emailPattern: '.*\\.ext@miniorange\\.com' }, providerId: 'okta' },
    { name: 'partners', match: { emailPattern: '[a-z]+@(partner|supplier)\\.example' }, providerId: 'okta' },
    { name: 'german', match: { emailDomains: ['bücher.de'] }, providerId: 'keycloak' },
    { name: 'retired', match: { emailDomains: ['old.example'] }, providerId: 'deleted-provider' },
    { name: 'retired-fallback', match: { emailDomains: ['old.example'] }, providerId: 'keycloak' },
  ],
  defaultProviderId: 'google',
};
const usable = new Set(['azure', 'okta', 'keycloak', 'google']);

describe('chooseProvider', () => {
  it.each([
    ['alice@miniorange.com', 'azure', 'staff'],
    ['Alice@MINIORANGE.com.', 'azure', 'staff'],
    ['bob@miniorange.co.uk', 'azure', 'staff'],
    // rules apply in order: the domain rule above wins over the pattern
    ['bob.ext@miniorange.com', 'azure', 'staff'],
    ['Carol@Partner.example', 'okta', 'partners'],
    ['a@bücher.de', 'keycloak', 'german'],
    ['a@xn--bcher-kva.de', 'keycloak', 'german'],
    // the rule whose provider is gone is skipped, the next one applies
    ['dave@old.example', 'keycloak', 'retired-fallback'],
    // subdomains and look-alikes are other domains: they fall to the default
    ['eve@sub.miniorange.com', 'google', 'default'],
    ['eve@miniorange.com.evil.com', 'google', 'default'],
    // patterns are anchored on the whole email
    ['carol@partner.example.evil.com', 'google', 'default'],
    ['x-carol@partner.example', 'google', 'default'],
    ['someone@gmail.com', 'google', 'default'],
  ])('sends %j to %j (rule %j)', (email, providerId, rule) => {
    expect(chooseProvider(email, rules, usable)).toEqual({ ok: true, providerId, rule });
  });

  it('applies pattern rules when no domain rule comes first', () => {
    const onlyPattern: RedirectRules = { ...rules, rules: rules.rules.slice(1) };
    expect(chooseProvider('bob.ext@miniorange.com', onlyPattern, usable)).toEqual({ ok: true, providerId: 'okta', rule: 'contractors' });
  });

  it('ignores case in patterns, as in domains', () => {
    const upper: RedirectRules = { ...rules, rules: [{ name: 'bob', match: { emailPattern: 'BOB@X\\.EXAMPLE' }, providerId: 'okta' }] };
    expect(chooseProvider('bob@x.example', upper, usable)).toEqual({ ok: true, providerId: 'okta', rule: 'bob' });
  });

  it('evaluates the rules even when the email-first form is switched off', () => {
    expect(chooseProvider('alice@miniorange.com', { ...rules, enabled: false }, usable)).toMatchObject({ ok: true, rule: 'staff' });
  });

  it.each<[string, RedirectRules, ReadonlySet<string>]>([
    ['someone@gmail.com', { ...rules, defaultProviderId: null }, usable],
    ['someone@gmail.com', rules, new Set(['azure', 'okta', 'keycloak'])],
    ['alice@miniorange.com', rules, new Set()],
    ['alice@miniorange.com', { enabled: true, rules: [], defaultProviderId: null }, usable],
  ])('refuses %j when no usable provider is left', (email, ruleSet, usableIds) => {
    const domain = email.split('@')[1];
    expect(chooseProvider(email, ruleSet, usableIds)).toEqual({
      ok: false,
      code: 'LOGIN_NO_PROVIDER',
      message: `No sign-in provider is set up for email addresses at ${domain}. Please contact your administrator.`,
    });
  });

  it.each(['a@evil.com@miniorange.com', '"a@x"@miniorange.com', 'not-an-email', '', 'a b@miniorange.com'])(
    'refuses %j as invalid',
    (email) => {
      expect(chooseProvider(email, rules, usable)).toEqual({
        ok: false,
        code: 'INVALID_EMAIL',
        message: expect.stringContaining('This email'),
      });
    },
  );
});

describe('staleRules', () => {
  it('names the rules and the default that point at unusable providers', () => {
    expect(staleRules(rules, new Set(['azure', 'keycloak']))).toEqual(['contractors', 'partners', 'retired', 'default']);
    expect(staleRules(rules, usable)).toEqual(['retired']);
    expect(staleRules({ ...rules, rules: [], defaultProviderId: null }, new Set())).toEqual([]);
  });
});

describe('validateRedirectRules', () => {
  const valid = {
    enabled: true,
    rules: [{ name: 'staff', match: { emailDomains: ['miniorange.com'] }, providerId: 'p1' }],
    defaultProviderId: null,
  };
  const withRule = (rule: unknown) => ({ ...valid, rules: [rule] });

  it.each([
    valid,
    { enabled: false, rules: [], defaultProviderId: 'p1' },
    withRule({ name: 'pattern', match: { emailPattern: '.*@(a|b)\\.example' }, providerId: 'p1' }),
    rules,
  ])('accepts %j', (value) => {
    expect(validateRedirectRules(value)).toEqual([]);
  });

  it.each<[unknown, string, string]>([
    [null, '', 'must be an object'],
    [{ ...valid, enabled: 'yes' }, 'enabled', 'true or false'],
    [{ ...valid, defaultProviderId: '' }, 'defaultProviderId', 'id or slug, or null'],
    [{ ...valid, rules: 'staff' }, 'rules', 'must be a list'],
    [{ ...valid, rules: Array.from({ length: 201 }, () => valid.rules[0]) }, 'rules', 'at most 200'],
    [withRule('staff'), 'rules[0]', 'must be an object'],
    [withRule({ ...valid.rules[0], name: '  ' }), 'rules[0].name', 'non-empty'],
    [withRule({ ...valid.rules[0], name: 'Default' }), 'rules[0].name', 'reserved'],
    [withRule({ ...valid.rules[0], providerId: 7 }), 'rules[0].providerId', 'id or slug'],
    [withRule({ ...valid.rules[0], match: {} }), 'rules[0].match', 'exactly one'],
    [withRule({ ...valid.rules[0], match: { emailDomains: ['a.com'], emailPattern: '.*' } }), 'rules[0].match', 'exactly one'],
    [withRule({ ...valid.rules[0], match: { emailDomain: 'a.com' } }), 'rules[0].match', 'exactly one'],
    [withRule({ ...valid.rules[0], match: { emailDomains: [] } }), 'rules[0].match.emailDomains', '1 to 500'],
    [withRule({ ...valid.rules[0], match: { emailDomains: ['ok.com', 'bad..com'] } }), 'rules[0].match.emailDomains[1]', 'invalid label'],
    [
      withRule({ ...valid.rules[0], match: { emailPattern: '(unclosed' } }),
      'rules[0].match.emailPattern',
      'not a valid regular expression',
    ],
    [withRule({ ...valid.rules[0], match: { emailPattern: 'a)|(.*' } }), 'rules[0].match.emailPattern', 'not a valid regular expression'],
    [withRule({ ...valid.rules[0], match: { emailPattern: '' } }), 'rules[0].match.emailPattern', '1 to 500'],
  ])('refuses %j', (value, field, reasonPart) => {
    expect(validateRedirectRules(value)).toEqual([{ field, reason: expect.stringContaining(reasonPart) }]);
  });

  it.each<[string, unknown]>([
    ['200 rules', { ...valid, rules: Array.from({ length: 200 }, (_, i) => ({ ...valid.rules[0], name: `r${i}` })) }],
    ['a name of 100 characters', withRule({ ...valid.rules[0], name: 'n'.repeat(100) })],
    ['a provider id of 100 characters', withRule({ ...valid.rules[0], providerId: 'p'.repeat(100) })],
    ['a pattern of 500 characters', withRule({ ...valid.rules[0], match: { emailPattern: 'a'.repeat(500) } })],
    ['500 domains', withRule({ ...valid.rules[0], match: { emailDomains: Array.from({ length: 500 }, (_, i) => `d${i}.com`) } })],
  ])('accepts the limit: %s', (_name, value) => {
    expect(validateRedirectRules(value)).toEqual([]);
  });

  it.each<[string, unknown, string, string]>([
    ['a name that is not text', withRule({ ...valid.rules[0], name: 7 }), 'rules[0].name', 'non-empty'],
    ['a name of 101 characters', withRule({ ...valid.rules[0], name: 'n'.repeat(101) }), 'rules[0].name', 'at most 100'],
    ['"default" with spaces around it', withRule({ ...valid.rules[0], name: ' default ' }), 'rules[0].name', 'reserved'],
    ['a blank provider id', withRule({ ...valid.rules[0], providerId: '  ' }), 'rules[0].providerId', 'id or slug'],
    ['a provider id of 101 characters', withRule({ ...valid.rules[0], providerId: 'p'.repeat(101) }), 'rules[0].providerId', 'id or slug'],
    ['a match that is not an object', withRule({ ...valid.rules[0], match: null }), 'rules[0].match', 'emailDomains: [...] } or {'],
    ['a pattern that is not text', withRule({ ...valid.rules[0], match: { emailPattern: 7 } }), 'rules[0].match.emailPattern', '1 to 500'],
    [
      'a pattern of 501 characters',
      withRule({ ...valid.rules[0], match: { emailPattern: 'a'.repeat(501) } }),
      'rules[0].match.emailPattern',
      '1 to 500',
    ],
    [
      '501 domains',
      withRule({ ...valid.rules[0], match: { emailDomains: Array.from({ length: 501 }, (_, i) => `d${i}.com`) } }),
      'rules[0].match.emailDomains',
      '1 to 500',
    ],
    [
      'a domain that is not text',
      withRule({ ...valid.rules[0], match: { emailDomains: [7] } }),
      'rules[0].match.emailDomains[0]',
      'domain name',
    ],
    // the reason carries the compiler's own explanation
    [
      'an unclosed group',
      withRule({ ...valid.rules[0], match: { emailPattern: '(unclosed' } }),
      'rules[0].match.emailPattern',
      'Unterminated group',
    ],
  ])('refuses %s', (_name, value, field, reasonPart) => {
    expect(validateRedirectRules(value)).toEqual([{ field, reason: expect.stringContaining(reasonPart) }]);
  });

  it.each([
    ['staff', ' Staff ', '" Staff " is used by another rule'],
    [' staff ', 'Staff', '"Staff" is used by another rule'],
  ])('compares names without case or surrounding spaces: %j then %j', (first, second, reason) => {
    const value = {
      ...valid,
      rules: [
        { ...valid.rules[0], name: first },
        { ...valid.rules[0], name: second },
      ],
    };
    expect(validateRedirectRules(value)).toEqual([{ field: 'rules[1].name', reason }]);
  });

  it('refuses two rules with the same name', () => {
    expect(validateRedirectRules({ ...valid, rules: [valid.rules[0], { ...valid.rules[0], name: 'Staff' }] })).toEqual([
      { field: 'rules[1].name', reason: '"Staff" is used by another rule' },
    ]);
  });

  it('reports every problem at once', () => {
    expect(validateRedirectRules({ enabled: 1, rules: [{ name: '', match: null, providerId: '' }], defaultProviderId: 3 })).toHaveLength(5);
  });
});

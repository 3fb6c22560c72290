import { describe, expect, it } from '@jest/globals';
import type { RedirectRules } from '../../redirect-rules/index.js';
import type { SignInSettings } from '../../sign-in/index.js';
import { redirectRulesFromEntry, redirectRulesToEntry, signInSettingsFromEntry, signInSettingsToEntry } from './provider-references.js';

const ids: Record<string, string> = { okta: 'id-okta', entra: 'id-entra' };
const slugOf = (id: string) => Object.keys(ids).find((slug) => ids[slug] === id);
const idOf = (slug: string) => ids[slug];

const rules: RedirectRules = {
  enabled: true,
  rules: [
    { name: 'Staff', match: { emailDomains: ['example.com'] }, providerId: 'id-entra' },
    { name: 'Gone', match: { emailPattern: '.*@old\\.example' }, providerId: 'id-deleted' },
    { name: 'Partners', match: { emailPattern: '.*@partner\\.example' }, providerId: 'id-okta' },
  ],
  defaultProviderId: 'id-okta',
};

describe('redirect rules in a document', () => {
  it('refer to providers by slug, dropping rules whose provider was deleted', () => {
    expect(redirectRulesToEntry(rules, slugOf)).toEqual({
      enabled: true,
      rules: [
        { name: 'Staff', match: { emailDomains: ['example.com'] }, providerSlug: 'entra' },
        { name: 'Partners', match: { emailPattern: '.*@partner\\.example' }, providerSlug: 'okta' },
      ],
      defaultProviderSlug: 'okta',
    });
    expect(redirectRulesToEntry({ ...rules, defaultProviderId: 'id-deleted' }, slugOf).defaultProviderSlug).toBeNull();
  });

  it('come back with ids', () => {
    const entry = redirectRulesToEntry(rules, slugOf);
    expect(redirectRulesFromEntry(entry, idOf)).toEqual({ rules: { ...rules, rules: [rules.rules[0], rules.rules[2]] }, problems: [] });
  });

  it.each<[string, unknown, string[]]>([
    [
      'an unknown slug',
      { enabled: true, rules: [{ name: 'x', match: {}, providerSlug: 'ghost' }], defaultProviderSlug: null },
      ['rules[0].providerSlug'],
    ],
    ['an unknown default', { enabled: true, rules: [], defaultProviderSlug: 'ghost' }, ['defaultProviderSlug']],
    [
      'an id where a slug belongs',
      { enabled: true, rules: [{ name: 'x', match: {}, providerId: 'id-okta' }], defaultProviderSlug: null },
      ['rules[0].providerSlug', 'rules[0].providerId'],
    ],
    ['rules that are not a list', { enabled: true, rules: 'all', defaultProviderSlug: null }, ['rules']],
    ['a missing section key', { rules: [], defaultProviderSlug: null }, ['enabled']],
  ])('report %s', (_, entry, fields) => {
    expect(redirectRulesFromEntry(entry, idOf).problems.map((p) => p.field)).toEqual(fields);
  });

  const ghost = 'no provider "ghost" in this document or in this Sesame';
  it.each<[string, unknown, unknown, string[]]>([
    ['not an object', [], null, [': must be an object']],
    ['null', null, null, [': must be an object']],
    ['rules left out', { enabled: true, defaultProviderSlug: null }, null, ['rules: is required']],
    ['rules that are not a list', { enabled: true, rules: 'all', defaultProviderSlug: null }, null, ['rules: must be a list']],
    [
      'an unknown slug, kept going with a stand-in',
      { enabled: true, rules: [{ name: 'x', match: {}, providerSlug: 'ghost' }], defaultProviderSlug: 'ghost' },
      { enabled: true, rules: [{ name: 'x', match: {}, providerId: 'unknown:ghost' }], defaultProviderId: 'unknown:ghost' },
      [`rules[0].providerSlug: ${ghost}`, `defaultProviderSlug: ${ghost}`],
    ],
    [
      'a rule that is not an object, passed on for the validator',
      { enabled: false, rules: ['x'], defaultProviderSlug: null },
      { enabled: false, rules: ['x'], defaultProviderId: null },
      [],
    ],
    [
      'a rule without a slug',
      { enabled: true, rules: [{ name: 'x', match: {}, providerSlug: 3 }], defaultProviderSlug: 3 },
      { enabled: true, rules: [{ name: 'x', match: {}, providerId: '?' }], defaultProviderId: null },
      ['defaultProviderSlug: must be a string or null', 'rules[0].providerSlug: must be a string'],
    ],
  ])('read %s', (_, entry, expected, problems) => {
    const read = redirectRulesFromEntry(entry, idOf);
    expect(read.rules).toEqual(expected);
    expect(read.problems.map((p) => `${p.field}: ${p.reason}`)).toEqual(problems);
  });

  it('name no default when there is none', () => {
    expect(redirectRulesToEntry({ ...rules, defaultProviderId: null }, slugOf).defaultProviderSlug).toBeNull();
  });
});

describe('sign-in settings in a document', () => {
  const settings: SignInSettings = {
    ssoEnabled: true,
    autoRedirect: { enabled: true, providerId: 'id-okta', delaySeconds: 3 },
    backdoor: { enabled: true, key: 'k'.repeat(20), allowedGroups: ['admins'] },
    allowedEmailDomains: ['example.com'],
    allowPasswordChange: false,
    apiAccess: { allowedCidrs: [] },
    adminGroups: { admin: ['admins'], readOnly: ['auditors'] },
    adminSession: { reauthenticateAfterMinutes: 30 },
    session: { idleTimeoutMinutes: 480, absoluteTimeoutHours: 24, rememberMe: { enabled: true, days: 30 } },
  };

  it('name the auto-redirect provider by slug and never carry the backdoor key', () => {
    const entry = signInSettingsToEntry(settings, slugOf);
    expect(entry.autoRedirect).toEqual({ enabled: true, providerSlug: 'okta', delaySeconds: 3 });
    expect(entry.backdoor).toEqual({ enabled: true, allowedGroups: ['admins'] });
    expect(JSON.stringify(entry)).not.toContain('k'.repeat(20));
  });

  it.each([
    ['no provider', null],
    ['a deleted provider', 'id-deleted'],
  ])('name no auto-redirect provider for %s', (_, providerId) => {
    const entry = signInSettingsToEntry({ ...settings, autoRedirect: { ...settings.autoRedirect, providerId } }, slugOf);
    expect(entry.autoRedirect.providerSlug).toBeNull();
  });

  it('come back without a provider when they name none', () => {
    const entry = signInSettingsToEntry({ ...settings, autoRedirect: { ...settings.autoRedirect, providerId: null } }, slugOf);
    expect(signInSettingsFromEntry(entry, idOf, null).settings?.autoRedirect.providerId).toBeNull();
  });

  it('come back as nothing when their shape is wrong, with the problem named', () => {
    expect(signInSettingsFromEntry({}, idOf, null)).toEqual({
      settings: null,
      problems: expect.arrayContaining([{ field: 'ssoEnabled', reason: 'is required' }]),
    });
  });

  it('come back with an unknown provider named and a stand-in id', () => {
    const entry = structuredClone(signInSettingsToEntry(settings, slugOf));
    const read = signInSettingsFromEntry({ ...entry, autoRedirect: { ...entry.autoRedirect, providerSlug: 'ghost' } }, idOf, null);
    expect(read.settings?.autoRedirect.providerId).toBe('unknown:ghost');
    expect(read.problems).toEqual([
      { field: 'autoRedirect.providerSlug', reason: 'no provider "ghost" in this document or in this Sesame' },
    ]);
  });

  it('come back with the id and the key they are given', () => {
    const entry = signInSettingsToEntry(settings, slugOf);
    expect(signInSettingsFromEntry(entry, idOf, 'k'.repeat(20))).toEqual({ settings, problems: [] });
  });

  it.each<[string, (entry: Record<string, any>) => void, string[]]>([
    ['an unknown provider', (e) => (e.autoRedirect.providerSlug = 'ghost'), ['autoRedirect.providerSlug']],
    ['a misspelt setting', (e) => (e.ssoEnabeld = true), ['ssoEnabeld']],
    ['a number as text', (e) => (e.session.idleTimeoutMinutes = '60'), ['session.idleTimeoutMinutes']],
  ])('report %s', (_, change, fields) => {
    const entry = structuredClone(signInSettingsToEntry(settings, slugOf)) as Record<string, any>;
    change(entry);
    expect(signInSettingsFromEntry(entry, idOf, null).problems.map((p) => p.field)).toEqual(fields);
  });
});

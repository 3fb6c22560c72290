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

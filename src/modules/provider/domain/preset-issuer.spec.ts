import { describe, expect, it } from '@jest/globals';
import { fillIssuer, issuerPatternOf, type PresetField } from './preset-issuer.js';
import { PRESETS, PRESET_NAMES } from './presets.js';

describe('fillIssuer: the issuer the console shows as the administrator types', () => {
  it.each([
    // preset, values, issuer
    ['salesforce', {}, 'https://login.salesforce.com'],
    ['salesforce', { host: 'acme.my.salesforce.com' }, 'https://acme.my.salesforce.com'],
    ['salesforce', { host: '  test.salesforce.com ' }, 'https://test.salesforce.com'],
    ['entra-id', {}, 'https://login.microsoftonline.com/organizations/v2.0'],
    ['entra-id', { tenant: 'contoso.onmicrosoft.com' }, 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0'],
    ['okta', { org: 'acme.okta.com' }, 'https://acme.okta.com'],
    ['okta', { org: 'acme.okta.com', server: 'default' }, 'https://acme.okta.com/oauth2/default'],
    ['okta', { org: 'acme.okta.com', server: '' }, 'https://acme.okta.com'],
    ['okta', {}, 'https://'],
    ['google', { host: 'ignored' }, 'https://accounts.google.com'],
    ['keycloak', { host: 'https://sso.example.com' }, 'https://sso.example.com/realms/master'],
    ['keycloak', { host: 'https://sso.example.com/auth', realm: 'staff' }, 'https://sso.example.com/auth/realms/staff'],
    ['generic', { issuer: 'https://idp.example.com' }, 'https://idp.example.com'],
    ['generic', {}, ''],
  ] as const)('%s with %j: %s', (name, values, issuer) => {
    const preset = PRESETS[name];
    expect(fillIssuer(preset.issuerTemplate, preset.fields, values)).toBe(issuer);
  });

  // The form's own examples must be issuers the server accepts, or the console teaches a refusal.
  it.each(PRESET_NAMES.filter((name) => PRESETS[name].issuerPattern !== null).map((name) => [name]))(
    '%s: its placeholders and defaults make an issuer its pattern accepts',
    (name) => {
      const { issuerTemplate, fields, issuerPattern } = PRESETS[name];
      const examples = Object.fromEntries(fields.map((f) => [f.key, f.placeholder]));
      expect(issuerPattern!.test(fillIssuer(issuerTemplate, fields, examples))).toBe(true);
      const required = Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.key, f.placeholder]));
      expect(issuerPattern!.test(fillIssuer(issuerTemplate, fields, required))).toBe(true);
    },
  );

  it.each(PRESET_NAMES.map((name) => [name]))('%s: every placeholder of its template is one of its fields', (name) => {
    const { issuerTemplate, fields } = PRESETS[name];
    const keys = [...issuerTemplate.matchAll(/\{([a-z]+)\}/g)].map((m) => m[1]);
    expect(keys.sort()).toEqual(fields.map((f) => f.key).sort());
    for (const field of fields) if (field.pattern !== null) expect(new RegExp(`^(?:${field.pattern})$`).test(field.placeholder)).toBe(true);
  });
});

describe('issuerPatternOf: the issuers a template can produce', () => {
  const field = (over: Partial<PresetField>): PresetField => ({
    key: 'x',
    label: 'X',
    hint: '',
    placeholder: '',
    default: '',
    required: true,
    pattern: '[a-z]+',
    prefix: '',
    ...over,
  });
  it.each([
    // template, fields, issuer, accepted
    ['https://{x}.example', [field({})], 'https://abc.example', true],
    ['https://{x}.example', [field({})], 'https://abc.example/', false],
    // literal text is literal: the dot is not any character
    ['https://{x}.example', [field({})], 'https://abcXexample', false],
    ['https://{x}.example', [field({})], 'https://.example', false],
    ['https://{x}.example', [field({ pattern: 'a|b' })], 'https://a.example', true],
    // an alternation stays inside its field
    ['https://{x}.example', [field({ pattern: 'a|b' })], 'https://a', false],
    ['https://h{x}', [field({ required: false, prefix: '/p/' })], 'https://h', true],
    ['https://h{x}', [field({ required: false, prefix: '/p/' })], 'https://h/p/abc', true],
    ['https://h{x}', [field({ required: false, prefix: '/p/' })], 'https://h/p/', false],
    // a field with a default is never left out of the issuer
    ['https://h/{x}', [field({ required: false, default: 'abc' })], 'https://h/', false],
  ] as const)('%s accepts %s: %s', (template, fields, issuer, accepted) => {
    expect(issuerPatternOf(template, fields)!.test(issuer)).toBe(accepted);
  });

  it.each([
    ['{x}', [field({ pattern: null })]],
    ['https://{y}', [field({})]],
  ] as const)('%s: nothing to check when a field takes anything or is unknown', (template, fields) => {
    expect(issuerPatternOf(template, fields)).toBeNull();
  });
});

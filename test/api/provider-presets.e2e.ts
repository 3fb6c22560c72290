import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

/** GET /api/admin/provider-presets: what the console's Providers form is built from, and that it agrees with the server's checks. */
interface Field {
  key: string;
  label: string;
  hint: string;
  placeholder: string;
  default: string;
  required: boolean;
  pattern: string | null;
  prefix: string;
}
interface Preset {
  id: string;
  label: string;
  fields: Field[];
  issuerTemplate: string;
  issuerPattern: string | null;
  issuerHint: string;
  scopes: string[];
  clientAuthMethod: string;
  userMapping: Record<string, unknown>;
}

/** The console's reading of the template, as the document describes it. */
const fill = (p: Preset, values: Record<string, string>) =>
  p.issuerTemplate.replace(/\{([a-z]+)\}/g, (_, key: string) => {
    const field = p.fields.find((f) => f.key === key)!;
    const value = values[key]?.trim() || field.default;
    return value ? field.prefix + value : '';
  });

let sesame: TestSesame;
let presets: Preset[];

beforeAll(async () => {
  sesame = await startTestSesame();
  const response = await sesame.admin('/api/admin/provider-presets');
  expect(response.status).toBe(200);
  presets = (await response.json()) as Preset[];
});
afterAll(() => sesame?.close());

const preset = (id: string) => presets.find((p) => p.id === id)!;

describe('GET /api/admin/provider-presets', () => {
  it('lists every preset a provider may have, in the order the form offers them', () => {
    expect(presets.map((p) => [p.id, p.label])).toEqual([
      ['salesforce', 'Salesforce'],
      ['entra-id', 'Microsoft Entra ID'],
      ['okta', 'Okta'],
      ['google', 'Google'],
      ['keycloak', 'Keycloak'],
      ['generic', 'Any OpenID Connect provider'],
    ]);
  });

  it('gives each field its label, hint, default, required flag and pattern, and the issuer they make', () => {
    expect(preset('salesforce').fields).toEqual([
      expect.objectContaining({ key: 'host', label: 'Salesforce host', default: 'login.salesforce.com', required: false }),
    ]);
    expect(fill(preset('salesforce'), {})).toBe('https://login.salesforce.com');
    expect(fill(preset('salesforce'), { host: 'acme--uat.sandbox.my.salesforce.com' })).toBe('https://acme--uat.sandbox.my.salesforce.com');
    expect(preset('entra-id').fields.map((f) => [f.key, f.default])).toEqual([['tenant', 'organizations']]);
    expect(preset('entra-id').clientAuthMethod).toBe('client_secret_post');
    const okta = preset('okta');
    expect(okta.fields.map((f) => [f.key, f.required, f.prefix])).toEqual([
      ['org', true, ''],
      ['server', false, '/oauth2/'],
    ]);
    expect(fill(okta, { org: 'acme.okta.com', server: 'default' })).toBe('https://acme.okta.com/oauth2/default');
    expect(okta.scopes).toContain('groups');
    expect(preset('google').fields).toEqual([]);
    expect(preset('generic').issuerPattern).toBeNull();
    for (const p of presets) for (const f of p.fields) expect(f.hint).not.toBe('');
  });

  it('serves the pattern the server checks a saved issuer against: what it refuses, creating a provider refuses', async () => {
    const cases: [string, string, boolean][] = [
      ['salesforce', 'https://acme.other.my.salesforce.com', false],
      ['entra-id', 'https://login.microsoftonline.com/contoso/v2.0', false],
      ['okta', 'https://acme.okta.com/oauth2/', false],
      ['keycloak', 'https://sso.example.com/realms/staff/', false],
      ['keycloak', fill(preset('keycloak'), { host: 'https://sso.example.com' }), true],
    ];
    for (const [id, issuer, accepted] of cases) {
      expect([id, new RegExp(preset(id).issuerPattern!).test(issuer)]).toEqual([id, accepted]);
      if (accepted) continue;
      const response = await sesame.admin('/api/admin/providers', {
        method: 'POST',
        body: { slug: `bad-${id}`, displayName: id, kind: 'oidc', preset: id, issuer, clientId: 'sesame', clientSecret: 'secret' },
      });
      const body = (await response.json()) as { errors: { field: string; reason: string }[] };
      expect([id, response.status, body.errors]).toEqual([
        id,
        400,
        [{ field: 'issuer', reason: expect.stringContaining(preset(id).issuerHint) }],
      ]);
    }
  });

  it('gives the defaults a new provider of the preset gets: scopes, client authentication and user mapping', async () => {
    const google = preset('google');
    expect(google.userMapping).toMatchObject({ usernameAttribute: 'email', matchBy: 'email' });
    const created = await sesame.admin('/api/admin/providers', {
      method: 'POST',
      body: {
        slug: 'google-like',
        displayName: 'Google-like',
        kind: 'oauth2',
        preset: 'google',
        endpoints: {
          authorization: 'https://idp.example.com/a',
          token: 'https://idp.example.com/t',
          userinfo: 'https://idp.example.com/u',
        },
        subjectAttribute: 'id',
        clientId: 'sesame',
        clientSecret: 'secret',
      },
    });
    expect(created.status).toBe(201);
    const provider = (await created.json()) as { id: string; scopes: string[]; clientAuthMethod: string };
    // A plain OAuth 2.0 provider is not asked for openid.
    expect(provider.scopes).toEqual(google.scopes.filter((s) => s !== 'openid'));
    expect(provider.clientAuthMethod).toBe(google.clientAuthMethod);
    const mapping = await sesame.admin(`/api/admin/providers/${provider.id}/user-mapping`);
    expect(await mapping.json()).toEqual(google.userMapping);
  });
});

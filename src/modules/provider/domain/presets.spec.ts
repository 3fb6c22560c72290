import { describe, expect, it } from '@jest/globals';
import { discoveredIssuerMatches, isMultiTenantEntraIssuer, PRESETS, PRESET_NAMES } from './presets.js';
import { RESERVED_AUTHORIZE_PARAMS } from './provider.js';

describe('PRESETS: the issuer each preset accepts (a typo is refused before any network call)', () => {
  it.each([
    // preset, issuer, accepted
    ['salesforce', 'https://login.salesforce.com', true],
    ['salesforce', 'https://test.salesforce.com', true],
    ['salesforce', 'https://acme.my.salesforce.com', true],
    ['salesforce', 'https://acme--uat.sandbox.my.salesforce.com', true],
    ['salesforce', 'https://acme-uat.sandbox.my.salesforce.com', true],
    ['salesforce', 'https://acme.develop.my.salesforce.com', true],
    ['salesforce', 'https://acme.scratch.my.salesforce.com', true],
    ['salesforce', 'https://acme.other.my.salesforce.com', false],
    ['salesforce', 'http://login.salesforce.com', false],
    ['salesforce', 'https://login.salesforce.com/', false],
    ['salesforce', 'https://login.salesforce.com.evil.example', false],
    ['salesforce', 'https://evil.example/https://login.salesforce.com', false],
    ['entra-id', 'https://login.microsoftonline.com/0b3c4f8e-1d2a-4c5b-9e6f-7a8b9c0d1e2f/v2.0', true],
    ['entra-id', 'https://login.microsoftonline.com/common/v2.0', true],
    ['entra-id', 'https://login.microsoftonline.com/organizations/v2.0', true],
    ['entra-id', 'https://login.microsoftonline.com/consumers/v2.0', true],
    ['entra-id', 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0', true],
    ['entra-id', 'https://login.microsoftonline.com/contoso/v2.0', false],
    ['entra-id', 'https://login.microsoftonline.com/common', false],
    ['entra-id', 'https://login.microsoftonline.com/common/v2.0/', false],
    ['entra-id', 'https://loginXmicrosoftonline.com/common/v2.0', false],
    ['entra-id', 'https://login.microsoftonline.com/commonXv2.0', false],
    ['okta', 'https://acme.okta.com', true],
    ['okta', 'https://acme.okta.com/oauth2/default', true],
    ['okta', 'https://acme.okta.com/oauth2/', false],
    ['okta', 'https://acme.okta.com/other/default', false],
    ['okta', 'http://acme.okta.com', false],
    ['google', 'https://accounts.google.com', true],
    ['google', 'https://accounts.google.com/', false],
    ['google', 'https://accountsXgoogle.com', false],
    ['google', 'https://accounts.google.com.evil.example', false],
    ['keycloak', 'https://sso.example.com/realms/staff', true],
    ['keycloak', 'http://localhost:8080/realms/staff', true],
    ['keycloak', 'https://sso.example.com/auth/realms/staff', true],
    ['keycloak', 'https://sso.example.com/realms/staff/', false],
    ['keycloak', 'https://sso.example.com/realms/', false],
    ['keycloak', 'https://sso.example.com/x/realms/staff', false],
    ['keycloak', 'ftp://sso.example.com/realms/staff', false],
  ] as const)('%s accepts %s: %s', (preset, issuer, accepted) => {
    expect(PRESETS[preset].issuerPattern!.test(issuer)).toBe(accepted);
  });

  it.each(PRESET_NAMES.map((name) => [name]))('%s is named after its key and hints at the issuer it wants', (name) => {
    expect(PRESETS[name].name).toBe(name);
    expect(PRESETS[name].issuerHint).not.toBe('');
  });

  it.each([
    // preset, default scopes, client authentication
    ['salesforce', ['openid', 'profile', 'email'], 'client_secret_basic'],
    ['entra-id', ['openid', 'profile', 'email'], 'client_secret_post'],
    // Okta only sends groups when asked for them
    ['okta', ['openid', 'profile', 'email', 'groups'], 'client_secret_basic'],
    ['google', ['openid', 'profile', 'email'], 'client_secret_basic'],
    ['keycloak', ['openid', 'profile', 'email'], 'client_secret_basic'],
    ['generic', ['openid', 'profile', 'email'], 'client_secret_basic'],
  ] as const)('%s asks for %j and authenticates with %s', (preset, scopes, method) => {
    expect(PRESETS[preset].scopes).toEqual(scopes);
    expect(PRESETS[preset].clientAuthMethod).toBe(method);
  });

  it('lets the generic preset take any issuer', () => {
    expect(PRESETS.generic.issuerPattern).toBeNull();
  });
});

describe('isMultiTenantEntraIssuer: any tenant may sign in unless allowedTenants narrows it', () => {
  it.each([
    ['https://login.microsoftonline.com/common/v2.0', true],
    ['https://login.microsoftonline.com/organizations/v2.0', true],
    ['https://login.microsoftonline.com/consumers/v2.0', true],
    ['https://login.microsoftonline.com/0b3c4f8e-1d2a-4c5b-9e6f-7a8b9c0d1e2f/v2.0', false],
    ['https://login.microsoftonline.com/common/v2.0/', false],
    ['https://login.microsoftonline.com/common', false],
    ['https://evil.example/https://login.microsoftonline.com/common/v2.0', false],
    ['https://login.microsoftonline.com/commonXv2.0', false],
    ['https://loginXmicrosoftonline.com/common/v2.0', false],
  ])('%s: %s', (issuer, multiTenant) => {
    expect(isMultiTenantEntraIssuer(issuer)).toBe(multiTenant);
  });
});

describe('discoveredIssuerMatches: the discovery document names the configured issuer', () => {
  const TEMPLATE = 'https://login.microsoftonline.com/{tenantid}/v2.0';
  it.each([
    ['https://accounts.google.com', 'https://accounts.google.com', true],
    ['https://accounts.google.com', 'https://accounts.google.com/', false],
    ['https://idp.example', 'https://evil.example', false],
    // Entra ID's multi-tenant documents carry a template resolved per token
    ['https://login.microsoftonline.com/common/v2.0', TEMPLATE, true],
    ['https://login.microsoftonline.com/organizations/v2.0', TEMPLATE, true],
    // but a single-tenant issuer must be discovered as itself
    ['https://login.microsoftonline.com/0b3c4f8e-1d2a-4c5b-9e6f-7a8b9c0d1e2f/v2.0', TEMPLATE, false],
    ['https://login.microsoftonline.com/common/v2.0', 'https://login.microsoftonline.com/{other}/v2.0', false],
  ])('configured %s, discovered %s: %s', (configured, discovered, matches) => {
    expect(discoveredIssuerMatches(configured, discovered)).toBe(matches);
  });
});

describe('RESERVED_AUTHORIZE_PARAMS: what an administrator may not override in the authorization request', () => {
  it.each([
    'client_id',
    'redirect_uri',
    'response_type',
    'response_mode',
    'scope',
    'state',
    'nonce',
    'code_challenge',
    'code_challenge_method',
    'request',
    'request_uri',
  ])('reserves %s (Sesame sets it for the security of the flow)', (name) => {
    expect(RESERVED_AUTHORIZE_PARAMS.has(name)).toBe(true);
  });

  it.each(['prompt', 'login_hint', 'domain_hint', 'acr_values'])('leaves %s to the administrator', (name) => {
    expect(RESERVED_AUTHORIZE_PARAMS.has(name)).toBe(false);
  });
});

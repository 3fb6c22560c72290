import { issuerPatternOf, type PresetField } from './preset-issuer.js';

/** Identity providers Sesame knows the defaults and quirks of. */
export const PRESET_NAMES = ['salesforce', 'entra-id', 'okta', 'google', 'keycloak', 'generic'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  readonly name: PresetName;
  /** What the console's preset list calls it. */
  readonly label: string;
  readonly scopes: readonly string[];
  /** The issuer made of the fields the form asks for (see preset-issuer.ts). */
  readonly issuerTemplate: string;
  readonly fields: readonly PresetField[];
  /** What a valid issuer looks like (derived from the template), and how to say it to an administrator. */
  readonly issuerPattern: RegExp | null;
  readonly issuerHint: string;
  readonly clientAuthMethod: 'client_secret_basic' | 'client_secret_post';
}

/** The issuer pattern is derived from the template, so a definition leaves it out. */
function preset(definition: Omit<Preset, 'issuerPattern'>): Preset {
  return { ...definition, issuerPattern: issuerPatternOf(definition.issuerTemplate, definition.fields) };
}

const ENTRA_TENANT = '[0-9a-f-]{36}|common|organizations|consumers|[a-z0-9-]+\\.onmicrosoft\\.com';
const STANDARD_SCOPES = ['openid', 'profile', 'email'];
const NO_FIELD = { placeholder: '', default: '', prefix: '' } as const;

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  // Discovery, authorize and the expected `iss` share one host: login, test (sandboxes) or My Domain.
  salesforce: preset({
    name: 'salesforce',
    label: 'Salesforce',
    scopes: STANDARD_SCOPES,
    issuerTemplate: 'https://{host}',
    fields: [
      {
        ...NO_FIELD,
        key: 'host',
        label: 'Salesforce host',
        hint: 'login.salesforce.com, test.salesforce.com (sandbox) or <My Domain>.my.salesforce.com',
        placeholder: 'login.salesforce.com',
        default: 'login.salesforce.com',
        required: false,
        pattern: 'login\\.salesforce\\.com|test\\.salesforce\\.com|[a-z0-9-]+(\\.(sandbox|develop|scratch))?\\.my\\.salesforce\\.com',
      },
    ],
    issuerHint: 'https://login.salesforce.com, https://test.salesforce.com or https://<name>.my.salesforce.com',
    clientAuthMethod: 'client_secret_basic',
  }),
  'entra-id': preset({
    name: 'entra-id',
    label: 'Microsoft Entra ID',
    scopes: STANDARD_SCOPES,
    issuerTemplate: 'https://login.microsoftonline.com/{tenant}/v2.0',
    fields: [
      {
        ...NO_FIELD,
        key: 'tenant',
        label: 'Tenant',
        hint: 'The directory (tenant) id, a domain such as contoso.onmicrosoft.com, or "organizations" for any work account',
        placeholder: '00000000-0000-0000-0000-000000000000',
        default: 'organizations',
        required: false,
        pattern: ENTRA_TENANT,
      },
    ],
    issuerHint: 'https://login.microsoftonline.com/<tenant id>/v2.0',
    clientAuthMethod: 'client_secret_post',
  }),
  okta: preset({
    name: 'okta',
    label: 'Okta',
    // Okta only sends groups when asked for them
    scopes: [...STANDARD_SCOPES, 'groups'],
    issuerTemplate: 'https://{org}{server}',
    fields: [
      {
        ...NO_FIELD,
        key: 'org',
        label: 'Okta domain',
        hint: 'Your Okta org, e.g. acme.okta.com',
        placeholder: 'acme.okta.com',
        required: true,
        pattern: '[a-z0-9.-]+',
      },
      {
        ...NO_FIELD,
        key: 'server',
        label: 'Authorization server id',
        hint: 'Optional: a custom authorization server (e.g. "default"); empty for the org server',
        placeholder: 'default',
        required: false,
        pattern: '[A-Za-z0-9]+',
        prefix: '/oauth2/',
      },
    ],
    issuerHint: 'https://<org>.okta.com or https://<org>.okta.com/oauth2/<authorization server id>',
    clientAuthMethod: 'client_secret_basic',
  }),
  google: preset({
    name: 'google',
    label: 'Google',
    scopes: STANDARD_SCOPES,
    issuerTemplate: 'https://accounts.google.com',
    fields: [],
    issuerHint: 'https://accounts.google.com',
    clientAuthMethod: 'client_secret_basic',
  }),
  keycloak: preset({
    name: 'keycloak',
    label: 'Keycloak',
    scopes: STANDARD_SCOPES,
    issuerTemplate: '{host}/realms/{realm}',
    fields: [
      {
        ...NO_FIELD,
        key: 'host',
        label: 'Keycloak base URL',
        hint: 'e.g. https://sso.example.com, without a trailing slash (add /auth for Keycloak before 17)',
        placeholder: 'https://sso.example.com',
        required: true,
        pattern: 'https?://[^/]+(/auth)?',
      },
      {
        ...NO_FIELD,
        key: 'realm',
        label: 'Realm',
        hint: 'The realm your application lives in',
        placeholder: 'master',
        default: 'master',
        required: false,
        pattern: '[^/]+',
      },
    ],
    issuerHint: 'https://<host>/realms/<realm>',
    clientAuthMethod: 'client_secret_basic',
  }),
  generic: preset({
    name: 'generic',
    label: 'Any OpenID Connect provider',
    scopes: STANDARD_SCOPES,
    issuerTemplate: '{issuer}',
    fields: [
      {
        ...NO_FIELD,
        key: 'issuer',
        label: 'Issuer URL',
        hint: 'The provider’s issuer; Sesame reads <issuer>/.well-known/openid-configuration',
        placeholder: 'https://idp.example.com',
        required: true,
        pattern: null,
      },
    ],
    issuerHint: 'the issuer URL of the provider',
    clientAuthMethod: 'client_secret_basic',
  }),
};

/** Entra ID's multi-tenant issuers: any tenant signs in unless `allowedTenants` narrows it. */
export function isMultiTenantEntraIssuer(issuer: string): boolean {
  return /^https:\/\/login\.microsoftonline\.com\/(common|organizations|consumers)\/v2\.0$/.test(issuer);
}

/**
 * Whether the discovery document's issuer is the one configured. Entra ID's multi-tenant
 * documents carry a `{tenantid}` template that openid-client resolves per token from `tid`.
 */
export function discoveredIssuerMatches(configured: string, discovered: string): boolean {
  if (configured === discovered) return true;
  return isMultiTenantEntraIssuer(configured) && discovered === 'https://login.microsoftonline.com/{tenantid}/v2.0';
}

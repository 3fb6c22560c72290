/** Identity providers Sesame knows the defaults and quirks of. */
export const PRESET_NAMES = ['salesforce', 'entra-id', 'okta', 'google', 'keycloak', 'generic'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  readonly name: PresetName;
  readonly scopes: readonly string[];
  /** What a valid issuer looks like, and how to say it to an administrator. */
  readonly issuerPattern: RegExp | null;
  readonly issuerHint: string;
  readonly clientAuthMethod: 'client_secret_basic' | 'client_secret_post';
}

const ENTRA_TENANT = '[0-9a-f-]{36}|common|organizations|consumers|[a-z0-9-]+\\.onmicrosoft\\.com';

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  // Discovery, authorize and the expected `iss` share one host: login, test (sandboxes) or My Domain.
  salesforce: {
    name: 'salesforce',
    scopes: ['openid', 'profile', 'email'],
    issuerPattern:
      /^https:\/\/(login\.salesforce\.com|test\.salesforce\.com|[a-z0-9-]+(\.(sandbox|develop|scratch))?\.my\.salesforce\.com)$/,
    issuerHint: 'https://login.salesforce.com, https://test.salesforce.com or https://<name>.my.salesforce.com',
    clientAuthMethod: 'client_secret_basic',
  },
  'entra-id': {
    name: 'entra-id',
    scopes: ['openid', 'profile', 'email'],
    issuerPattern: new RegExp(`^https://login\\.microsoftonline\\.com/(${ENTRA_TENANT})/v2\\.0$`),
    issuerHint: 'https://login.microsoftonline.com/<tenant id>/v2.0',
    clientAuthMethod: 'client_secret_post',
  },
  okta: {
    name: 'okta',
    scopes: ['openid', 'profile', 'email', 'groups'],
    issuerPattern: /^https:\/\/[a-z0-9.-]+(\/oauth2\/[A-Za-z0-9]+)?$/,
    issuerHint: 'https://<org>.okta.com or https://<org>.okta.com/oauth2/<authorization server id>',
    clientAuthMethod: 'client_secret_basic',
  },
  google: {
    name: 'google',
    scopes: ['openid', 'profile', 'email'],
    issuerPattern: /^https:\/\/accounts\.google\.com$/,
    issuerHint: 'https://accounts.google.com',
    clientAuthMethod: 'client_secret_basic',
  },
  keycloak: {
    name: 'keycloak',
    scopes: ['openid', 'profile', 'email'],
    issuerPattern: /^https?:\/\/[^/]+(\/auth)?\/realms\/[^/]+$/,
    issuerHint: 'https://<host>/realms/<realm>',
    clientAuthMethod: 'client_secret_basic',
  },
  generic: {
    name: 'generic',
    scopes: ['openid', 'profile', 'email'],
    issuerPattern: null,
    issuerHint: 'the issuer URL of the provider',
    clientAuthMethod: 'client_secret_basic',
  },
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

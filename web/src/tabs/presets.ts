/**
 * What the Providers form asks for each preset, and how it becomes the issuer URL. The server
 * checks the issuer against the same patterns (src/modules/provider/domain/presets.ts).
 */
export type PresetName = 'salesforce' | 'entra-id' | 'okta' | 'google' | 'keycloak' | 'generic';

export interface PresetForm {
  readonly label: string;
  /** The preset's own fields: label, hint, placeholder. */
  readonly parts: readonly { key: string; label: string; hint: string; placeholder?: string }[];
  issuer(parts: Record<string, string>): string;
  readonly scopes: readonly string[];
}

export const PRESET_FORMS: Record<PresetName, PresetForm> = {
  salesforce: {
    label: 'Salesforce',
    parts: [
      {
        key: 'host',
        label: 'Salesforce host',
        hint: 'login.salesforce.com, test.salesforce.com (sandbox) or <My Domain>.my.salesforce.com',
        placeholder: 'login.salesforce.com',
      },
    ],
    issuer: (p) => `https://${p.host || 'login.salesforce.com'}`,
    scopes: ['openid', 'profile', 'email'],
  },
  'entra-id': {
    label: 'Microsoft Entra ID',
    parts: [
      {
        key: 'tenant',
        label: 'Tenant',
        hint: 'The directory (tenant) id, a domain such as contoso.onmicrosoft.com, or "organizations" for any work account',
        placeholder: '00000000-0000-0000-0000-000000000000',
      },
    ],
    issuer: (p) => `https://login.microsoftonline.com/${p.tenant || 'organizations'}/v2.0`,
    scopes: ['openid', 'profile', 'email'],
  },
  okta: {
    label: 'Okta',
    parts: [
      { key: 'org', label: 'Okta domain', hint: 'Your Okta org, e.g. acme.okta.com', placeholder: 'acme.okta.com' },
      {
        key: 'server',
        label: 'Authorization server id',
        hint: 'Optional: a custom authorization server (e.g. "default"); empty for the org server',
      },
    ],
    issuer: (p) => `https://${p.org || 'example.okta.com'}${p.server ? `/oauth2/${p.server}` : ''}`,
    scopes: ['openid', 'profile', 'email', 'groups'],
  },
  google: { label: 'Google', parts: [], issuer: () => 'https://accounts.google.com', scopes: ['openid', 'profile', 'email'] },
  keycloak: {
    label: 'Keycloak',
    parts: [
      {
        key: 'host',
        label: 'Keycloak base URL',
        hint: 'e.g. https://sso.example.com (add /auth for Keycloak before 17)',
        placeholder: 'https://sso.example.com',
      },
      { key: 'realm', label: 'Realm', hint: 'The realm your application lives in', placeholder: 'master' },
    ],
    issuer: (p) => `${(p.host || 'https://keycloak.example.com').replace(/\/$/, '')}/realms/${p.realm || 'master'}`,
    scopes: ['openid', 'profile', 'email'],
  },
  generic: {
    label: 'Any OpenID Connect provider',
    parts: [
      {
        key: 'issuer',
        label: 'Issuer URL',
        hint: 'The provider’s issuer; Sesame reads <issuer>/.well-known/openid-configuration',
        placeholder: 'https://idp.example.com',
      },
    ],
    issuer: (p) => p.issuer ?? '',
    scopes: ['openid', 'profile', 'email'],
  },
};

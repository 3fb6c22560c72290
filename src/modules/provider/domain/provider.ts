import type { PresetName } from './presets.js';
import type { ResyncSettings } from './resync-settings.js';

export type ProviderKind = 'oidc' | 'oauth2';
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface ProviderEndpoints {
  readonly authorization?: string;
  readonly token?: string;
  readonly userinfo?: string;
  readonly jwks?: string;
  readonly endSession?: string;
}

/** A registered identity provider, as the login flow sees it (the secret already opened). */
export interface Provider {
  readonly id: string;
  readonly slug: string;
  readonly displayName: string;
  readonly kind: ProviderKind;
  readonly preset: PresetName;
  readonly issuer: string | null;
  readonly endpoints: ProviderEndpoints;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly clientAuthMethod: ClientAuthMethod;
  readonly authorizeParams: Readonly<Record<string, string>>;
  readonly subjectAttribute: string | null;
  readonly allowedTenants: readonly string[];
  readonly trustEmail: boolean;
  readonly logoutAtProvider: boolean;
  /** Background re-sync through refresh tokens (off unless an administrator turns it on). */
  readonly resync: ResyncSettings;
  readonly buttonText: string | null;
  readonly iconUrl: string | null;
  readonly order: number;
  readonly enabled: boolean;
  readonly updatedAt: Date;
}

/**
 * The settings of a provider that mean the same in any instance: no id, no timestamp. The one
 * declared shape that the admin API's input, the validation rules and the config export derive from.
 */
export type ProviderSettings = Omit<Provider, 'id' | 'updatedAt'>;

/** Authorization parameters Sesame sets itself; an administrator may not override them. */
export const RESERVED_AUTHORIZE_PARAMS = new Set([
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
]);

/** How a provider's claims become a Sesame user. Attribute settings are claim paths (see readClaim). */
export interface UserMapping {
  readonly usernameAttribute: string;
  readonly emailAttribute: string;
  readonly firstNameAttribute: string;
  readonly lastNameAttribute: string;
  /** null: the display name is made from the first and last name. */
  readonly displayNameAttribute: string | null;
  /** How a first login finds an existing local account that has no identity link yet. */
  readonly matchBy: 'username' | 'email';
  readonly allowUserCreation: boolean;
  /** false = read-only directory: a login never changes an existing user's profile. */
  readonly updateProfileOnLogin: boolean;
  /**
   * The username is what applications key on (X-Auth-Request-User): an existing account keeps
   * its username unless this is true (and updateProfileOnLogin too). Stored mappings without it
   * read as false.
   */
  readonly updateUsernameOnLogin: boolean;
  /**
   * When the provider was rebuilt (same person, new `sub`), re-link the account found by verified
   * email or by username whose link to THIS provider carries another `sub`; 'off' refuses with
   * SSO_USERNAME_CONFLICT. Never crosses providers, never by an unverified email.
   */
  readonly relinkOnSubjectChange: RelinkOnSubjectChange;
  /** Accept the email as verified even without email_verified=true. */
  readonly trustEmail: boolean;
}

export type RelinkOnSubjectChange = 'off' | 'verified-email' | 'username';

export type ProviderPreset = 'salesforce' | 'entra-id' | 'okta' | 'google' | 'keycloak' | 'generic';

/** The attribute a mapping setting names, as reported in SSO_ATTRIBUTE_MISSING. */
export type MappedAttribute = 'usernameAttribute' | 'emailAttribute';

/** Every profile attribute a mapping reads, as reported in SSO_UNUSABLE_CLAIM. */
export type ProfileAttribute = MappedAttribute | 'firstNameAttribute' | 'lastNameAttribute' | 'displayNameAttribute';

/**
 * The longest value each attribute may have: the directory's checks for username (1–255) and
 * email (320), and the admin API's 255 for names, so an administrator can still edit the user.
 */
export const PROFILE_LIMITS: Readonly<Record<ProfileAttribute, number>> = {
  usernameAttribute: 255,
  emailAttribute: 320,
  firstNameAttribute: 255,
  lastNameAttribute: 255,
  displayNameAttribute: 255,
};

const STANDARD_CLAIMS = {
  usernameAttribute: 'preferred_username',
  emailAttribute: 'email',
  firstNameAttribute: 'given_name',
  lastNameAttribute: 'family_name',
  displayNameAttribute: 'name',
} as const;

const SAFE_DEFAULTS = {
  matchBy: 'username',
  allowUserCreation: true,
  updateProfileOnLogin: true,
  updateUsernameOnLogin: false,
  relinkOnSubjectChange: 'off',
  trustEmail: false,
} as const;

/**
 * What each provider sends as standard OpenID Connect claims. Salesforce's preferred_username
 * is the Salesforce login, Entra ID's is the UPN, Okta's the Okta login; Google has no
 * username claim, so its username is the email, and matching goes by the (verified) email.
 */
const PRESETS: Record<ProviderPreset, UserMapping> = {
  salesforce: { ...STANDARD_CLAIMS, ...SAFE_DEFAULTS },
  'entra-id': { ...STANDARD_CLAIMS, ...SAFE_DEFAULTS },
  okta: { ...STANDARD_CLAIMS, ...SAFE_DEFAULTS },
  google: { ...STANDARD_CLAIMS, ...SAFE_DEFAULTS, usernameAttribute: 'email', matchBy: 'email' },
  keycloak: { ...STANDARD_CLAIMS, ...SAFE_DEFAULTS },
  generic: { ...STANDARD_CLAIMS, ...SAFE_DEFAULTS },
};

export function defaultUserMapping(preset: ProviderPreset): UserMapping {
  return { ...PRESETS[preset] };
}

import { claimNames, isTruthyClaim, readClaim, type Claims } from '../../../common/claims.js';
import { unusableTextReason } from '../../../common/usable-text.js';
import { PROFILE_LIMITS, type MappedAttribute, type ProfileAttribute, type UserMapping } from './user-mapping.js';

/** The profile a login would write, read from the provider's claims. */
export interface MappedProfile {
  readonly username: string;
  /** Lower-cased; the directory compares emails case-insensitively. */
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly displayName: string | null;
}

export type MapProfileResult =
  | { readonly ok: true; readonly profile: MappedProfile }
  | {
      readonly ok: false;
      readonly code: 'SSO_ATTRIBUTE_MISSING';
      readonly attribute: MappedAttribute;
      readonly claimPath: string;
      /** What the provider did send, so the administrator can fix the mapping. */
      readonly sentAttributes: string[];
    }
  | {
      readonly ok: false;
      readonly code: 'SSO_UNUSABLE_CLAIM';
      readonly attribute: ProfileAttribute;
      readonly claimPath: string;
      /** Why, never the value: it may be anything the provider sent. */
      readonly reason: string;
    };

export function mapProfile(claims: Claims, mapping: UserMapping): MapProfileResult {
  const username = readText(claims, mapping.usernameAttribute);
  if (username === null) return missing(claims, 'usernameAttribute', mapping.usernameAttribute);

  const email = readText(claims, mapping.emailAttribute)?.toLowerCase() ?? null;
  if (email === null && mapping.matchBy === 'email') return missing(claims, 'emailAttribute', mapping.emailAttribute);

  const firstName = readText(claims, mapping.firstNameAttribute);
  const lastName = readText(claims, mapping.lastNameAttribute);
  const displayName =
    (mapping.displayNameAttribute === null ? null : readText(claims, mapping.displayNameAttribute)) ?? joinNames(firstName, lastName);

  const values: [ProfileAttribute, string, string | null][] = [
    ['usernameAttribute', mapping.usernameAttribute, username],
    ['emailAttribute', mapping.emailAttribute, email],
    ['firstNameAttribute', mapping.firstNameAttribute, firstName],
    ['lastNameAttribute', mapping.lastNameAttribute, lastName],
    ['displayNameAttribute', mapping.displayNameAttribute ?? `${mapping.firstNameAttribute} ${mapping.lastNameAttribute}`, displayName],
  ];
  for (const [attribute, claimPath, value] of values) {
    const reason = value === null ? null : unusableTextReason(value, PROFILE_LIMITS[attribute]);
    if (reason !== null) return { ok: false, code: 'SSO_UNUSABLE_CLAIM', attribute, claimPath, reason };
  }

  return {
    ok: true,
    profile: {
      username,
      email,
      // email_verified speaks about the standard email claim, whatever the mapping reads it from.
      emailVerified: email !== null && (mapping.trustEmail || isTruthyClaim(claims.email_verified)),
      firstName,
      lastName,
      displayName,
    },
  };
}

function missing(claims: Claims, attribute: MappedAttribute, claimPath: string): MapProfileResult {
  return { ok: false, code: 'SSO_ATTRIBUTE_MISSING', attribute, claimPath, sentAttributes: claimNames(claims) };
}

/** A claim as one trimmed line of text; null when absent, blank, or not representable as text. */
function readText(claims: Claims, path: string): string | null {
  return asText(readClaim(claims, path));
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // Some providers send single-valued attributes as one-element lists.
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string' && item.trim() !== '') return item.trim();
    }
  }
  return null;
}

function joinNames(firstName: string | null, lastName: string | null): string | null {
  const joined = [firstName, lastName].filter((part) => part !== null).join(' ');
  return joined === '' ? null : joined;
}

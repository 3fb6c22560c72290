import { unusableTextReason } from '../../../common/usable-text.js';
import { lookup, isRecord, type ScimProblem } from './scim-problem.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface ScimEmail {
  readonly value: string;
  readonly type: string | null;
  readonly primary: boolean;
}

/** The attributes of a SCIM User that Sesame reads and keeps; anything else the provider sends is ignored. */
export interface ScimUserDocument {
  readonly userName: string;
  readonly externalId: string | null;
  readonly active: boolean;
  readonly displayName: string | null;
  readonly name: { readonly givenName: string | null; readonly familyName: string | null; readonly formatted: string | null };
  readonly emails: readonly ScimEmail[];
}

export type ReadResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: ScimProblem };

const MAX_TEXT = 255;
const MAX_EMAILS = 20;

/**
 * A User as POST and PUT send it (and as PATCH leaves it), checked attribute by attribute.
 * Entra ID sends booleans as the strings "True"/"False": both forms are accepted.
 */
export function readUserDocument(body: unknown): ReadResult<ScimUserDocument> {
  if (!isRecord(body)) return invalid('invalidSyntax', 'The request body must be a JSON object (a SCIM User)');
  const schemas = lookup(body, 'schemas');
  if (
    schemas !== undefined &&
    (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === USER_SCHEMA.toLowerCase()))
  ) {
    return invalid('invalidValue', `schemas must list ${USER_SCHEMA}`);
  }
  try {
    const userName = text(body, 'userName', MAX_TEXT);
    if (userName === null || userName.trim() === '') return invalid('invalidValue', 'userName is required');
    const name = lookup(body, 'name');
    if (name !== undefined && name !== null && !isRecord(name)) return invalid('invalidValue', 'name must be an object');
    const names = isRecord(name) ? name : {};
    return {
      ok: true,
      value: {
        userName: userName.trim(),
        externalId: text(body, 'externalId', MAX_TEXT),
        active: flag(body, 'active', true),
        displayName: text(body, 'displayName', MAX_TEXT),
        name: {
          givenName: text(names, 'givenName', MAX_TEXT),
          familyName: text(names, 'familyName', MAX_TEXT),
          formatted: text(names, 'formatted', MAX_TEXT),
        },
        emails: emails(lookup(body, 'emails')),
      },
    };
  } catch (error) {
    if (error instanceof AttributeProblem) return invalid('invalidValue', error.message);
    throw error;
  }
}

/** The address the directory keeps: the primary one, else the work one, else the first. */
export function primaryEmail(user: ScimUserDocument): string | null {
  const chosen = user.emails.find((e) => e.primary) ?? user.emails.find((e) => e.type?.toLowerCase() === 'work') ?? user.emails[0];
  return chosen?.value ?? null;
}

/**
 * The user as claims, so the provider's user mapping (claim paths such as `preferred_username`
 * or `email`) reads a SCIM User exactly as it reads an ID token. The SCIM attribute names
 * (`userName`, `name.givenName`…) work as claim paths too. The provider's directory asserts the
 * address, as a provider marked trusted for email does.
 */
export function userClaims(user: ScimUserDocument): Record<string, unknown> {
  const email = primaryEmail(user);
  return {
    ...user,
    sub: user.externalId,
    preferred_username: user.userName,
    email,
    email_verified: email !== null,
    given_name: user.name.givenName,
    family_name: user.name.familyName,
    name: user.displayName ?? user.name.formatted,
  };
}

/** The stored document, as JSON that PATCH edits and filters read. */
export function userJson(user: ScimUserDocument): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA],
    userName: user.userName,
    ...(user.externalId !== null ? { externalId: user.externalId } : {}),
    active: user.active,
    ...(user.displayName !== null ? { displayName: user.displayName } : {}),
    name: Object.fromEntries(Object.entries(user.name).filter(([, value]) => value !== null)),
    emails: user.emails.map((e) => ({ value: e.value, ...(e.type !== null ? { type: e.type } : {}), primary: e.primary })),
  };
}

class AttributeProblem extends Error {}

function text(record: Readonly<Record<string, unknown>>, attribute: string, max: number): string | null {
  const value = lookup(record, attribute);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new AttributeProblem(`${attribute} must be a string`);
  const reason = unusableTextReason(value, max);
  if (reason !== null) throw new AttributeProblem(`${attribute}: ${reason}`);
  return value === '' ? null : value;
}

function flag(record: Readonly<Record<string, unknown>>, attribute: string, fallback: boolean): boolean {
  const value = lookup(record, attribute);
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new AttributeProblem(`${attribute} must be true or false`);
}

function emails(value: unknown): ScimEmail[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AttributeProblem('emails must be an array');
  if (value.length > MAX_EMAILS) throw new AttributeProblem(`emails may list at most ${MAX_EMAILS} addresses`);
  return value.map((item, index) => {
    if (!isRecord(item)) throw new AttributeProblem(`emails[${index}] must be an object`);
    const address = text(item, 'value', 320);
    if (address === null || !/^[^\s@]+@[^\s@]+$/.test(address))
      throw new AttributeProblem(`emails[${index}].value must be an email address`);
    return { value: address.toLowerCase(), type: text(item, 'type', 40), primary: flag(item, 'primary', false) };
  });
}

function invalid(scimType: ScimProblem['scimType'], detail: string): ReadResult<never> {
  return { ok: false, problem: { status: 400, scimType, detail } };
}

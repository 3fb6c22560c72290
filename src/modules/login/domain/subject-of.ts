import { readClaim } from '../../../common/claims.js';

export interface SubjectSource {
  readonly kind: 'oidc' | 'oauth2';
  /** OAuth 2.0 providers only: the userinfo attribute that identifies the person. */
  readonly subjectAttribute: string | null;
}

/**
 * The one subject rule, for a login and for its preview: an OpenID provider's `sub`; a plain
 * OAuth 2.0 provider's subject attribute (which wins over any `sub` the userinfo carries).
 * null when the value is missing, empty or not a string or number.
 */
export function subjectOf(claims: Record<string, unknown>, provider: SubjectSource): string | null {
  const raw = provider.kind === 'oauth2' && provider.subjectAttribute ? readClaim(claims, provider.subjectAttribute) : claims.sub;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const subject = String(raw);
  return subject === '' ? null : subject;
}

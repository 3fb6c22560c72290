/** The verified-email gate: which existing account a login may open when no identity link names one. */
export interface MatchCandidates<U extends { readonly emailVerified?: boolean }> {
  readonly matchBy: 'username' | 'email';
  /** The account owning the mapped username (case-insensitively), if any. */
  readonly byUsername: U | null;
  /** The account owning the mapped email (case-insensitively), if any. */
  readonly byEmail: U | null;
}

/**
 * An email that reached the directory unverified proves nothing: it never opens that account
 * (pre-account takeover). It still blocks creating a second user with the same address, which
 * `decideAccount` sees through `emailOwner`.
 */
export function matchedAccount<U extends { readonly emailVerified?: boolean }>(candidates: MatchCandidates<U>): U | null {
  if (candidates.matchBy === 'username') return candidates.byUsername;
  return candidates.byEmail?.emailVerified === true ? candidates.byEmail : null;
}

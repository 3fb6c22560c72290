/** What start-up does with the stored check value and the configured key ring. */
export type KeyCheckDecision =
  /** Nothing stored yet (a new database, or one from before the check existed). */
  | { readonly kind: 'first-start' }
  | { readonly kind: 'current' }
  /** Sealed with a previous key: start, re-seal, then move the check to the current key. */
  | { readonly kind: 'previous'; readonly stored: string }
  | { readonly kind: 'wrong' };

export function decideKeyCheck(stored: string | null, current: string, previous: readonly string[]): KeyCheckDecision {
  if (stored === null) return { kind: 'first-start' };
  if (stored === current) return { kind: 'current' };
  if (previous.includes(stored)) return { kind: 'previous', stored };
  return { kind: 'wrong' };
}

/** The one line an operator reads when the key is refused; it names the variable, never a key. */
export function wrongKeyProblem(hasPreviousKeys: boolean): string {
  return hasPreviousKeys
    ? "neither it nor any key in SESAME_SECRET_KEY_PREVIOUS is the key this database's secrets were sealed with; " +
        'start with the key the other instances use'
    : "is not the key this database's secrets were sealed with; start with the key the other instances use " +
        '(to change the key, set the old one in SESAME_SECRET_KEY_PREVIOUS)';
}

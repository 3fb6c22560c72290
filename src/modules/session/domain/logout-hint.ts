/**
 * The longest ID token a session keeps for RP-initiated logout. The sign-out answer carries it as
 * `id_token_hint` in its Location header, and behind nginx every header of that answer must fit
 * in 4 KB (its default `proxy_buffer_size`, the budget the forward-auth answer keeps too); the
 * answer's other headers and the rest of the URL take about 1.2 KB. Longer tokens come from
 * providers that list hundreds of groups in them.
 */
export const MAX_LOGOUT_HINT_LENGTH = 2_500;

/**
 * The ID token to keep for the sign-out, or null. Without it the sign-out names the client alone
 * (`client_id`, which RP-Initiated Logout 1.0 allows), and the provider may ask the person to
 * confirm; with it the answer could be refused by the proxy (502) or the provider (URL too long).
 */
export function logoutHint(idToken: string | null | undefined): string | null {
  return idToken && idToken.length <= MAX_LOGOUT_HINT_LENGTH ? idToken : null;
}

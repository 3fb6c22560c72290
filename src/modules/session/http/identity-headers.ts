import type { SessionPrincipal } from '../application/session-principal.js';

/**
 * The group list is sent twice (X-Auth-Request-Groups and Remote-Groups). nginx reads the whole
 * answer of the check into one 4 KB buffer (`proxy_buffer_size`): two copies of this many bytes
 * plus the other headers fit in it.
 */
export const MAX_GROUPS_HEADER_BYTES = 1500;

/** Built once per cached session: they change only when the session is read again. */
const headersOf = new WeakMap<SessionPrincipal, Record<string, string>>();

/**
 * The headers apps read, in the two conventions proxies and apps already know: oauth2-proxy's
 * `X-Auth-Request-*` and Authelia's `Remote-*` (many apps' "trusted header" login). Values are
 * made header-safe; groups are cut at a group boundary to fit nginx's buffer.
 */
export function identityHeaders(principal: SessionPrincipal): Record<string, string> {
  let headers = headersOf.get(principal);
  if (!headers) headersOf.set(principal, (headers = buildIdentityHeaders(principal)));
  return headers;
}

function buildIdentityHeaders(principal: SessionPrincipal): Record<string, string> {
  const user = headerSafe(principal.username);
  const email = headerSafe(principal.email ?? '');
  const name = headerSafe(principal.displayName ?? principal.username);
  const { groups, truncated } = groupList(principal.groups);
  return {
    'x-auth-request-user': user,
    'x-auth-request-preferred-username': user,
    'x-auth-request-email': email,
    'x-auth-request-name': name,
    'x-auth-request-groups': groups,
    ...(truncated ? { 'x-auth-request-groups-truncated': 'true' } : {}),
    'remote-user': user,
    'remote-email': email,
    'remote-name': name,
    'remote-groups': groups,
  };
}

function groupList(names: readonly string[]): { groups: string; truncated: boolean } {
  let groups = '';
  for (const group of names) {
    const next = groups ? `${groups},${headerSafe(group)}` : headerSafe(group);
    if (next.length > MAX_GROUPS_HEADER_BYTES) return { groups, truncated: true };
    groups = next;
  }
  return { groups, truncated: false };
}

/** Control characters are dropped; anything beyond ASCII is percent-encoded (UTF-8). */
function headerSafe(value: string): string {
  const clean = value.replace(/[\x00-\x1f\x7f]/g, '');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : encodeURIComponent(clean);
}

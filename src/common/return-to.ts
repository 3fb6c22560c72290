/**
 * Where to send the browser after sign-in or sign-out. Only a path on Sesame's own origin or a
 * URL on an exactly allow-listed origin is followed; anything else becomes `/`, never an error,
 * so a tampered link still ends somewhere safe.
 */
export const MAX_RETURN_TO_LENGTH = 2048;
const FALLBACK = '/';
// Browsers strip tabs and newlines from URLs and treat `\` as `/`, so `/\evil.com` or
// `/\t/evil.com` would become the scheme-relative `//evil.com`.
const UNSAFE_CHARACTERS = /[\s\p{Cc}\p{Cf}\\]/u;

export function safeReturnTo(
  raw: string | undefined | null,
  publicOrigin: string,
  allowedOrigins: readonly string[],
  cookieDomain?: string,
): string {
  return followedReturnTo(raw, publicOrigin, allowedOrigins, cookieDomain) ?? FALLBACK;
}

/** The target that would be followed, or null where safeReturnTo falls back: for settings that must be refused, not replaced. */
export function followedReturnTo(
  raw: string | undefined | null,
  publicOrigin: string,
  allowedOrigins: readonly string[],
  /** SESAME_COOKIE_DOMAIN (checked, lower-case, punycode): hosts under it share the session, so they may be returned to. */
  cookieDomain?: string,
): string | null {
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_RETURN_TO_LENGTH) return null;
  if (UNSAFE_CHARACTERS.test(raw)) return null;
  const ownOrigin = originOf(publicOrigin);
  if (ownOrigin === null) return null;
  if (raw.startsWith('/')) return sameOriginPath(raw, ownOrigin);
  return allowListedUrl(raw, ownOrigin, allowedOrigins, cookieDomain);
}

/** How the rule reads in an error message. */
export const RETURN_TO_RULE =
  'a path on this site (/…), a URL on an origin listed in SESAME_ALLOWED_RETURN_ORIGINS, or on a host under SESAME_COOKIE_DOMAIN';

function sameOriginPath(raw: string, ownOrigin: string): string | null {
  if (raw.startsWith('//')) return null;
  const url = parse(raw, ownOrigin);
  if (url === null || url.origin !== ownOrigin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse into a scheme-relative URL: `/.//evil.com` resolves to `//evil.com`.
  return path.startsWith('//') ? null : path;
}

function allowListedUrl(
  raw: string,
  ownOrigin: string,
  allowedOrigins: readonly string[],
  cookieDomain: string | undefined,
): string | null {
  const url = parse(raw);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  // `https://app.example.com@evil.com` reads as the allowed host to a person; refuse credentials outright.
  if (url.username !== '' || url.password !== '') return null;
  if (url.origin === ownOrigin) return url.href;
  if (allowedOrigins.some((allowed) => originOf(allowed) === url.origin)) return url.href;
  return cookieDomain !== undefined && underCookieDomain(url, ownOrigin, cookieDomain) ? url.href : null;
}

/**
 * The URL parser has already lower-cased the host and turned IDN into punycode, so a plain suffix
 * test on a label boundary is exact: `example.com.evil.io` and `evil-example.com` are not under
 * `example.com`. A trailing dot (`git.example.com.`) is another host to browsers and cookies: refused.
 * Behind an https Sesame, plain http would hand the session's target to anyone on the network.
 */
function underCookieDomain(url: URL, ownOrigin: string, cookieDomain: string): boolean {
  if (ownOrigin.startsWith('https:') && url.protocol !== 'https:') return false;
  const host = url.hostname;
  return host === cookieDomain || host.endsWith(`.${cookieDomain}`);
}

function originOf(value: string): string | null {
  const url = parse(value);
  return url === null || url.origin === 'null' ? null : url.origin;
}

function parse(value: string, base?: string): URL | null {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}

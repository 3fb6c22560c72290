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

export function safeReturnTo(raw: string | undefined | null, publicOrigin: string, allowedOrigins: readonly string[]): string {
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_RETURN_TO_LENGTH) return FALLBACK;
  if (UNSAFE_CHARACTERS.test(raw)) return FALLBACK;
  const ownOrigin = originOf(publicOrigin);
  if (ownOrigin === null) return FALLBACK;
  if (raw.startsWith('/')) return sameOriginPath(raw, ownOrigin);
  return allowListedUrl(raw, ownOrigin, allowedOrigins);
}

function sameOriginPath(raw: string, ownOrigin: string): string {
  if (raw.startsWith('//')) return FALLBACK;
  const url = parse(raw, ownOrigin);
  if (url === null || url.origin !== ownOrigin) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse into a scheme-relative URL: `/.//evil.com` resolves to `//evil.com`.
  return path.startsWith('//') ? FALLBACK : path;
}

function allowListedUrl(raw: string, ownOrigin: string, allowedOrigins: readonly string[]): string {
  const url = parse(raw);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) return FALLBACK;
  // `https://app.example.com@evil.com` reads as the allowed host to a person; refuse credentials outright.
  if (url.username !== '' || url.password !== '') return FALLBACK;
  if (url.origin === ownOrigin) return url.href;
  return allowedOrigins.some((allowed) => originOf(allowed) === url.origin) ? url.href : FALLBACK;
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

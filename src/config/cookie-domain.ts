import { parse } from 'tldts';

export type CookieDomainResult = { readonly ok: true; readonly domain: string } | { readonly ok: false; readonly reason: string };

/**
 * SESAME_COOKIE_DOMAIN: the domain the session cookie is shared with (`.example.com` →
 * `example.com`). It must be Sesame's own host or a parent of it, and never a public suffix
 * (`com`, `co.uk`, `github.io`: the Public Suffix List, private domains included), or every
 * site under it would receive Sesame's session.
 */
export function checkCookieDomain(raw: string, publicUrl: string): CookieDomainResult {
  const domain = asciiHost(raw.trim().replace(/^\./, ''));
  if (domain === null) return { ok: false, reason: `"${raw}" is not a domain name such as .example.com` };
  const info = parse(domain, { allowPrivateDomains: true });
  if (info.isIp) return { ok: false, reason: 'must be a domain name, not an IP address (a cookie cannot be shared across addresses)' };
  if (info.publicSuffix === domain || info.domain === null) {
    return { ok: false, reason: `"${domain}" is a public suffix: every site under it would receive Sesame's session` };
  }
  const ownHost = new URL(publicUrl).hostname;
  if (ownHost !== domain && !ownHost.endsWith(`.${domain}`)) {
    return { ok: false, reason: `must be PUBLIC_URL's host (${ownHost}) or a parent of it, got "${domain}"` };
  }
  return { ok: true, domain };
}

/** Lower case, IDN as punycode, as URL hosts are compared; null for anything that is not a plain host name. */
function asciiHost(value: string): string | null {
  if (value === '' || value.endsWith('.') || !/^[^\s/\\:@?#[\]%]+$/u.test(value)) return null;
  try {
    const host = new URL(`http://${value}/`).hostname;
    return host;
  } catch {
    return null;
  }
}

import { domainToASCII } from 'node:url';

/**
 * Strict email and domain parsing for sign-in decisions (allowed domains, redirection rules).
 * An address that a mail server might accept but that is ambiguous to compare (quotes, comments,
 * two `@`, IP literals) is refused: these decide who gets in, so only one reading may exist.
 */

export type ParsedEmail = { ok: true; local: string; domain: string; email: string } | { ok: false; reason: string };

export type NormalisedDomain = { ok: true; domain: string } | { ok: false; reason: string };

/** RFC 5321 caps a forward path at 256 octets; 320 (64 + 1 + 255) is the common outer bound. */
export const MAX_EMAIL_LENGTH = 320;
const MAX_LOCAL_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 253;

// dot-atom (RFC 5322): atext runs separated by single dots. ASCII only: Sesame compares local
// parts byte for byte, and Unicode local parts have no agreed normal form.
const DOT_ATOM = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;
// Whitespace, control and invisible formatting characters (soft hyphen, zero-width joiners):
// each can make two different strings look like the same address.
const INVISIBLE = /[\s\p{Cc}\p{Cf}]/u;
// ASCII characters a host name may contain before IDN mapping. Everything else ASCII (`%`, `_`,
// `[`, `@`…) is refused up front because domainToASCII would otherwise decode or map it.
const DOMAIN_ASCII = /[\x00-\x7f]/g;
const DOMAIN_ASCII_ALLOWED = /^[a-z0-9.-]$/i;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function parseEmail(raw: string): ParsedEmail {
  if (typeof raw !== 'string' || raw.length === 0) return refuse('is empty');
  if (raw.length > MAX_EMAIL_LENGTH) return refuse(`is longer than ${MAX_EMAIL_LENGTH} characters`);
  if (INVISIBLE.test(raw)) return refuse('contains whitespace or control characters');
  const parts = raw.split('@');
  if (parts.length !== 2) return refuse('must contain exactly one @');
  const [local, rawDomain] = parts as [string, string];
  if (local.length === 0) return refuse('has nothing before the @');
  if (local.length > MAX_LOCAL_LENGTH) return refuse(`has more than ${MAX_LOCAL_LENGTH} characters before the @`);
  if (!DOT_ATOM.test(local)) {
    return refuse('has characters before the @ that are not allowed (quotes, comments, non-ASCII letters or misplaced dots)');
  }
  if (rawDomain.length === 0) return refuse('has nothing after the @');
  const domain = normaliseDomain(rawDomain);
  if (!domain.ok) return refuse(`has an invalid domain: ${domain.reason}`);
  const lowerLocal = local.toLowerCase();
  return { ok: true, local: lowerLocal, domain: domain.domain, email: `${lowerLocal}@${domain.domain}` };
}

/**
 * The one comparable form of a domain: lower-case ASCII (IDN as punycode), no trailing dot,
 * at least two labels of letters, digits and inner hyphens, and a top-level label that is not
 * all digits (so IP addresses are not domains).
 */
export function normaliseDomain(raw: string): NormalisedDomain {
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, reason: 'is empty' };
  if (raw.length > MAX_EMAIL_LENGTH) return { ok: false, reason: 'is too long' };
  if (INVISIBLE.test(raw)) return { ok: false, reason: 'contains whitespace or control characters' };
  const badAscii = (raw.match(DOMAIN_ASCII) ?? []).find((c) => !DOMAIN_ASCII_ALLOWED.test(c));
  if (badAscii !== undefined) return { ok: false, reason: `contains "${badAscii}" (only letters, digits, dots and hyphens)` };
  const ascii = domainToASCII(raw);
  if (ascii === '') return { ok: false, reason: 'is not a valid internationalised domain name' };
  const domain = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii;
  if (domain.length > MAX_DOMAIN_LENGTH) return { ok: false, reason: `is longer than ${MAX_DOMAIN_LENGTH} characters` };
  const labels = domain.split('.');
  if (labels.length < 2) return { ok: false, reason: 'must contain at least one dot (example.com)' };
  if (labels.some((label) => !LDH_LABEL.test(label))) {
    return { ok: false, reason: 'has an empty or invalid label (labels are 1 to 63 letters, digits or inner hyphens)' };
  }
  if (/^\d+$/.test(labels.at(-1) ?? '')) return { ok: false, reason: 'is an IP address, not a domain name' };
  return { ok: true, domain };
}

function refuse(reason: string): ParsedEmail {
  return { ok: false, reason };
}

import { normaliseDomain, parseEmail } from '../../../common/email.js';

export type DomainListResult = { ok: true; domains: string[] } | { ok: false; field: string; reason: string };

export type EmailDomainDecision = { allowed: true } | { allowed: false; code: 'SSO_DOMAIN_NOT_ALLOWED'; reason: string };

const FIELD = 'allowedEmailDomains';
const MAX_DOMAINS = 1000;

/**
 * Reads the allowed-domain list from the API: a list, or the semicolon-separated string of the
 * original settings screen (commas and whitespace separate there too). Each domain is stored
 * in the form that `parseEmail` produces, so the sign-in check is a plain equality.
 */
export function parseDomainList(input: string | string[]): DomainListResult {
  const items = typeof input === 'string' ? input.split(/[;,\s]+/) : input;
  if (!Array.isArray(items)) return { ok: false, field: FIELD, reason: 'must be a list of domains or a semicolon-separated string' };
  if (items.length > MAX_DOMAINS) return { ok: false, field: FIELD, reason: `at most ${MAX_DOMAINS} domains` };
  const domains = new Set<string>();
  for (const [index, item] of items.entries()) {
    const field = typeof input === 'string' ? FIELD : `${FIELD}[${index}]`;
    if (typeof item !== 'string') return { ok: false, field, reason: 'must be a domain name such as example.com' };
    const trimmed = item.trim();
    if (trimmed === '') {
      if (typeof input === 'string') continue; // "a.com; b.com;" has a harmless empty tail
      return { ok: false, field, reason: 'is empty' };
    }
    const hint = trimmed.startsWith('@')
      ? ' (write the domain without the @)'
      : trimmed.includes('*')
        ? ' (wildcards are not supported: list each domain)'
        : '';
    const domain = normaliseDomain(trimmed);
    if (!domain.ok) return { ok: false, field, reason: `"${trimmed}" ${domain.reason}${hint}` };
    domains.add(domain.domain);
  }
  return { ok: true, domains: [...domains] };
}

/**
 * An empty list lets everyone in, even a person whose provider sent no email. Otherwise the
 * email must parse strictly and its domain must equal a listed one: a subdomain is a different
 * domain unless it is listed too.
 */
export function isEmailDomainAllowed(email: string | null, allowedDomains: readonly string[]): EmailDomainDecision {
  if (allowedDomains.length === 0) return { allowed: true };
  if (email === null || email === '') return deny('the identity provider sent no email address, and sign-in is limited to listed domains');
  const parsed = parseEmail(email);
  if (!parsed.ok) return deny(`the email address ${parsed.reason}`);
  const listed = allowedDomains.some((allowed) => {
    const normalised = normaliseDomain(allowed);
    return normalised.ok && normalised.domain === parsed.domain;
  });
  return listed ? { allowed: true } : deny(`sign-in is not allowed for email addresses at ${parsed.domain}`);
}

function deny(reason: string): EmailDomainDecision {
  return { allowed: false, code: 'SSO_DOMAIN_NOT_ALLOWED', reason };
}

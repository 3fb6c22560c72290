import { normaliseDomain, parseEmail } from '../../../common/email.js';

export interface RedirectRule {
  readonly name: string;
  readonly match: { readonly emailDomains: readonly string[] } | { readonly emailPattern: string };
  readonly providerId: string;
}

export interface RedirectRules {
  /** Whether the login page asks for the email first. Evaluation ignores it, so rules can be tried before they go live. */
  readonly enabled: boolean;
  readonly rules: readonly RedirectRule[];
  readonly defaultProviderId: string | null;
}

export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

export type ProviderChoice =
  { ok: true; providerId: string; rule: string } | { ok: false; code: 'LOGIN_NO_PROVIDER' | 'INVALID_EMAIL'; message: string };

/** The rule name reported when no rule matched and the default provider was chosen. */
export const DEFAULT_RULE = 'default';
const MAX_RULES = 200;
const MAX_NAME_LENGTH = 100;
const MAX_PATTERN_LENGTH = 500;
const MAX_DOMAINS_PER_RULE = 500;

/** Checks a rule set as it arrives from the API; returns every problem, each with its field path. */
export function validateRedirectRules(value: unknown): FieldError[] {
  if (!isRecord(value)) return [{ field: '', reason: 'must be an object with enabled, rules and defaultProviderId' }];
  const errors: FieldError[] = [];
  if (typeof value.enabled !== 'boolean') errors.push({ field: 'enabled', reason: 'must be true or false' });
  if (value.defaultProviderId !== null && !isProviderId(value.defaultProviderId)) {
    errors.push({ field: 'defaultProviderId', reason: "must be a provider's id or slug, or null" });
  }
  if (!Array.isArray(value.rules)) return [...errors, { field: 'rules', reason: 'must be a list' }];
  if (value.rules.length > MAX_RULES) return [...errors, { field: 'rules', reason: `at most ${MAX_RULES} rules` }];
  const names = new Set<string>();
  for (const [index, rule] of (value.rules as unknown[]).entries()) {
    const at = `rules[${index}]`;
    if (!isRecord(rule)) {
      errors.push({ field: at, reason: 'must be an object with name, match and providerId' });
      continue;
    }
    if (typeof rule.name !== 'string' || rule.name.trim() === '' || rule.name.length > MAX_NAME_LENGTH) {
      errors.push({ field: `${at}.name`, reason: `must be a non-empty name of at most ${MAX_NAME_LENGTH} characters` });
    } else if (rule.name.trim().toLowerCase() === DEFAULT_RULE) {
      errors.push({ field: `${at}.name`, reason: `"${DEFAULT_RULE}" is reserved for the default provider` });
    } else if (names.has(rule.name.trim().toLowerCase())) {
      errors.push({ field: `${at}.name`, reason: `"${rule.name}" is used by another rule` });
    } else {
      names.add(rule.name.trim().toLowerCase());
    }
    if (!isProviderId(rule.providerId)) errors.push({ field: `${at}.providerId`, reason: "must be a provider's id or slug" });
    errors.push(...validateMatch(rule.match, `${at}.match`));
  }
  return errors;
}

function validateMatch(match: unknown, at: string): FieldError[] {
  if (!isRecord(match)) return [{ field: at, reason: 'must be { emailDomains: [...] } or { emailPattern: "..." }' }];
  const kinds = Object.keys(match);
  if (kinds.length !== 1 || (kinds[0] !== 'emailDomains' && kinds[0] !== 'emailPattern')) {
    return [{ field: at, reason: 'must have exactly one of emailDomains or emailPattern' }];
  }
  if ('emailPattern' in match) {
    const pattern = match.emailPattern;
    if (typeof pattern !== 'string' || pattern === '' || pattern.length > MAX_PATTERN_LENGTH) {
      return [{ field: `${at}.emailPattern`, reason: `must be a regular expression of 1 to ${MAX_PATTERN_LENGTH} characters` }];
    }
    const compiled = compilePattern(pattern);
    return compiled instanceof RegExp ? [] : [{ field: `${at}.emailPattern`, reason: `is not a valid regular expression: ${compiled}` }];
  }
  const domains = match.emailDomains;
  if (!Array.isArray(domains) || domains.length === 0 || domains.length > MAX_DOMAINS_PER_RULE) {
    return [{ field: `${at}.emailDomains`, reason: `must list 1 to ${MAX_DOMAINS_PER_RULE} domains` }];
  }
  return domains.flatMap((domain: unknown, i): FieldError[] => {
    const normalised = typeof domain === 'string' ? normaliseDomain(domain) : { ok: false as const, reason: 'must be a domain name' };
    return normalised.ok ? [] : [{ field: `${at}.emailDomains[${i}]`, reason: normalised.reason }];
  });
}

/**
 * Picks the provider for an email: the first rule that matches and whose provider is usable,
 * else the default provider when it is usable. A rule only routes; the sign-in policy still
 * decides whether the person gets in.
 */
export function chooseProvider(email: string, rules: RedirectRules, usableProviderIds: ReadonlySet<string>): ProviderChoice {
  const parsed = parseEmail(email);
  if (!parsed.ok) return { ok: false, code: 'INVALID_EMAIL', message: `This email address ${parsed.reason}.` };
  for (const rule of rules.rules) {
    if (usableProviderIds.has(rule.providerId) && ruleMatches(rule, parsed.email, parsed.domain)) {
      return { ok: true, providerId: rule.providerId, rule: rule.name };
    }
  }
  if (rules.defaultProviderId !== null && usableProviderIds.has(rules.defaultProviderId)) {
    return { ok: true, providerId: rules.defaultProviderId, rule: DEFAULT_RULE };
  }
  return {
    ok: false,
    code: 'LOGIN_NO_PROVIDER',
    message: `No sign-in provider is set up for email addresses at ${parsed.domain}. Please contact your administrator.`,
  };
}

/** Names of the rules (and "default") that point at a provider that is deleted or disabled. */
export function staleRules(rules: RedirectRules, usableProviderIds: ReadonlySet<string>): string[] {
  const stale = rules.rules.filter((rule) => !usableProviderIds.has(rule.providerId)).map((rule) => rule.name);
  if (rules.defaultProviderId !== null && !usableProviderIds.has(rules.defaultProviderId)) stale.push(DEFAULT_RULE);
  return stale;
}

function ruleMatches(rule: RedirectRule, email: string, domain: string): boolean {
  if ('emailPattern' in rule.match) {
    const pattern = compilePattern(rule.match.emailPattern);
    return pattern instanceof RegExp && pattern.test(email);
  }
  return rule.match.emailDomains.some((listed) => {
    const normalised = normaliseDomain(listed);
    return normalised.ok && normalised.domain === domain;
  });
}

/**
 * Patterns match the whole normalised email (lower-case, IDN domains as punycode), so
 * `.*@example\.com` cannot match `a@example.com.evil.com`. Case is ignored for the
 * administrator's convenience. Returns the compile error's message for an invalid pattern.
 */
function compilePattern(pattern: string): RegExp | string {
  try {
    // Compiled alone first: only a balanced pattern can be wrapped without escaping the anchors
    // (`a)|(.*` would otherwise become `^(?:a)|(.*)$` and match everything).
    new RegExp(pattern);
    return new RegExp(`^(?:${pattern})$`, 'i');
  } catch (error) {
    return error instanceof Error ? error.message : 'cannot be compiled';
  }
}

function isProviderId(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_NAME_LENGTH;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { normaliseDomain } from '../../../common/email.js';

/**
 * Who may use which application behind forward-auth. Rules are tried in order; the first rule
 * whose host (and path prefix) fits the request and whose audience includes the person decides.
 */
export interface AccessRule {
  readonly name: string;
  /** `git.example.com`, or `*.example.com` for every host below example.com. Lower case, punycode. */
  readonly host: string;
  /** `/admin` covers `/admin` and `/admin/…`; null covers the whole host. */
  readonly pathPrefix: string | null;
  readonly policy: 'allow' | 'deny';
  /** The audience: members of any group, any email domain, or any listed user. All empty: everyone signed in. */
  readonly groups: readonly string[];
  readonly emailDomains: readonly string[];
  /** Usernames or email addresses. */
  readonly users: readonly string[];
}

export interface AccessRules {
  readonly rules: readonly AccessRule[];
}

export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

export const NO_ACCESS_RULES: AccessRules = { rules: [] };
const MAX_RULES = 500;
const MAX_NAME_LENGTH = 100;
const MAX_LIST = 500;
const MAX_ITEM_LENGTH = 320;
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const FIELDS = ['name', 'host', 'pathPrefix', 'policy', 'groups', 'emailDomains', 'users'];

export type CheckedRules = { readonly ok: true; readonly rules: AccessRules } | { readonly ok: false; readonly errors: FieldError[] };

/** Checks a rule list as it arrives from the API or an import, and normalises it (hosts, domains, defaults). */
export function checkAccessRules(value: unknown): CheckedRules {
  if (!isRecord(value) || !Array.isArray(value.rules)) return fail([{ field: 'rules', reason: 'must be a list of rules' }]);
  if (value.rules.length > MAX_RULES) return fail([{ field: 'rules', reason: `at most ${MAX_RULES} rules` }]);
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const rules = (value.rules as unknown[]).map((raw, index) => checkRule(raw, `rules[${index}]`, errors, names));
  return errors.length > 0 ? fail(errors) : { ok: true, rules: { rules: rules as AccessRule[] } };
}

function checkRule(raw: unknown, at: string, errors: FieldError[], names: Set<string>): AccessRule | null {
  if (!isRecord(raw)) {
    errors.push({ field: at, reason: 'must be an object with name, host and policy' });
    return null;
  }
  for (const key of Object.keys(raw)) if (!FIELDS.includes(key)) errors.push({ field: `${at}.${key}`, reason: 'is not a rule field' });
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (name === '' || name.length > MAX_NAME_LENGTH) {
    errors.push({ field: `${at}.name`, reason: `must be a non-empty name of at most ${MAX_NAME_LENGTH} characters` });
  } else if (names.has(name.toLowerCase())) {
    errors.push({ field: `${at}.name`, reason: `"${name}" is used by another rule` });
  }
  names.add(name.toLowerCase());
  const host = normaliseHostPattern(raw.host);
  if (host === null) errors.push({ field: `${at}.host`, reason: 'must be a host name such as git.example.com, or *.example.com' });
  const pathPrefix = raw.pathPrefix === undefined || raw.pathPrefix === null || raw.pathPrefix === '' ? null : raw.pathPrefix;
  if (pathPrefix !== null && (typeof pathPrefix !== 'string' || !/^\/[\x21-\x7e]{0,500}$/.test(pathPrefix) || /[?#%\\]/.test(pathPrefix))) {
    errors.push({ field: `${at}.pathPrefix`, reason: 'must be a path starting with / (no query, %-escapes or backslashes), or null' });
  }
  if (raw.policy !== 'allow' && raw.policy !== 'deny') errors.push({ field: `${at}.policy`, reason: 'must be "allow" or "deny"' });
  const groups = checkList(raw.groups, `${at}.groups`, errors, (item) => item.trim());
  const users = checkList(raw.users, `${at}.users`, errors, (item) => item.trim().toLowerCase());
  const emailDomains = checkList(raw.emailDomains, `${at}.emailDomains`, errors, (item) => {
    const domain = normaliseDomain(item.trim().replace(/^@/, ''));
    return domain.ok ? domain.domain : { reason: domain.reason };
  });
  return {
    name,
    host: host ?? '',
    pathPrefix: typeof pathPrefix === 'string' ? stripTrailingSlash(pathPrefix.toLowerCase()) : null,
    policy: raw.policy === 'deny' ? 'deny' : 'allow',
    groups,
    emailDomains,
    users,
  };
}

function checkList(value: unknown, at: string, errors: FieldError[], normalise: (item: string) => string | { reason: string }): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_LIST) {
    errors.push({ field: at, reason: `must be a list of at most ${MAX_LIST} entries` });
    return [];
  }
  const items: string[] = [];
  for (const [i, item] of (value as unknown[]).entries()) {
    const normalised = typeof item === 'string' && item.trim() !== '' && item.length <= MAX_ITEM_LENGTH ? normalise(item) : null;
    if (typeof normalised === 'string') items.push(normalised);
    else
      errors.push({
        field: `${at}[${i}]`,
        reason: normalised?.reason ?? `must be a non-empty text of at most ${MAX_ITEM_LENGTH} characters`,
      });
  }
  return items;
}

/** A host (`git.example.com`) or a wildcard over a domain (`*.example.com`), lower case and punycode. */
function normaliseHostPattern(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const wildcard = value.trim().startsWith('*.');
  const host = normaliseHost(wildcard ? value.trim().slice(2) : value);
  if (host === null || !host.split('.').every((label) => HOST_LABEL.test(label))) return null;
  return wildcard ? `*.${host}` : host;
}

/** A request's host as rules compare it: lower case, punycode, without port or trailing dot; null when it is not a host. */
export function normaliseHost(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '' || /[\s/\\@?#%]/.test(trimmed)) return null;
  try {
    const host = new URL(`http://${trimmed}/`).hostname.replace(/\.$/, '');
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function fail(errors: FieldError[]): CheckedRules {
  return { ok: false, errors };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

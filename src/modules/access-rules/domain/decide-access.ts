import type { AccessRule, AccessRules } from './access-rules.js';
import { normaliseHost } from './access-rules.js';

/** The request a proxy asks about: the application's host and path, as the trusted proxy reported them. */
export interface AppRequest {
  /** Null when Sesame cannot tell (no X-Forwarded-Host from a trusted proxy). */
  readonly host: string | null;
  readonly uri: string;
}

export interface Person {
  readonly username: string;
  readonly email: string | null;
  /** Lower-cased group names. */
  readonly groupSet: ReadonlySet<string>;
}

export type AccessDecision =
  | { readonly allowed: true; readonly rule: string | null }
  | { readonly allowed: false; readonly rule: string | null; readonly reason: string };

/**
 * The first rule that covers the request's host and path and whose audience includes the person
 * decides (allow or deny). When allow rules cover the request but none includes the person, it
 * is refused, naming the first of them; a request that no allow rule covers is allowed to anyone
 * signed in (a deny rule only keeps its own audience out). With rules
 * but no host to compare, nothing can be decided safely: refused.
 */
export function decideAccess(rules: AccessRules, request: AppRequest, person: Person): AccessDecision {
  if (rules.rules.length === 0) return { allowed: true, rule: null };
  const host = request.host === null ? null : normaliseHost(request.host);
  if (host === null) {
    return {
      allowed: false,
      rule: null,
      reason: 'Sesame cannot tell which application this is, so per-application rules cannot allow it.',
    };
  }
  const path = normalisePath(request.uri);
  let firstAllowing: AccessRule | undefined;
  for (const rule of rules.rules) {
    if (!covers(rule, host, path)) continue;
    if (rule.policy === 'allow') firstAllowing ??= rule;
    if (!inAudience(rule, person)) continue;
    if (rule.policy === 'allow') return { allowed: true, rule: rule.name };
    return { allowed: false, rule: rule.name, reason: `The rule "${rule.name}" denies ${describeAudience(rule)} access to ${host}.` };
  }
  if (!firstAllowing) return { allowed: true, rule: null };
  return {
    allowed: false,
    rule: firstAllowing.name,
    reason: `${host} is open only to ${describeAudience(firstAllowing)} (rule "${firstAllowing.name}").`,
  };
}

function covers(rule: AccessRule, host: string, path: string): boolean {
  const hostMatches = rule.host.startsWith('*.') ? host.endsWith(rule.host.slice(1)) : host === rule.host;
  if (!hostMatches || rule.pathPrefix === null) return hostMatches;
  return rule.pathPrefix === '/' || path === rule.pathPrefix || path.startsWith(`${rule.pathPrefix}/`);
}

function inAudience(rule: AccessRule, person: Person): boolean {
  if (rule.groups.length === 0 && rule.emailDomains.length === 0 && rule.users.length === 0) return true;
  const email = person.email?.toLowerCase() ?? null;
  const domain = email?.slice(email.lastIndexOf('@') + 1) ?? null;
  return (
    rule.groups.some((group) => person.groupSet.has(group.toLowerCase())) ||
    (domain !== null && rule.emailDomains.includes(domain)) ||
    rule.users.some((user) => user === person.username.toLowerCase() || user === email)
  );
}

function describeAudience(rule: AccessRule): string {
  const parts = [
    rule.groups.length > 0 ? `members of ${rule.groups.join(', ')}` : null,
    rule.emailDomains.length > 0 ? `addresses at ${rule.emailDomains.join(', ')}` : null,
    rule.users.length > 0 ? `the users ${rule.users.join(', ')}` : null,
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(' or ') : 'everyone';
}

/**
 * The path as the application will see it: query dropped, `%XX` decoded, dot segments resolved,
 * repeated slashes collapsed, lower case. `/Admin`, `/%61dmin`, `//admin` and `/x/../admin` are
 * all `/admin`, so a rule on `/admin` cannot be stepped around by spelling. An undecodable path
 * keeps its escapes (and so matches no prefix with `%`, which rules cannot contain).
 */
export function normalisePath(uri: string): string {
  const raw = uri.split(/[?#]/, 1)[0] ?? '';
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // keep the raw path
  }
  const segments: string[] = [];
  for (const segment of decoded.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`.toLowerCase();
}

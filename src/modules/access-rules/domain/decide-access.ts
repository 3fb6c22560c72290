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
  /** Membership by lower-cased group name. */
  readonly groupSet: Pick<ReadonlySet<string>, 'has'>;
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
  const host = request.host === null ? null : requestHost(request.host);
  if (host === null) {
    return {
      allowed: false,
      rule: null,
      reason: 'Sesame cannot tell which application this is, so per-application rules cannot allow it.',
    };
  }
  const candidates = compiled(rules).covering(host);
  if (candidates.length === 0) return NO_RULE_APPLIES;
  // Normalising the path costs more than the walk: only a rule with a path prefix needs it.
  const path = candidates.some((rule) => rule.pathBelow !== null) ? normalisePath(request.uri) : '/';
  let firstAllowing: CompiledRule | undefined;
  for (const rule of candidates) {
    if (!coversPath(rule, path)) continue;
    if (rule.policy === 'allow') firstAllowing ??= rule;
    if (!inAudience(rule, person)) continue;
    if (rule.policy === 'allow') return rule.allows;
    return { allowed: false, rule: rule.name, reason: `The rule "${rule.name}" denies ${describeAudience(rule)} access to ${host}.` };
  }
  if (!firstAllowing) return NO_RULE_APPLIES;
  return {
    allowed: false,
    rule: firstAllowing.name,
    reason: `${host} is open only to ${describeAudience(firstAllowing)} (rule "${firstAllowing.name}").`,
  };
}

const NO_RULE_APPLIES: AccessDecision = Object.freeze({ allowed: true, rule: null });

/**
 * A rule as the check compares it, worked out once per rule list: the check runs on every
 * request of every protected app, so a request to a host named exactly by the rules (no wildcard
 * in the list) finds its candidates without a walk and gets an allow decision made once.
 */
interface CompiledRule extends AccessRule {
  /** `.example.com` for `*.example.com`; null for an exact host. */
  readonly wildcardSuffix: string | null;
  /** `/admin/`: what a path below the prefix starts with; null when the rule covers the whole host (no prefix, or `/`). */
  readonly pathBelow: string | null;
  readonly lowerCaseGroups: readonly string[];
  readonly hasAudience: boolean;
  /** The decision when this allow rule decides (the same object every time). */
  readonly allows: AccessDecision;
}

interface CompiledRules {
  /** The rules that may cover this host, in the administrator's order. */
  covering(host: string): readonly CompiledRule[];
}

const compiledRules = new WeakMap<AccessRules, CompiledRules>();

function compiled(rules: AccessRules): CompiledRules {
  let found = compiledRules.get(rules);
  if (!found) compiledRules.set(rules, (found = compile(rules)));
  return found;
}

function compile(rules: AccessRules): CompiledRules {
  const all: CompiledRule[] = rules.rules.map((rule) => ({
    ...rule,
    wildcardSuffix: rule.host.startsWith('*.') ? rule.host.slice(1) : null,
    pathBelow: rule.pathPrefix === null || rule.pathPrefix === '/' ? null : `${rule.pathPrefix}/`,
    lowerCaseGroups: rule.groups.map((group) => group.toLowerCase()),
    hasAudience: rule.groups.length > 0 || rule.emailDomains.length > 0 || rule.users.length > 0,
    allows: Object.freeze({ allowed: true, rule: rule.name }),
  }));
  // Most rules name one host: a request looks up its own instead of walking every rule.
  const byHost = new Map<string, CompiledRule[]>();
  for (const rule of all) {
    if (rule.wildcardSuffix === null) byHost.set(rule.host, [...(byHost.get(rule.host) ?? []), rule]);
  }
  const wildcards = all.filter((rule) => rule.wildcardSuffix !== null);
  if (wildcards.length === 0) return { covering: (host) => byHost.get(host) ?? NO_CANDIDATES };
  return {
    covering: (host) => all.filter((rule) => (rule.wildcardSuffix === null ? rule.host === host : host.endsWith(rule.wildcardSuffix))),
  };
}

const NO_CANDIDATES: readonly CompiledRule[] = [];

function coversPath(rule: CompiledRule, path: string): boolean {
  return rule.pathBelow === null || path === rule.pathPrefix || path.startsWith(rule.pathBelow);
}

/** The person's names as rules compare them, worked out once per person rather than once per rule or request. */
interface Who {
  readonly username: string;
  readonly email: string | null;
  readonly domain: string | null;
}

const names = new WeakMap<Person, Who>();

function whoIs(person: Person): Who {
  let who = names.get(person);
  if (!who) {
    const email = person.email?.toLowerCase() ?? null;
    who = { username: person.username.toLowerCase(), email, domain: email?.slice(email.lastIndexOf('@') + 1) ?? null };
    names.set(person, who);
  }
  return who;
}

function inAudience(rule: CompiledRule, person: Person): boolean {
  if (!rule.hasAudience) return true;
  for (const group of rule.lowerCaseGroups) if (person.groupSet.has(group)) return true;
  const who = whoIs(person);
  return (
    (who.domain !== null && rule.emailDomains.includes(who.domain)) ||
    rule.users.some((user) => user === who.username || user === who.email)
  );
}

/**
 * A host as proxies send it (lower case, maybe a port), read without the URL parser, which costs
 * microseconds. Anything the parser would rewrite (upper case, punycode, numbers it reads as an
 * IPv4 address, a trailing dot, an odd port) still goes through it.
 */
const PLAIN_HOST = /^(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*$/;
const PLAIN_PORT = /^\d{1,5}$/;
export function requestHost(value: string): string | null {
  const colon = value.indexOf(':');
  const name = colon === -1 ? value : value.slice(0, colon);
  const port = colon === -1 ? null : value.slice(colon + 1);
  const plainPort = port === null || (PLAIN_PORT.test(port) && Number(port) <= 65_535);
  return plainPort && PLAIN_HOST.test(name) && !name.includes('xn--') ? name : normaliseHost(value);
}

function describeAudience(rule: AccessRule): string {
  const parts = [
    rule.groups.length > 0 ? `members of ${rule.groups.join(', ')}` : null,
    rule.emailDomains.length > 0 ? `addresses at ${rule.emailDomains.join(', ')}` : null,
    rule.users.length > 0 ? `the users ${rule.users.join(', ')}` : null,
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(' or ') : 'everyone';
}

const PLAIN_PATH = /^(?:\/[^/%.\\]+)+\/?$|^\/$/;

/**
 * The path as the application will see it: query dropped, `%XX` decoded, dot segments resolved,
 * repeated slashes collapsed, lower case. `/Admin`, `/%61dmin`, `//admin` and `/x/../admin` are
 * all `/admin`, so a rule on `/admin` cannot be stepped around by spelling. An undecodable path
 * keeps its escapes (and so matches no prefix with `%`, which rules cannot contain).
 */
export function normalisePath(uri: string): string {
  const end = uri.search(/[?#]/);
  const raw = end === -1 ? uri : uri.slice(0, end);
  // Most paths have nothing to decode or resolve: no escape, dot, backslash or empty segment.
  if (PLAIN_PATH.test(raw)) return (raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw).toLowerCase();
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

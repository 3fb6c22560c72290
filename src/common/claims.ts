import jmespath from 'jmespath';

export type Claims = Readonly<Record<string, unknown>>;

/**
 * Reads a claim by the path an administrator configured. An exact top-level name wins, so
 * namespaced claims such as `https://example.com/claims/groups` need no JMESPath quoting;
 * anything else is a JMESPath expression (`custom_attributes.Department`, `groups[0]`).
 * Missing claims and invalid expressions both read as undefined: a typo in a mapping must
 * surface as a missing attribute, not as a crash in the login flow.
 */
export function readClaim(claims: Claims, path: string): unknown {
  const trimmed = path.trim();
  if (trimmed === '') return undefined;
  if (Object.hasOwn(claims, trimmed)) return claims[trimmed];
  try {
    const value: unknown = jmespath.search(claims, trimmed);
    // JMESPath answers null for "not there"; callers treat both the same way.
    return value === null ? undefined : value;
  } catch {
    return undefined;
  }
}

export interface FlatClaim {
  path: string;
  value: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Every leaf of the claims with a path that `readClaim` accepts as it is, so an
 * administrator can copy a path from the Test Configuration table into a mapping.
 */
export function flattenClaims(claims: Claims): FlatClaim[] {
  const leaves: FlatClaim[] = [];
  const names = Object.keys(claims);
  for (const [name, value] of Object.entries(claims)) {
    if (isPlainObject(value) || Array.isArray(value)) {
      // Below a top-level claim the path is JMESPath, and must not spell another claim's exact
      // name (`custom.dotted` would read the top-level "custom.dotted" claim instead).
      const shadowed = names.some((other) => other.startsWith(`${name}.`) || other.startsWith(`${name}[`));
      collectLeaves(shadowed ? JSON.stringify(name) : jmespathKey(name), value, leaves);
    } else {
      // A top-level leaf reads by its exact name, namespaced or not.
      leaves.push({ path: name, value: renderScalar(value) });
    }
  }
  const collator = new Intl.Collator('en', { numeric: true });
  return leaves.sort((a, b) => collator.compare(a.path, b.path));
}

function collectLeaves(path: string, value: unknown, into: FlatClaim[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) into.push({ path, value: '[]' });
    value.forEach((item, index) => collectLeaves(`${path}[${index}]`, item, into));
  } else if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) into.push({ path, value: '{}' });
    for (const [key, child] of entries) collectLeaves(`${path}.${jmespathKey(key)}`, child, into);
  } else {
    into.push({ path, value: renderScalar(value) });
  }
}

function jmespathKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function renderScalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The top-level attribute names the provider sent, sorted, for "attribute missing" messages. */
export function claimNames(claims: Claims): string[] {
  return Object.keys(claims).sort();
}

/** Providers send booleans as JSON booleans or as strings; the string "false" must be false. */
export function isTruthyClaim(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

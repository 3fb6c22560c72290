import type { CompareValue, ScimFilter } from './scim-filter.js';

/** Attributes compared exactly (RFC 7643: caseExact); every other string compares case-insensitively. */
const CASE_EXACT = new Set(['id', 'externalid', 'meta.version']);

/** Whether a resource (its SCIM JSON) matches a filter. */
export function matchesFilter(filter: ScimFilter, resource: Readonly<Record<string, unknown>>): boolean {
  switch (filter.kind) {
    case 'and':
      return matchesFilter(filter.left, resource) && matchesFilter(filter.right, resource);
    case 'or':
      return matchesFilter(filter.left, resource) || matchesFilter(filter.right, resource);
    case 'not':
      return !matchesFilter(filter.filter, resource);
    case 'valuePath':
      return elements(resource, filter.path).some((element) => isRecord(element) && matchesFilter(filter.filter, element));
    case 'present':
      return values(resource, filter.path).some(
        (value) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0),
      );
    case 'compare': {
      const exact = CASE_EXACT.has(filter.path);
      const found = values(resource, filter.path);
      if (filter.op === 'ne') return !found.some((value) => compare('eq', value, filter.value, exact));
      return found.some((value) => compare(filter.op, value, filter.value, exact));
    }
  }
}

/**
 * A single equality that narrows the candidates before the whole filter is matched, so
 * `userName eq "x"` reads one row instead of every resource of the provider.
 */
export function equalityHint(filter: ScimFilter): EqualityHint | null {
  return equalities(filter)[0] ?? null;
}

export interface EqualityHint {
  readonly path: string;
  readonly value: string;
}

/** Every equality the filter requires (those joined by `and`), outermost first. */
function equalities(filter: ScimFilter): EqualityHint[] {
  if (filter.kind === 'compare' && filter.op === 'eq' && typeof filter.value === 'string') {
    return [{ path: filter.path === 'emails' ? 'emails.value' : filter.path, value: filter.value }];
  }
  if (filter.kind === 'valuePath') {
    const value = equalities(filter.filter).find((hint) => hint.path === 'value');
    return value ? [{ path: `${filter.path}.value`, value: value.value }] : [];
  }
  if (filter.kind === 'and') return [...equalities(filter.left), ...equalities(filter.right)];
  return [];
}

function compare(op: string, actual: unknown, expected: CompareValue, exact: boolean): boolean {
  if (expected === null) return op === 'eq' && (actual === null || actual === undefined);
  if (typeof expected === 'boolean') return op === 'eq' && actual === expected;
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    return numeric(op, actual, expected);
  }
  if (typeof actual !== 'string') return false;
  const a = exact ? actual : actual.toLowerCase();
  const e = exact ? expected : expected.toLowerCase();
  switch (op) {
    case 'eq':
      return a === e;
    case 'co':
      return a.includes(e);
    case 'sw':
      return a.startsWith(e);
    case 'ew':
      return a.endsWith(e);
    default:
      return numeric(op, a.localeCompare(e), 0);
  }
}

function numeric(op: string, a: number, b: number): boolean {
  if (op === 'eq') return a === b;
  if (op === 'gt') return a > b;
  if (op === 'ge') return a >= b;
  if (op === 'lt') return a < b;
  if (op === 'le') return a <= b;
  return false;
}

/** The values a path names; a multi-valued attribute without a sub-attribute compares its elements' `value`. */
function values(resource: Readonly<Record<string, unknown>>, path: string): unknown[] {
  const [head, sub] = splitPath(path);
  const found = lookup(resource, head);
  const list = Array.isArray(found) ? found : [found];
  if (sub !== null) return list.flatMap((item) => (isRecord(item) ? [lookup(item, sub)] : []));
  return list.map((item) => (isRecord(item) && 'value' in item ? item.value : item));
}

function elements(resource: Readonly<Record<string, unknown>>, path: string): unknown[] {
  const found = lookup(resource, path);
  return Array.isArray(found) ? found : found === undefined ? [] : [found];
}

function splitPath(path: string): [string, string | null] {
  if (path.startsWith('urn:')) {
    // An extension attribute: `urn:…:User:manager.value` → the extension's object, then the attribute.
    const cut = path.lastIndexOf(':');
    return [path.slice(0, cut), path.slice(cut + 1)];
  }
  const dot = path.indexOf('.');
  return dot < 0 ? [path, null] : [path.slice(0, dot), path.slice(dot + 1)];
}

/** Attribute names compare case-insensitively (RFC 7643 §2.1). */
function lookup(record: Readonly<Record<string, unknown>>, name: string): unknown {
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : record[key];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

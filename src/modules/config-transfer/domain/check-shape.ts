import type { FieldProblem } from './config-document.js';

/** What a value must look like. A key ending in `?` may be left out. */
export type Shape = Leaf | { readonly [key: string]: Shape };
type Leaf = 'boolean' | 'number' | 'string' | 'string|null' | 'string[]' | 'string[]|string' | 'unknown';

const LEAF_CHECKS: Record<Leaf, [(value: unknown) => boolean, string]> = {
  boolean: [(v) => typeof v === 'boolean', 'must be true or false'],
  number: [(v) => typeof v === 'number' && Number.isFinite(v), 'must be a number'],
  string: [(v) => typeof v === 'string', 'must be a string'],
  'string|null': [(v) => v === null || typeof v === 'string', 'must be a string or null'],
  'string[]': [isStringList, 'must be a list of strings'],
  'string[]|string': [(v) => typeof v === 'string' || isStringList(v), 'must be a list of strings or a string'],
  unknown: [(v) => v !== undefined, 'is required'],
};

/**
 * Every place where `value` does not have the shape: wrong types, missing keys, and keys the
 * shape does not know (a typo in a hand-written document must not be silently dropped).
 */
export function checkShape(value: unknown, shape: Shape, at = ''): FieldProblem[] {
  if (typeof shape === 'string') {
    const [accepts, reason] = LEAF_CHECKS[shape];
    return accepts(value) ? [] : [{ field: at, reason }];
  }
  if (!isRecord(value)) return [{ field: at, reason: 'must be an object' }];
  const problems: FieldProblem[] = [];
  const known = new Set<string>();
  for (const [declared, inner] of Object.entries(shape)) {
    const optional = declared.endsWith('?');
    const key = optional ? declared.slice(0, -1) : declared;
    known.add(key);
    const field = at ? `${at}.${key}` : key;
    if (!(key in value) || value[key] === undefined) {
      if (!optional) problems.push({ field, reason: 'is required' });
      continue;
    }
    problems.push(...checkShape(value[key], inner, field));
  }
  for (const key of Object.keys(value)) {
    if (!known.has(key)) problems.push({ field: at ? `${at}.${key}` : key, reason: 'is not a known setting' });
  }
  return problems;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

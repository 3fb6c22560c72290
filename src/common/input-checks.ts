/**
 * Checks on input as it arrives, before class-transformer sees it: class-transformer recurses
 * without a bound (a deeply nested body overflows the stack), and PostgreSQL refuses the NUL
 * character in text and jsonb, so either would otherwise end as a 500 deep inside a service.
 */
export const MAX_INPUT_DEPTH = 32;

export interface InputProblem {
  readonly field: string;
  readonly reason: string;
}

/** The first problem found in a parsed value (JSON body, query or path parameter), or null. */
export function findInputProblem(value: unknown, root: string, maxDepth = MAX_INPUT_DEPTH): InputProblem | null {
  return visit(value, root, 0, maxDepth);
}

function visit(value: unknown, path: string, depth: number, maxDepth: number): InputProblem | null {
  if (typeof value === 'string')
    return value.includes('\0') ? { field: path || 'body', reason: 'must not contain the NUL character' } : null;
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= maxDepth) return { field: 'body', reason: `nests deeper than ${maxDepth} levels` };
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, i) => [String(i), item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const field = path ? `${path}.${printable(key)}` : printable(key);
    if (key.includes('\0')) return { field, reason: 'must not contain the NUL character (in the name)' };
    const problem = visit(item, field, depth + 1, maxDepth);
    if (problem) return problem;
  }
  return null;
}

/** A field name as it can be shown: NUL and other control characters escaped, and bounded. */
function printable(key: string): string {
  const escaped = key.replace(/[\x00-\x1f\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 100 ? `${escaped.slice(0, 100)}…` : escaped;
}

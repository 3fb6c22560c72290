import { parseFilter, normalisePath, type ScimFilter } from './scim-filter.js';
import { isRecord, lookup, type ScimProblem } from './scim-problem.js';
import type { ReadResult } from './scim-user.js';

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const MAX_OPERATIONS = 1000;

/** A PATCH path: `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, or an extension's `urn:…:attr`. */
export interface PatchPath {
  /** Lower case; an extension attribute keeps its schema URN. */
  readonly attribute: string;
  readonly filter: ScimFilter | null;
  readonly subAttribute: string | null;
}

export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: PatchPath | null;
  readonly value: unknown;
}

const PATH = /^((?:urn:[A-Za-z0-9_:.$-]+:)?[A-Za-z][A-Za-z0-9_$-]*)(?:\[(.*)\])?(?:\.([A-Za-z][A-Za-z0-9_$-]*))?$/s;

/**
 * A PatchOp request (RFC 7644 §3.5.2). Operation names are accepted in any case: Entra ID
 * sends "Replace" and "Add".
 */
export function readPatchRequest(body: unknown): ReadResult<readonly PatchOperation[]> {
  if (!isRecord(body)) return invalid('invalidSyntax', 'The request body must be a JSON object (a PatchOp)');
  const schemas = lookup(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_SCHEMA.toLowerCase())) {
    return invalid('invalidSyntax', `schemas must list ${PATCH_SCHEMA}`);
  }
  const operations = lookup(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) return invalid('invalidSyntax', 'Operations must be a non-empty array');
  if (operations.length > MAX_OPERATIONS) return invalid('tooMany', `Operations may hold at most ${MAX_OPERATIONS} operations`);
  const read: PatchOperation[] = [];
  for (const [index, operation] of operations.entries()) {
    if (!isRecord(operation)) return invalid('invalidSyntax', `Operations[${index}] must be an object`);
    const op = lookup(operation, 'op');
    const name = typeof op === 'string' ? op.toLowerCase() : '';
    if (name !== 'add' && name !== 'replace' && name !== 'remove') {
      return invalid('invalidSyntax', `Operations[${index}].op must be add, replace or remove`);
    }
    const rawPath = lookup(operation, 'path');
    let path: PatchPath | null = null;
    if (rawPath !== undefined && rawPath !== null && rawPath !== '') {
      if (typeof rawPath !== 'string') return invalid('invalidPath', `Operations[${index}].path must be a string`);
      const parsed = parsePatchPath(rawPath);
      if (!parsed.ok) return invalid('invalidPath', `Operations[${index}].path ${parsed.reason}`);
      path = parsed.path;
    }
    const value = lookup(operation, 'value');
    if (name === 'remove' && path === null) return invalid('noTarget', `Operations[${index}]: remove needs a path`);
    if (name !== 'remove' && value === undefined) return invalid('invalidValue', `Operations[${index}]: ${name} needs a value`);
    if (name !== 'remove' && path === null && !isRecord(value)) {
      return invalid('invalidValue', `Operations[${index}]: ${name} without a path needs an object value`);
    }
    read.push({ op: name, path, value });
  }
  return { ok: true, value: read };
}

export function parsePatchPath(text: string): { ok: true; path: PatchPath } | { ok: false; reason: string } {
  const match = PATH.exec(text.trim());
  if (!match) return { ok: false, reason: `${JSON.stringify(text.slice(0, 80))} is not an attribute path` };
  let filter: ScimFilter | null = null;
  if (match[2] !== undefined) {
    const parsed = parseFilter(match[2]);
    if (!parsed.ok) return { ok: false, reason: `has a filter that ${parsed.reason}` };
    filter = parsed.filter;
  }
  return { ok: true, path: { attribute: normalisePath(match[1]!), filter, subAttribute: match[3]?.toLowerCase() ?? null } };
}

function invalid(scimType: ScimProblem['scimType'], detail: string): ReadResult<never> {
  return { ok: false, problem: { status: 400, scimType, detail } };
}

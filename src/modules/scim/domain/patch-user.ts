import { matchesFilter } from './match-filter.js';
import type { PatchOperation, PatchPath } from './patch-request.js';
import { isRecord, lookup, type ScimProblem } from './scim-problem.js';
import type { ReadResult } from './scim-user.js';

/** The User attributes Sesame keeps, by their lower-case names; PATCHes of any other attribute change nothing. */
const KEPT: Readonly<Record<string, string>> = {
  username: 'userName',
  externalid: 'externalId',
  active: 'active',
  displayname: 'displayName',
  name: 'name',
  emails: 'emails',
};
const NAME_PARTS: Readonly<Record<string, string>> = { givenname: 'givenName', familyname: 'familyName', formatted: 'formatted' };
const MULTI_VALUED = new Set(['emails']);

type Json = Record<string, unknown>;

/**
 * Applies PATCH operations to a stored User document (see userJson) and answers the new one,
 * which is then read by readUserDocument like a PUT. Besides RFC 7644 §3.5.2 it accepts what
 * Entra ID sends: a remove with a `value` list (those elements only), and an add or replace of
 * `emails[type eq "work"].value` when there is no work address yet (one is added).
 */
export function patchUser(document: Readonly<Json>, operations: readonly PatchOperation[]): ReadResult<Json> {
  const next: Json = structuredClone(document);
  for (const [index, operation] of operations.entries()) {
    const problem = operation.path === null ? applyWithoutPath(next, operation) : applyAtPath(next, operation, operation.path);
    if (problem) return { ok: false, problem: { ...problem, detail: `Operations[${index}]: ${problem.detail}` } };
  }
  return { ok: true, value: next };
}

/** `{ op: replace, value: { active: false, "name.givenName": "A" } }`: each key is a path of its own. */
function applyWithoutPath(document: Json, operation: PatchOperation): ScimProblem | null {
  for (const [key, value] of Object.entries(operation.value as Json)) {
    if (key.startsWith('urn:') && isRecord(value)) continue; // extension schemas: nothing of them is kept
    const [attribute, sub] = key.toLowerCase().split('.', 2) as [string, string | undefined];
    const problem = applyAtPath(document, { ...operation, value }, { attribute, filter: null, subAttribute: sub ?? null });
    if (problem) return problem;
  }
  return null;
}

function applyAtPath(document: Json, operation: PatchOperation, path: PatchPath): ScimProblem | null {
  const key = KEPT[path.attribute];
  if (key === undefined) return null;
  if (key === 'name') return patchName(document, operation, path);
  if (MULTI_VALUED.has(key)) return patchList(document, key, operation, path);
  if (path.filter !== null || path.subAttribute !== null)
    return { status: 400, scimType: 'invalidPath', detail: `${key} has no sub-attributes` };
  if (operation.op === 'remove') {
    if (key === 'userName') return { status: 400, scimType: 'mutability', detail: 'userName is required and cannot be removed' };
    delete document[key];
  } else {
    document[key] = operation.value;
  }
  return null;
}

function patchName(document: Json, operation: PatchOperation, path: PatchPath): ScimProblem | null {
  if (path.filter !== null) return { status: 400, scimType: 'invalidPath', detail: 'name is not multi-valued' };
  const name: Json = isRecord(document.name) ? document.name : {};
  document.name = name;
  if (path.subAttribute === null) {
    if (operation.op === 'remove') document.name = {};
    else if (!isRecord(operation.value)) return { status: 400, scimType: 'invalidValue', detail: 'name must be an object' };
    else for (const [part, value] of Object.entries(operation.value)) setPart(name, part, value);
    return null;
  }
  if (operation.op === 'remove') delete name[NAME_PARTS[path.subAttribute] ?? path.subAttribute];
  else setPart(name, path.subAttribute, operation.value);
  return null;
}

function setPart(name: Json, part: string, value: unknown): void {
  const key = NAME_PARTS[part.toLowerCase()];
  if (key !== undefined) name[key] = value;
}

function patchList(document: Json, key: string, operation: PatchOperation, path: PatchPath): ScimProblem | null {
  const current = Array.isArray(document[key]) ? (document[key] as unknown[]) : [];
  const matches = (item: unknown) => path.filter === null || (isRecord(item) && matchesFilter(path.filter, item));
  if (operation.op === 'remove') {
    if (path.subAttribute !== null) {
      for (const item of current) if (isRecord(item) && matches(item)) delete item[path.subAttribute];
      return null;
    }
    const values = removalValues(operation.value);
    document[key] = current.filter((item) => !(matches(item) && (values === null || values.has(valueOf(item)))));
    return null;
  }
  if (path.filter === null && path.subAttribute === null) {
    const added = Array.isArray(operation.value) ? operation.value : [operation.value];
    if (!added.every(isRecord)) return { status: 400, scimType: 'invalidValue', detail: `${key} takes objects with a value` };
    document[key] =
      operation.op === 'replace' ? added : [...current.filter((item) => !added.some((a) => valueOf(a) === valueOf(item))), ...added];
    return null;
  }
  const targets = current.filter(matches);
  if (targets.length === 0) {
    // Entra ID's `emails[type eq "work"].value` on a user without one: the element is created.
    const seed = equalitiesOf(path);
    if (seed === null) return { status: 400, scimType: 'noTarget', detail: `no element of ${key} matches the path's filter` };
    const element =
      path.subAttribute === null
        ? { ...seed, ...(isRecord(operation.value) ? operation.value : {}) }
        : { ...seed, [path.subAttribute]: operation.value };
    document[key] = [...current, element];
    return null;
  }
  for (const item of targets) {
    if (!isRecord(item)) continue;
    if (path.subAttribute !== null) item[path.subAttribute] = operation.value;
    else if (isRecord(operation.value)) Object.assign(item, operation.value);
  }
  document[key] = current;
  return null;
}

/** A remove's `value` list names the elements to remove by their `value`; no list removes every match. */
function removalValues(value: unknown): Set<string> | null {
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? value : [value];
  return new Set(list.map((item) => (isRecord(item) ? valueOf(item) : String(item).toLowerCase())));
}

function valueOf(item: unknown): string {
  const value = isRecord(item) ? lookup(item, 'value') : item;
  return String(value).toLowerCase();
}

/** `type eq "work"` (or several joined by and) as the attributes of a new element; null for any other filter. */
function equalitiesOf(path: PatchPath): Json | null {
  const found: Json = {};
  const walk = (filter: PatchPath['filter']): boolean => {
    if (filter === null) return false;
    if (filter.kind === 'and') return walk(filter.left) && walk(filter.right);
    if (filter.kind === 'compare' && filter.op === 'eq') {
      found[filter.path] = filter.value;
      return true;
    }
    return false;
  };
  return walk(path.filter) ? found : null;
}

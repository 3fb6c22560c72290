import type { ScimFilter } from './scim-filter.js';
import type { PatchOperation, PatchPath } from './patch-request.js';
import { isRecord, lookup, type ScimProblem } from './scim-problem.js';
import type { ReadResult } from './scim-user.js';

/**
 * What a Group PATCH does, as changes to apply in one transaction: member additions and
 * removals by id, never a rewrite of the whole list, so concurrent PATCHes of one group each
 * keep the others' members.
 */
export interface GroupChanges {
  readonly displayName?: string;
  readonly externalId?: string | null;
  /** Every member goes first (replace of members, remove of members without a filter). */
  readonly clearMembers: boolean;
  readonly addMembers: readonly string[];
  readonly removeMembers: readonly string[];
}

const MAX_NAME = 255;

/**
 * Group PATCH operations as changes (RFC 7644 §3.5.2), with the forms Entra ID and Okta send:
 * `members[value eq "id"]` paths, a remove of `members` with a `value` list, and a value-only
 * replace `{ "id": …, "displayName": … }`.
 */
export function planGroupPatch(operations: readonly PatchOperation[]): ReadResult<GroupChanges> {
  let changes: Mutable = { clearMembers: false, addMembers: [], removeMembers: [] };
  for (const [index, operation] of operations.entries()) {
    const result = apply(changes, operation);
    if (!result.ok) return { ok: false, problem: { ...result.problem, detail: `Operations[${index}]: ${result.problem.detail}` } };
    changes = result.value;
  }
  return { ok: true, value: changes };
}

type Mutable = { -readonly [K in keyof GroupChanges]: GroupChanges[K] };

function apply(changes: Mutable, operation: PatchOperation): ReadResult<Mutable> {
  if (operation.path === null) {
    let next = changes;
    for (const [key, value] of Object.entries(operation.value as Record<string, unknown>)) {
      if (key.toLowerCase() === 'id' || key.toLowerCase() === 'schemas') continue; // Okta repeats the id; it cannot change
      const result = apply(next, { ...operation, path: { attribute: key.toLowerCase(), filter: null, subAttribute: null }, value });
      if (!result.ok) return result;
      next = result.value;
    }
    return { ok: true, value: next };
  }
  const path = operation.path;
  if (path.attribute === 'displayname') return scalar(changes, 'displayName', operation, path);
  if (path.attribute === 'externalid') return scalar(changes, 'externalId', operation, path);
  if (path.attribute === 'members') return members(changes, operation, path);
  return problem('invalidPath', `Groups have no attribute "${path.attribute}" that can be changed`);
}

function scalar(changes: Mutable, key: 'displayName' | 'externalId', operation: PatchOperation, path: PatchPath): ReadResult<Mutable> {
  if (path.filter !== null || path.subAttribute !== null) return problem('invalidPath', `${key} has no sub-attributes`);
  if (operation.op === 'remove') {
    if (key === 'displayName') return problem('mutability', 'displayName is required and cannot be removed');
    return { ok: true, value: { ...changes, externalId: null } };
  }
  const value = operation.value;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_NAME || /[\u0000-\u001f\u007f]/.test(value)) {
    return problem('invalidValue', `${key} must be a non-empty string of at most ${MAX_NAME} characters without control characters`);
  }
  return { ok: true, value: { ...changes, [key]: value.trim() } };
}

function members(changes: Mutable, operation: PatchOperation, path: PatchPath): ReadResult<Mutable> {
  if (path.subAttribute !== null) return problem('invalidPath', 'members has no sub-attribute that can be changed');
  if (operation.op === 'remove') {
    if (path.filter !== null) {
      const ids = memberIdsOf(path.filter);
      if (ids === null) return problem('invalidFilter', 'a members filter must be value eq "…" (or several joined by or)');
      return { ok: true, value: removing(changes, ids) };
    }
    if (operation.value === undefined || operation.value === null)
      return { ok: true, value: { ...changes, clearMembers: true, addMembers: [], removeMembers: [] } };
    const ids = memberValues(operation.value);
    return ids.ok ? { ok: true, value: removing(changes, ids.value) } : ids;
  }
  if (path.filter !== null) return problem('invalidPath', `${operation.op} of members takes no filter`);
  const ids = memberValues(operation.value);
  if (!ids.ok) return ids;
  if (operation.op === 'replace')
    return { ok: true, value: { ...changes, clearMembers: true, addMembers: unique(ids.value), removeMembers: [] } };
  return {
    ok: true,
    value: {
      ...changes,
      addMembers: unique([...changes.addMembers, ...ids.value]),
      removeMembers: changes.removeMembers.filter((id) => !ids.value.includes(id)),
    },
  };
}

function removing(changes: Mutable, ids: readonly string[]): Mutable {
  return {
    ...changes,
    removeMembers: unique([...changes.removeMembers, ...ids]),
    addMembers: changes.addMembers.filter((id) => !ids.includes(id)),
  };
}

/** `[{ "value": "id" }, …]` or one such object. */
export function memberValues(value: unknown): ReadResult<string[]> {
  const list = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const item of list) {
    const id = isRecord(item) ? lookup(item, 'value') : undefined;
    if (typeof id !== 'string' || id === '') return problem('invalidValue', 'members must be objects with a "value" naming a User id');
    ids.push(id);
  }
  return { ok: true, value: ids };
}

function memberIdsOf(filter: ScimFilter): string[] | null {
  if (filter.kind === 'compare' && filter.op === 'eq' && filter.path === 'value' && typeof filter.value === 'string') return [filter.value];
  if (filter.kind === 'or') {
    const left = memberIdsOf(filter.left);
    const right = memberIdsOf(filter.right);
    return left && right ? [...left, ...right] : null;
  }
  return null;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function problem(scimType: ScimProblem['scimType'], detail: string): ReadResult<never> {
  return { ok: false, problem: { status: 400, scimType, detail } };
}

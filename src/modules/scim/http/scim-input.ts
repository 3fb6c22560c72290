import { parseFilter, type ScimFilter } from '../domain/scim-filter.js';
import { readPaging } from '../domain/render.js';
import { readPatchRequest, type PatchOperation } from '../domain/patch-request.js';
import { badRequest, scimFailure } from '../application/scim-failure.js';

/** `filter`, `startIndex` and `count` of a list request (RFC 7644 §3.4.2). */
export function readListQuery(query: Readonly<Record<string, unknown>>): { filter: ScimFilter | null; startIndex: number; count: number } {
  const rawFilter = query.filter;
  let filter: ScimFilter | null = null;
  if (rawFilter !== undefined) {
    if (typeof rawFilter !== 'string') throw badRequest('invalidFilter', 'filter must be given once');
    const parsed = parseFilter(rawFilter);
    if (!parsed.ok) throw badRequest('invalidFilter', `filter ${parsed.reason}`);
    filter = parsed.filter;
  }
  const paging = readPaging(single(query.startIndex), single(query.count));
  if ('problem' in paging) throw badRequest('invalidValue', paging.problem);
  return { filter, ...paging };
}

/** Entra ID reads Groups with `excludedAttributes=members`; members are shown unless excluded. */
export function wantsMembers(query: Readonly<Record<string, unknown>>): boolean {
  const excluded = single(query.excludedAttributes);
  const attributes = single(query.attributes);
  const names = (value: unknown) => (typeof value === 'string' ? value.split(',').map((name) => name.trim().toLowerCase()) : []);
  if (names(excluded).includes('members')) return false;
  const asked = names(attributes);
  return asked.length === 0 || asked.includes('members');
}

export function readBody(body: unknown): unknown {
  if (body === undefined) throw badRequest('invalidSyntax', 'The request needs a JSON body');
  return body;
}

export function readPatchBody(body: unknown): readonly PatchOperation[] {
  const read = readPatchRequest(readBody(body));
  if (!read.ok) throw scimFailure(read.problem);
  return read.value;
}

function single(value: unknown): unknown {
  if (Array.isArray(value)) throw badRequest('invalidValue', 'a query parameter is given more than once');
  return value;
}

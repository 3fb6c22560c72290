import { USER_SCHEMA } from './scim-user.js';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface Meta {
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

/** ETags are weak: the version counts changes, it is not a hash of the bytes. */
export function etag(version: number): string {
  return `W/"${version}"`;
}

function meta(resourceType: 'User' | 'Group', location: string, row: Meta): Record<string, unknown> {
  return {
    resourceType,
    created: row.createdAt.toISOString(),
    lastModified: row.updatedAt.toISOString(),
    location,
    version: etag(row.version),
  };
}

/** A User as SCIM answers it: the provider's document, Sesame's id, and `active` as the directory holds it. */
export function renderUser(
  id: string,
  document: Readonly<Record<string, unknown>>,
  active: boolean,
  row: Meta,
  base: string,
): Record<string, unknown> {
  return { ...document, schemas: [USER_SCHEMA], id, active, meta: meta('User', `${base}/Users/${id}`, row) };
}

export function renderGroup(
  group: { readonly id: string; readonly displayName: string; readonly externalId: string | null } & Meta,
  members: readonly { readonly userId: string; readonly userName: string }[] | null,
  base: string,
): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId !== null ? { externalId: group.externalId } : {}),
    ...(members !== null
      ? { members: members.map((m) => ({ value: m.userId, display: m.userName, $ref: `${base}/Users/${m.userId}` })) }
      : {}),
    meta: meta('Group', `${base}/Groups/${group.id}`, group),
  };
}

export function listResponse(resources: readonly unknown[], totalResults: number, startIndex: number): Record<string, unknown> {
  return { schemas: [LIST_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

export const MAX_PAGE_SIZE = 200;

/** RFC 7644 §3.4.2.4: startIndex below 1 is 1, a negative count is 0; Sesame caps a page at MAX_PAGE_SIZE. */
export function readPaging(startIndex: unknown, count: unknown): { startIndex: number; count: number } | { problem: string } {
  const start = startIndex === undefined || startIndex === '' ? 1 : Number(startIndex);
  const size = count === undefined || count === '' ? 100 : Number(count);
  if (!Number.isInteger(start)) return { problem: 'startIndex must be an integer' };
  if (!Number.isInteger(size)) return { problem: 'count must be an integer' };
  return { startIndex: Math.max(1, start), count: Math.min(MAX_PAGE_SIZE, Math.max(0, size)) };
}

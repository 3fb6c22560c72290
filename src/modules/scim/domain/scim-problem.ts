/** RFC 7644 §3.12: the detail error keywords a 400 (and 409, 412) carries. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** What went wrong, in the SCIM error schema's terms; the HTTP layer renders it. */
export interface ScimProblem {
  readonly status: 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 500 | 501 | 503;
  readonly scimType?: ScimType;
  readonly detail: string;
}

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export function errorDocument(problem: ScimProblem): Record<string, unknown> {
  return {
    schemas: [ERROR_SCHEMA],
    status: String(problem.status),
    ...(problem.scimType ? { scimType: problem.scimType } : {}),
    detail: problem.detail,
  };
}

/** Attribute names are case-insensitive (RFC 7643 §2.1). */
export function lookup(record: Readonly<Record<string, unknown>>, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

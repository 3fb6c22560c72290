import { DomainError, type ErrorCode } from '../../../common/domain-error.js';
import type { ScimProblem } from '../domain/scim-problem.js';

const CODES: Partial<Record<ScimProblem['status'], ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  415: 'BAD_REQUEST',
};

/** A SCIM problem as a DomainError; the SCIM controller renders it in the SCIM error schema, scimType included. */
export function scimFailure(problem: ScimProblem): DomainError {
  return new DomainError(CODES[problem.status] ?? 'BAD_REQUEST', problem.detail, {
    scimType: problem.scimType,
    scimStatus: problem.status,
  });
}

export function badRequest(scimType: ScimProblem['scimType'], detail: string): DomainError {
  return scimFailure({ status: 400, scimType, detail });
}

export function notFoundResource(kind: 'User' | 'Group', id: string): DomainError {
  return scimFailure({ status: 404, detail: `${kind} ${id.slice(0, 80)} not found` });
}

/** If-Match: the write applies only to the version the client last read. */
export function checkVersion(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const wanted = ifMatch.split(',').map((tag) => tag.trim());
  if (!wanted.includes(`W/"${version}"`) && !wanted.includes(`"${version}"`)) {
    throw scimFailure({ status: 412, detail: `The resource changed since that version; it is at W/"${version}"` });
  }
}

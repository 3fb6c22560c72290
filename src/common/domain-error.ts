/**
 * Every expected failure in Sesame is a DomainError with a stable code. Services throw them;
 * one filter maps the code to an HTTP status (and, for browser routes, to the error page).
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  /** A console write after adminSession.reauthenticateAfterMinutes: the person signs in again. */
  REAUTHENTICATION_REQUIRED: 401,
  FORBIDDEN: 403,
  CSRF_INVALID: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LOCKOUT_GUARD: 409,
  PRECONDITION_FAILED: 412,
  UNPROCESSABLE: 422,
  PROVIDER_ISSUER_MISMATCH: 422,
  TOO_MANY_REQUESTS: 429,
  // Sign-in outcomes (shown on the error page, counted in metrics and the audit log).
  SSO_DISABLED: 403,
  SSO_PROVIDER_UNKNOWN: 404,
  SSO_PROVIDER_DISABLED: 403,
  SSO_STATE_INVALID: 400,
  SSO_ACCESS_DENIED: 403,
  SSO_PROVIDER_ERROR: 502,
  SSO_PROVIDER_TIMEOUT: 504,
  SSO_ID_TOKEN_INVALID: 502,
  SSO_USERINFO_INVALID: 502,
  SSO_ATTRIBUTE_MISSING: 403,
  /** The provider sent a value the directory cannot hold (NUL, control characters, too long). */
  SSO_UNUSABLE_CLAIM: 502,
  SSO_USERNAME_CONFLICT: 409,
  SSO_USER_CREATION_DISABLED: 403,
  SSO_USER_DISABLED: 403,
  SSO_DOMAIN_NOT_ALLOWED: 403,
  SSO_EMAIL_NOT_VERIFIED: 403,
  SSO_GROUP_NOT_ALLOWED: 403,
  SSO_NO_MAPPED_GROUP: 403,
  SSO_TEST_LINK_INVALID: 404,
  LOGIN_NO_PROVIDER: 404,
  BACKDOOR_LOGIN_FAILED: 401,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Safe to show: never a secret. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string, id: string) => new DomainError('NOT_FOUND', `${what} ${id} does not exist`, { id });

export const conflict = (field: string, message: string) => new DomainError('CONFLICT', message, { field });

export const invalid = (field: string, reason: string) =>
  new DomainError('VALIDATION_FAILED', `${field}: ${reason}`, { errors: [{ field, reason }] });

/**
 * A refusal listing field problems as `{ field, reason }` pairs, each field once (the first
 * reason found), with the same pairs as the message.
 */
export function fieldErrors(
  code: 'VALIDATION_FAILED' | 'UNPROCESSABLE',
  problems: readonly { readonly field: string; readonly reason: string }[],
  extra: Readonly<Record<string, unknown>> = {},
): DomainError {
  const seen = new Set<string>();
  const errors = problems.filter((problem) => !seen.has(problem.field) && seen.add(problem.field));
  return new DomainError(code, errors.map((e) => (e.field ? `${e.field}: ${e.reason}` : e.reason)).join('; ') || 'Invalid input', {
    ...extra,
    errors,
  });
}

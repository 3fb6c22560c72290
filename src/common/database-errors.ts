import { QueryFailedError } from 'typeorm';

/** Unique indexes and the API field each one protects. */
const UNIQUE_FIELDS: Record<string, string> = {
  users_username_key: 'username',
  users_email_key: 'email',
  groups_name_key: 'name',
  providers_slug_key: 'slug',
};

export function isUniqueViolation(error: unknown): error is QueryFailedError & { driverError: { constraint?: string } } {
  return error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505';
}

/** The field a unique violation is about, or undefined when it is not one. */
export function uniqueViolationField(error: unknown): string | undefined {
  if (!isUniqueViolation(error)) return undefined;
  const constraint = error.driverError.constraint ?? '';
  return UNIQUE_FIELDS[constraint] ?? constraint;
}

export function isSerializationFailure(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (error as { code?: string })?.code;
  return code === '40001' || code === '40P01';
}

/** Socket errors: the database host is down, unreachable or dropped the connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** SQLSTATEs of a database that is shutting down, starting, overloaded or cancelled the statement on timeout. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014', '53300', '53400']);
/** What `pg` and `pg-pool` say when the connection is lost or an answer never comes. */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed|Connection ended)/;

/** Raised when Sesame stopped waiting for the database itself (the forward-auth deadline). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * Whether an error means "the database cannot answer now" (refused, dropped, frozen, shutting
 * down, timed out) rather than a bug: the one place that decides it. Such errors answer 503.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  if (error instanceof DatabaseUnavailableError) return true;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}

/** `work`, or a DatabaseUnavailableError after `ms` (the work itself runs on to its own timeouts). */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError(`${what}: no answer from the database within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Seconds a client should wait before trying again while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
/** An outage is logged once per this interval, however many requests it fails. */
const OUTAGE_LOG_INTERVAL_MS = 60_000;
const lastWarned = new WeakMap<object, { at: number; suppressed: number }>();

/** Logs a database outage as one warning (no stack), then at most once a minute with the count of requests it failed. */
export function warnDatabaseUnavailable(logger: { warn: (fields: object, message: string) => void }, error: unknown): void {
  const now = Date.now();
  const last = lastWarned.get(logger);
  if (last && now - last.at < OUTAGE_LOG_INTERVAL_MS) {
    last.suppressed++;
    return;
  }
  lastWarned.set(logger, { at: now, suppressed: 0 });
  const reason = error instanceof Error ? error.message : String(error);
  logger.warn(
    { reason, code: (error as { code?: unknown })?.code, failedSinceLastWarning: last?.suppressed ?? 0 },
    'the database is unavailable: answering 503 until it is back',
  );
}

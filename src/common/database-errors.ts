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

import {
  UnsupportedMediaTypeException,
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationError,
} from '@nestjs/common';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { validate, ValidateBy, ValidateNested } from 'class-validator';
import { fieldErrors, invalid } from './domain-error.js';
import { findInputProblem } from './input-checks.js';
import { applyDocumentPatch } from './merge-patch.js';

export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

/**
 * Flattens class-validator's tree into one entry per field (`endpoints.token: must be a URL`),
 * with the first reason that applies: a field left out "is required" (not its length rule), a
 * value of the wrong type says so before any rule on its size.
 */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const reason = firstReason(error);
    return [...(reason === null ? [] : [{ field, reason }]), ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Type checks come before rules about a value's size or form. */
const CONSTRAINT_ORDER = ['isNestedObject', 'isString', 'isBoolean', 'isInt', 'isNumber', 'isArray', 'isObject', 'isIn', 'isNotEmpty'];

function firstReason(error: ValidationError): string | null {
  const constraints = Object.entries(error.constraints ?? {});
  if (constraints.length === 0) return null;
  // Only a required field reports a constraint for an undefined value (optional ones are skipped).
  if (error.value === undefined && !constraints.some(([name]) => name === 'whitelistValidation')) {
    // A rule may say more about what is required than the plain words.
    return constraints.find(([, reason]) => reason.includes('is required'))?.[1] ?? `${error.property} is required`;
  }
  const rank = (name: string) => {
    const at = CONSTRAINT_ORDER.indexOf(name);
    return at < 0 ? CONSTRAINT_ORDER.length : at;
  };
  const [, reason] = [...constraints].sort(([a], [b]) => rank(a) - rank(b))[0]!;
  return reason;
}

/** One entry per field, the first given: several checks may find fault with the same field. */
export function onePerField<T extends FieldError>(problems: readonly T[]): T[] {
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.field) && seen.add(problem.field));
}

/**
 * A body that could not be read (not JSON, or a content type Sesame does not take). The parser
 * hands it on instead of failing, so that authentication answers first (401 before 400) and
 * the route's body parameter reports it.
 */
export class UnreadableBody {
  constructor(
    readonly status: 400 | 415,
    readonly reason: string,
  ) {}
}

/**
 * A query parameter that must be an integer: "10" becomes 10; anything else ("10abc", "true",
 * a repeated parameter) is left as it came, for `@IsInt()` to refuse. There is no implicit
 * conversion anywhere else, so a JSON body's `true` is never taken for 1.
 */
export function IntQuery(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value));
}

/**
 * A required nested document: missing or null is "X is required", an array or a scalar is
 * "X must be an object", and its own fields are validated. Settings are replaced whole, so
 * none of their parts may be left out.
 */
export function NestedObject(type: () => new () => object): PropertyDecorator {
  const isObject = ValidateBy({
    name: 'isNestedObject',
    validator: {
      validate: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value),
      defaultMessage: (args) =>
        args?.value === undefined || args?.value === null ? `${args?.property} is required` : `${args?.property} must be an object`,
    },
  });
  const nested = ValidateNested();
  const typed = Type(type);
  return (target, key) => {
    isObject(target, key);
    nested(target, key);
    typed(target, key);
  };
}

class CheckedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (value instanceof UnreadableBody) {
      if (value.status === 415) throw new UnsupportedMediaTypeException(value.reason);
      throw invalid('body', value.reason);
    }
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problem = findInputProblem(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (problem) throw invalid(problem.field, problem.reason);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new CheckedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Stated because it matters: a JSON `true` must never pass as the number 1.
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      return fieldErrors('VALIDATION_FAILED', flattenValidationErrors(errors));
    },
  });
}

export type ListedValidation<T> = { ok: true; value: T } | { ok: false; problems: FieldError[] };

/**
 * The admin API's rules for a document, as a list rather than an error, so that a
 * configuration import can report every problem at once; the same DTO options as the pipe, with
 * nothing converted implicitly. (The body as a whole passed the pipe's depth and NUL checks.)
 */
export async function validateAsList<T extends object>(dto: new () => T, value: unknown): Promise<ListedValidation<T>> {
  const instance = plainToInstance(dto, value, { enableImplicitConversion: false });
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    // The values are read to tell a missing field from a bad one; they are never shown.
    validationError: { target: false, value: true },
  });
  return errors.length > 0 ? { ok: false, problems: onePerField(flattenValidationErrors(errors)) } : { ok: true, value: instance };
}

/**
 * A PATCH body (a JSON Merge Patch, RFC 7396) applied to the current document, then the whole
 * result validated as a PUT of it would be. `maps` are the paths whose members a null removes.
 */
export async function patchedDocument<T extends object>(
  dto: new () => T,
  current: unknown,
  patch: unknown,
  maps: readonly string[] = [],
): Promise<T> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw invalid('body', 'must be a JSON object: a merge patch of the document (RFC 7396)');
  }
  const checked = await validateAsList(dto, applyDocumentPatch(current, patch, maps));
  if (!checked.ok) throw fieldErrors('VALIDATION_FAILED', checked.problems);
  return checked.value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path parameter that must be a UUID, refused like any other field: `{ field: "id", reason: "must be a UUID" }`. */
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw invalid(metadata.data ?? 'id', 'must be a UUID');
    return value;
  }
}

import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { MERGE_PATCH_TYPE } from './merge-patch.js';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'email must be an email' }) reason: string;
}

export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) code: string;
  @ApiProperty({ example: 'email: email must be an email' }) message: string;
  @ApiProperty({ description: 'Quote it when asking for help: it is in the log line of the request' }) requestId: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Each field once, with the first reason that applies' })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({ description: 'The field a conflict is about' }) field?: string;
  @ApiPropertyOptional({
    description:
      'With `REAUTHENTICATION_REQUIRED`: where to sign in again, relative to Sesame — the start of the provider the person signed in ' +
      'with, with `prompt=login` (the provider asks for the credentials again), or the backdoor login; `return_to` may be replaced by ' +
      'another console path',
    example: '/sso/corp/start?prompt=login&return_to=%2Fadmin%2F',
  })
  reauthenticateUrl?: string;
}

/** The error statuses an operation documents; the contract test triggers every one of them. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 503;

const DEFAULT_ERROR_TEXT: Record<ErrorStatus, string> = {
  400: 'Invalid input: each field once, with the first reason that applies (`errors`)',
  401:
    'No valid API token (or session). `REAUTHENTICATION_REQUIRED`: a console write (session cookie) whose sign-in is older than ' +
    '`adminSession.reauthenticateAfterMinutes`; `reauthenticateUrl` says where to sign in again',
  403: 'The token may not do this: a `read` token on a write, or a network the sign-in settings do not allow (`apiAccess.allowedCidrs`)',
  404: 'Nothing has that id',
  409: 'Conflicts with what exists: `field` names what',
  422: 'Well-formed, but refers to something that does not exist or cannot be used',
  503: 'The database does not answer (with Retry-After)',
};

export interface OperationDoc {
  readonly summary: string;
  readonly description: string;
  /** Beyond 401 and 403, which every admin operation can answer. A string replaces the usual text. */
  readonly errors?: Partial<Record<ErrorStatus, string | true>>;
  /** Not under /api/admin: no token, so no 401 or 403 unless listed. */
  readonly public?: boolean;
}

/** Summary, description and the error answers of one operation. */
export function ApiDoc(doc: OperationDoc): MethodDecorator {
  const errors: Partial<Record<ErrorStatus, string | true>> = doc.public ? { ...doc.errors } : { 401: true, 403: true, ...doc.errors };
  return applyDecorators(
    ApiOperation({ summary: doc.summary, description: doc.description }),
    ...Object.entries(errors).map(([status, text]) =>
      ApiResponse({
        status: Number(status),
        description: text === true ? DEFAULT_ERROR_TEXT[Number(status) as ErrorStatus] : text,
        type: ErrorResponseDto,
      }),
    ),
  );
}

/**
 * A 200 answer that is one of several shapes, each fixing a member to its own value (`ok: true`
 * or `ok: false`): the generated client types it as a union that narrows on that member. No
 * `discriminator`: OpenAPI 3.0 maps only string values, and the members here are booleans.
 */
export function ApiOkOneOf(description: string, ...types: Type<unknown>[]): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(...types),
    ApiResponse({
      status: 200,
      description,
      schema: { oneOf: types.map((type) => ({ $ref: getSchemaPath(type) })) },
    }),
  );
}

/** A JSON request body with a complete example that works as it stands ("Try it out"). */
export function ApiJsonBody(type: Type<unknown>, example: object, description?: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(type),
    ApiBody({
      description,
      schema: { $ref: getSchemaPath(type) },
      examples: { example: { summary: 'A working example', value: example } },
    }),
  );
}

/**
 * A JSON Merge Patch body (RFC 7396) of the document `type`: the members given replace those
 * stored, nested objects merge member by member, and the result is validated whole.
 */
export function ApiMergePatchBody(type: Type<unknown>, example: object): MethodDecorator {
  return applyDecorators(
    ApiConsumes(MERGE_PATCH_TYPE),
    ApiExtraModels(type),
    ApiBody({
      description:
        `A JSON Merge Patch (RFC 7396, \`${MERGE_PATCH_TYPE}\`; \`application/json\` is read the same way) of the document: ` +
        'members left out keep their value, nested objects merge member by member, arrays are replaced whole, and `null` ' +
        'clears a setting (or removes a member of a map). The merged document is then validated whole, as a PUT of it would be.',
      schema: { $ref: getSchemaPath(type) },
      examples: { example: { summary: 'A working example', value: example } },
    }),
  );
}

/** The `{idOrSlug}` path parameter of the provider routes. */
export const PROVIDER_ID_OR_SLUG = { name: 'idOrSlug', description: 'The provider’s id or its slug', example: 'corporate' };

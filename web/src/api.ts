import { createSesameClient, type Schemas } from '../../clients/typescript/index.js';

export type { Schemas };

/** The console's caller, from GET /api/admin/me: its role and the CSRF token of its writes. */
export let caller: Schemas['AdminCallerDto'] | null = null;

export const api = createSesameClient({ baseUrl: location.origin, credentials: 'same-origin' });
api.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && caller?.csrfToken) request.headers.set('x-sesame-csrf', caller.csrfToken);
    return request;
  },
});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Words for the codes an administrator meets; the server's message follows. */
const EXPLAIN: Record<string, string> = {
  LOCKOUT_GUARD: 'Not saved: this change would leave no way for an administrator to sign in.',
  CSRF_INVALID: 'Not saved: the request was not recognised as coming from this console. Reload the page.',
  REAUTHENTICATION_REQUIRED: 'Not saved: your sign-in is too old for changes. Sign in again, then make the change once more.',
  FORBIDDEN: 'Not allowed.',
  VALIDATION_FAILED: 'Not saved: some fields need a change.',
  PROVIDER_ISSUER_MISMATCH: 'The provider answers with a different issuer than the one entered.',
  UNPROCESSABLE: 'The provider could not be checked.',
  NOT_FOUND: 'Not found (perhaps someone else deleted it).',
  CONFLICT: 'Not saved: it conflicts with what exists.',
};

export function explain(error: unknown): string {
  if (error instanceof ApiError) return [EXPLAIN[error.code], error.message].filter(Boolean).join(' ');
  return error instanceof Error ? error.message : String(error);
}

/**
 * An openapi-fetch answer: the data of a 2xx, typed by the client from the OpenAPI document, or
 * the error body of any other status (JSON when the server sent JSON, else its text).
 */
type Answer = { data: unknown; error?: never; response: Response } | { data?: never; error: unknown; response: Response };
/** The data type of an answer's 2xx member. TypeScript infers `| undefined` from the other member otherwise. */
type DataOf<A> = A extends { data: infer D; error?: never } ? D : never;

/** The data of an openapi-fetch answer, or an ApiError with the server's code and message. */
export function must<A extends Answer>(answer: Promise<A>): Promise<DataOf<A>>;
export async function must(answer: Promise<Answer>): Promise<unknown> {
  const result = await answer;
  if (result.response.ok) return result.data;
  const { response, error } = result;
  const body: Record<string, unknown> = typeof error === 'object' && error !== null ? { ...error } : {};
  throw new ApiError(response.status, String(body.code ?? response.status), String(body.message ?? response.statusText), body);
}

export async function loadCaller(): Promise<Schemas['AdminCallerDto'] | ApiError> {
  try {
    caller = await must(api.GET('/api/admin/me'));
    return caller;
  } catch (error) {
    return error instanceof ApiError ? error : new ApiError(0, 'NETWORK', String(error), {});
  }
}

/**
 * Where to sign in again after a REAUTHENTICATION_REQUIRED answer: the server's `reauthenticateUrl`
 * (the person's provider with prompt=login, or the backdoor), coming back to this console page.
 * Only a path of this origin is followed; the server checks return_to again by its own rules.
 */
export function reauthenticateUrlOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'REAUTHENTICATION_REQUIRED') return null;
  const given = error.body.reauthenticateUrl;
  if (typeof given !== 'string' || !given.startsWith('/') || given.startsWith('//')) return null;
  const url = new URL(given, location.origin);
  url.searchParams.set('return_to', location.pathname + location.search + location.hash);
  return url.pathname + url.search;
}

export const readOnly = () => caller?.scope !== 'admin';

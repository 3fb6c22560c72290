import * as client from 'openid-client';
import type { ErrorCode } from '../../../common/domain-error.js';
import { providerHint, type ProviderStep } from '../domain/provider-hint.js';

export type ProviderErrorKind = 'timeout' | 'unreachable' | 'bad_token' | 'error_response' | 'access_denied' | 'state';

export interface ClassifiedProviderError {
  readonly code: ErrorCode;
  readonly kind: ProviderErrorKind;
  /** Safe to show: the provider's own words are escaped by the page, secrets never appear here. */
  readonly message: string;
  /** The provider's OAuth `error`, or the network code of a failed connection; length-capped. */
  readonly error: string | null;
  readonly errorDescription: string | null;
  /** openid-client's (or Node's) reason, for the hint. */
  readonly detail: string;
}

/** The fields a failed login or Test Configuration records: step, the provider's words, what to check. */
export interface ProviderDiagnosis {
  readonly step: ProviderStep;
  readonly error: string | null;
  readonly error_description: string | null;
  readonly hint: string | null;
}

/** The discovery document names another issuer than the one configured (compared as identical strings). */
export class IssuerMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly discovered: string,
  ) {
    super(`the discovery document names the issuer "${discovered}", but "${expected}" is configured; they must be identical`);
    this.name = 'IssuerMismatchError';
  }
}

const USER_REFUSALS = new Set([
  'access_denied',
  'login_required',
  'consent_required',
  'interaction_required',
  'account_selection_required',
]);

/** Turns what openid-client or fetch threw into a stable sign-in error code and the provider's own words. */
export function classifyProviderError(error: unknown): ClassifiedProviderError {
  const detail = capped(causeMessages(error), 500) ?? '';
  const base = { error: null, errorDescription: null, detail };
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) {
    const oauthError = capped(error.error, 80, /[^\x20-\x7e]/g);
    const errorDescription = capped(error.error_description, 300);
    const words = `${oauthError}${errorDescription ? `: ${errorDescription}` : ''}`;
    const facts = { error: oauthError, errorDescription, detail };
    if (error instanceof client.ResponseBodyError) {
      return {
        code: 'SSO_PROVIDER_ERROR',
        kind: 'error_response',
        message: `The identity provider refused the request (${words})`,
        ...facts,
      };
    }
    return USER_REFUSALS.has(error.error)
      ? { code: 'SSO_ACCESS_DENIED', kind: 'access_denied', message: `The identity provider did not let you in (${words})`, ...facts }
      : { code: 'SSO_PROVIDER_ERROR', kind: 'error_response', message: `The identity provider answered ${words}`, ...facts };
  }
  if (error instanceof IssuerMismatchError) {
    return { code: 'SSO_PROVIDER_ERROR', kind: 'error_response', message: `The identity provider's ${error.message}`, ...base };
  }
  if (isTimeout(error)) {
    return {
      code: 'SSO_PROVIDER_TIMEOUT',
      kind: 'timeout',
      message: 'The identity provider did not answer in time',
      ...base,
      error: 'timeout',
    };
  }
  // Before ClientError: openid-client wraps fetch's own failure ("fetch failed" → ECONNREFUSED…) in one.
  const network = networkCode(error);
  if (network || isFetchFailure(error)) {
    return {
      code: 'SSO_PROVIDER_ERROR',
      kind: 'unreachable',
      message: 'The identity provider could not be reached',
      ...base,
      error: network,
    };
  }
  if (error instanceof client.ClientError) {
    const reason = detail;
    if (/JWT|JWS|JWE|ID Token|id_token|signature|"alg"|"iss"|"aud"|"nonce"|"exp"|"iat"|"azp"/i.test(reason)) {
      return {
        code: 'SSO_ID_TOKEN_INVALID',
        kind: 'bad_token',
        message: `The identity provider's ID token is not valid (${reason})`,
        ...base,
      };
    }
    if (/\bstate\b/.test(reason)) return { code: 'SSO_STATE_INVALID', kind: 'state', message: reason, ...base };
    if (/userinfo|"sub"/i.test(reason)) {
      return { code: 'SSO_USERINFO_INVALID', kind: 'bad_token', message: `The userinfo response is not valid (${reason})`, ...base };
    }
    const status = httpStatusOf(error);
    return {
      code: 'SSO_PROVIDER_ERROR',
      kind: 'error_response',
      message: `The identity provider's answer is not valid (${reason}${status ? `; HTTP ${status}` : ''})`,
      ...base,
      detail: status ? `${detail}; HTTP ${status}` : detail,
    };
  }
  if (error instanceof client.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const oauthError = capped(challenge?.parameters.error, 80, /[^\x20-\x7e]/g);
    const errorDescription = capped(challenge?.parameters.error_description, 300);
    return {
      code: 'SSO_PROVIDER_ERROR',
      kind: 'error_response',
      message: `The identity provider refused the access token${oauthError ? ` (${oauthError})` : ''}`,
      ...base,
      error: oauthError,
      errorDescription,
    };
  }
  return {
    code: 'SSO_PROVIDER_ERROR',
    kind: 'error_response',
    message: 'The identity provider answered something Sesame could not use',
    ...base,
  };
}

/** The diagnosis of a classified failure at `step`, with the hint for its likely cause. */
export function diagnoseProviderError(classified: ClassifiedProviderError, step: ProviderStep): ProviderDiagnosis {
  const timedOut = classified.kind === 'timeout';
  return {
    step,
    error: classified.error,
    error_description: classified.errorDescription,
    hint: providerHint({
      step,
      error: timedOut ? null : classified.error,
      errorDescription: classified.errorDescription,
      detail: classified.detail,
      timedOut,
    }),
  };
}

function isTimeout(error: unknown): boolean {
  const e = error as { name?: string; cause?: { name?: string; code?: string }; code?: string };
  return (
    e?.name === 'TimeoutError' ||
    e?.cause?.name === 'TimeoutError' ||
    e?.code === 'OAUTH_TIMEOUT' ||
    e?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e?.cause?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e?.cause?.code === 'ETIMEDOUT'
  );
}

function isFetchFailure(error: unknown): boolean {
  let e = error as { name?: string; message?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.name === 'TypeError' && /fetch failed/.test(e.message ?? '')) return true;
  }
  return false;
}

/** The system or TLS error code somewhere in the cause chain (fetch wraps it: TypeError "fetch failed" → cause). */
function networkCode(error: unknown): string | null {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (
      typeof e.code === 'string' &&
      /^(E[A-Z]+|UND_ERR_\w+|CERT_\w+|UNABLE_TO_\w+|DEPTH_ZERO_\w+|SELF_SIGNED_\w+|ERR_TLS_\w+|ERR_SSL_\w+|HOSTNAME_MISMATCH)$/.test(e.code)
    ) {
      return e.code;
    }
  }
  return null;
}

/** The HTTP status of an unexpected response (openid-client puts the Response in `cause`). */
function httpStatusOf(error: unknown): number | null {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Response ? cause.status : null;
}

/** The provider's words, safe to store and show: control characters out, at most `max` characters. */
function capped(value: unknown, max: number, strip = /[\x00-\x1f\x7f]/g): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const clean = value.replace(strip, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The messages of an error and its causes: openid-client wraps the specific reason in a general one. */
function causeMessages(error: unknown): string {
  const messages: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e && messages.length < 5; e = e.cause as typeof e) {
    if (typeof e.message === 'string' && e.message) messages.push(e.message);
    if (typeof e !== 'object') break;
  }
  return messages.join(': ');
}

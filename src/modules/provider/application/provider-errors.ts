import * as client from 'openid-client';
import type { ErrorCode } from '../../../common/domain-error.js';

export type ProviderErrorKind = 'timeout' | 'unreachable' | 'bad_token' | 'error_response' | 'access_denied' | 'state';

export interface ClassifiedProviderError {
  readonly code: ErrorCode;
  readonly kind: ProviderErrorKind;
  /** Safe to show: the provider's own words are escaped by the page, secrets never appear here. */
  readonly message: string;
}

const USER_REFUSALS = new Set([
  'access_denied',
  'login_required',
  'consent_required',
  'interaction_required',
  'account_selection_required',
]);

/** Turns what openid-client or fetch threw into a stable sign-in error code. */
export function classifyProviderError(error: unknown): ClassifiedProviderError {
  if (error instanceof client.AuthorizationResponseError) {
    const description = error.error_description ? `: ${error.error_description}` : '';
    return USER_REFUSALS.has(error.error)
      ? {
          code: 'SSO_ACCESS_DENIED',
          kind: 'access_denied',
          message: `The identity provider did not let you in (${error.error}${description})`,
        }
      : { code: 'SSO_PROVIDER_ERROR', kind: 'error_response', message: `The identity provider answered ${error.error}${description}` };
  }
  if (error instanceof client.ResponseBodyError) {
    const description = error.error_description ? `: ${error.error_description}` : '';
    return {
      code: 'SSO_PROVIDER_ERROR',
      kind: 'error_response',
      message: `The identity provider refused the request (${error.error}${description})`,
    };
  }
  if (isTimeout(error)) {
    return { code: 'SSO_PROVIDER_TIMEOUT', kind: 'timeout', message: 'The identity provider did not answer in time' };
  }
  if (error instanceof client.ClientError) {
    const reason = causeMessages(error);
    if (/JWT|JWS|JWE|ID Token|id_token|signature|"alg"|"iss"|"aud"|"nonce"|"exp"|"iat"|"azp"/i.test(reason)) {
      return { code: 'SSO_ID_TOKEN_INVALID', kind: 'bad_token', message: `The identity provider's ID token is not valid (${reason})` };
    }
    if (/\bstate\b/.test(reason)) return { code: 'SSO_STATE_INVALID', kind: 'state', message: reason };
    if (/userinfo|"sub"/i.test(reason)) {
      return { code: 'SSO_USERINFO_INVALID', kind: 'bad_token', message: `The userinfo response is not valid (${reason})` };
    }
    return { code: 'SSO_PROVIDER_ERROR', kind: 'error_response', message: `The identity provider's answer is not valid (${reason})` };
  }
  if (error instanceof client.WWWAuthenticateChallengeError) {
    return { code: 'SSO_PROVIDER_ERROR', kind: 'error_response', message: 'The identity provider refused the access token' };
  }
  if (isUnreachable(error)) {
    return { code: 'SSO_PROVIDER_ERROR', kind: 'unreachable', message: 'The identity provider could not be reached' };
  }
  return { code: 'SSO_PROVIDER_ERROR', kind: 'error_response', message: 'The identity provider answered something Sesame could not use' };
}

function isTimeout(error: unknown): boolean {
  const e = error as { name?: string; cause?: { name?: string; code?: string }; code?: string };
  return (
    e?.name === 'TimeoutError' ||
    e?.cause?.name === 'TimeoutError' ||
    e?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e?.cause?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e?.cause?.code === 'ETIMEDOUT'
  );
}

function isUnreachable(error: unknown): boolean {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  return (
    (e?.name === 'TypeError' && /fetch failed/.test(e.message ?? '')) ||
    ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(e?.cause?.code ?? '')
  );
}

/** The messages of an error and its causes: openid-client wraps the specific reason in a general one. */
function causeMessages(error: unknown): string {
  const messages: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e && messages.length < 5; e = e.cause as typeof e) {
    if (e.message) messages.push(e.message);
  }
  return messages.join(': ');
}

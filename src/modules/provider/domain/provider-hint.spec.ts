import { describe, expect, it } from '@jest/globals';
import { providerHint, type ProviderFailureFacts, type ProviderStep } from './provider-hint.js';

const facts = (step: ProviderStep, error: string | null, detail = '', more: Partial<ProviderFailureFacts> = {}): ProviderFailureFacts => ({
  step,
  error,
  errorDescription: null,
  detail,
  timedOut: false,
  ...more,
});

describe('providerHint', () => {
  it.each<[string, ProviderFailureFacts, RegExp]>([
    [
      'invalid_client',
      facts('token', 'invalid_client'),
      /client ID, the client secret and the client authentication method.*client_secret_basic or client_secret_post/,
    ],
    [
      'unauthorized_client',
      facts('token', 'unauthorized_client'),
      /client authentication method \(client_secret_basic or client_secret_post\)/,
    ],
    ['invalid_grant', facts('token', 'invalid_grant'), /authorization code.*expired or was used already/],
    ['redirect_uri_mismatch (Google)', facts('authorization', 'redirect_uri_mismatch'), /callback URL/],
    [
      'a redirect_uri named in the description',
      facts('token', 'invalid_grant', '', { errorDescription: 'redirect_uri did not match' }),
      /^Register Sesame's callback URL/,
    ],
    ['invalid_scope', facts('authorization', 'invalid_scope'), /scopes/],
    ['access_denied', facts('authorization', 'access_denied'), /cancelled or is not assigned/],
    [
      'an issuer mismatch',
      facts('discovery', null, 'the discovery document names the issuer "a", but "b" is configured; they must be identical'),
      /exactly as the discovery document.*trailing "\/"/,
    ],
    ['a bad signature', facts('id_token', null, 'JWS signature verification failed'), /signature.*jwks_uri/],
    ['no key for the kid', facts('id_token', null, 'no applicable key found in the JSON Web Key Set'), /signature.*jwks_uri/],
    ['a JWKS that cannot be read', facts('jwks', null, 'unexpected HTTP response status code'), /jwks_uri/],
    ['a nonce mismatch', facts('id_token', null, 'unexpected JWT "nonce" (nonce) claim value'), /nonce/],
    ['a state mismatch', facts('authorization', null, 'unexpected "state" response parameter value'), /state of this sign-in/],
    ['a wrong audience', facts('id_token', null, 'unexpected JWT "aud" (audience) claim value'), /client ID/],
    [
      'an expired ID token',
      facts('id_token', null, 'unexpected JWT "exp" (expiration time) claim value, expiration is past current timestamp'),
      /clocks/,
    ],
    [
      'a timeout at the token endpoint',
      facts('token', null, 'operation timed out', { timedOut: true }),
      /token step within SESAME_PROVIDER_TIMEOUT_MS/,
    ],
    ['a timeout at discovery', facts('discovery', null, 'operation timed out', { timedOut: true }), /discovery step/],
    ['a refused connection', facts('userinfo', 'ECONNREFUSED', 'fetch failed'), /could not connect to the provider at the userinfo step/],
    ['an unknown host', facts('discovery', 'ENOTFOUND', 'fetch failed'), /DNS/],
    ['an untrusted certificate', facts('token', 'SELF_SIGNED_CERT_IN_CHAIN', 'fetch failed'), /NODE_EXTRA_CA_CERTS/],
    ['a certificate for another host', facts('token', 'ERR_TLS_CERT_ALTNAME_INVALID', 'fetch failed'), /host name/],
    [
      'a userinfo sub mismatch',
      facts('userinfo', null, 'unexpected "response" body "sub" property value'),
      /another subject than the ID token/,
    ],
    [
      'an HTML page where JSON belongs',
      facts('userinfo', null, 'unexpected response content-type'),
      /userinfo answer is not the JSON expected/,
    ],
    ['a provider error page', facts('token', null, 'unexpected HTTP response status code; HTTP 503'), /failed at the token step/],
  ])('%s', (_name, input, hint) => {
    expect(providerHint(input)).toMatch(hint);
  });

  it.each<[string, ProviderFailureFacts, RegExp]>([
    ['consent_required', facts('authorization', 'consent_required'), /cancelled or is not assigned/],
    ['another redirect_uri error code', facts('authorization', 'invalid_redirect_uri'), /^Register Sesame's callback URL/],
    ['login_required', facts('authorization', 'login_required'), /cancelled or is not assigned/],
    ['unauthorized_client names the code flow', facts('token', 'unauthorized_client'), /may use the authorization code flow/],
    ['invalid_grant says to start again', facts('token', 'invalid_grant'), /Start the sign-in again/],
    ['a redirect_uri in the detail, with an error', facts('token', 'invalid_request', 'REDIRECT_URI is wrong'), /callback URL/],
    ['an expired certificate', facts('discovery', 'CERT_HAS_EXPIRED', 'fetch failed'), /has expired/],
    ['an unverifiable chain', facts('jwks', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'fetch failed'), /NODE_EXTRA_CA_CERTS/],
    ['a self-signed certificate', facts('token', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'fetch failed'), /NODE_EXTRA_CA_CERTS/],
    ['a TLS protocol error', facts('token', 'ERR_SSL_WRONG_VERSION_NUMBER', 'fetch failed'), /TLS connection failed/],
    ['a host name mismatch', facts('token', 'HOSTNAME_MISMATCH', 'fetch failed'), /TLS connection failed/],
    ['a reset connection', facts('token', 'ECONNRESET', 'fetch failed'), /could not connect to the provider at the token step/],
    [
      'an unreachable network',
      facts('discovery', 'ENETUNREACH', 'fetch failed'),
      /could not connect to the provider at the discovery step/,
    ],
    ['issuers that differ', facts('discovery', null, 'Issuer differs from the one configured'), /character for character/],
    ['a key that cannot be found at the jwks step', facts('jwks', null, 'something else'), /jwks_uri/],
    ['an unknown "kid"', facts('id_token', null, 'no key with "kid" found'), /jwks_uri/],
    ['an unsupported "alg"', facts('id_token', null, 'unexpected JWT "alg" header value'), /jwks_uri/],
    ['a wrong "azp"', facts('id_token', null, 'unexpected JWT "azp" claim value'), /another client/],
    ['an ID token issued in the future', facts('id_token', null, 'unexpected JWT "iat" claim value'), /clocks/],
    ['an ID token not valid yet', facts('id_token', null, 'unexpected JWT "nbf" claim value'), /clocks/],
    ['a userinfo subject mismatch', facts('userinfo', null, 'subject does not match'), /another subject/],
    ['a parsing error', facts('token', null, 'JSON.parse: unexpected character'), /token answer is not the JSON expected/],
    ['not JSON', facts('discovery', null, 'response is not JSON'), /discovery answer is not the JSON expected/],
    ['a server error', facts('token', 'server_error'), /failed at the token step: check its status and logs/],
    ['a provider temporarily unavailable', facts('authorization', 'temporarily_unavailable'), /failed at the authorization step/],
    ['an HTTP 500', facts('userinfo', null, 'HTTP 500 Internal Server Error'), /failed at the userinfo step/],
    ['a timeout beats the error code', facts('token', 'ECONNRESET', 'aborted', { timedOut: true }), /within SESAME_PROVIDER_TIMEOUT_MS/],
  ])('%s', (_name, input, hint) => {
    expect(providerHint(input)).toMatch(hint);
  });

  it.each<[string, ProviderFailureFacts]>([
    ['an unknown failure', facts('token', null, 'something else')],
    // A redirect_uri named by the library (no provider error) is not the provider refusing it.
    ['a redirect_uri in the detail alone', facts('token', null, 'redirect_uri')],
    ['an issuer without a mismatch', facts('discovery', null, 'issuer missing')],
    ['a word containing "state"', facts('token', null, 'statement')],
    ['a "sub" outside the userinfo step', facts('id_token', null, 'unexpected "sub" value')],
    ['an unknown error code', facts('token', 'EWHATEVER', 'fetch failed')],
    ['an HTTP 404', facts('token', null, 'HTTP 404')],
  ])('has nothing specific to say about %s', (_name, input) => {
    expect(providerHint(input)).toBeNull();
  });
});

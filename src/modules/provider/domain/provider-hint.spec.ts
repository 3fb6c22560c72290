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
      /callback URL/,
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

  it('has nothing specific to say about an unknown failure', () => {
    expect(providerHint(facts('token', null, 'something else'))).toBeNull();
  });
});

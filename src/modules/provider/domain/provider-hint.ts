/** Where in talking to an identity provider something failed. */
export const PROVIDER_STEPS = ['discovery', 'authorization', 'token', 'id_token', 'jwks', 'userinfo'] as const;
export type ProviderStep = (typeof PROVIDER_STEPS)[number];

/** What is known about a failure: the step, the provider's OAuth error, and the library's reason. */
export interface ProviderFailureFacts {
  readonly step: ProviderStep;
  /** The provider's OAuth `error`, or for a failed connection the network code (ECONNREFUSED, CERT_HAS_EXPIRED…). */
  readonly error: string | null;
  readonly errorDescription: string | null;
  /** The reason in openid-client's or Node's words ("operation timed out", "JWS signature verification failed"…). */
  readonly detail: string;
  readonly timedOut: boolean;
}

const AUTH_METHOD = 'the client authentication method (client_secret_basic or client_secret_post) the provider expects for this client';
const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'UND_ERR_SOCKET']);

interface Rule {
  readonly when: (f: ProviderFailureFacts, text: string) => boolean;
  readonly hint: (f: ProviderFailureFacts) => string;
}

/** First match wins: specific provider errors, then transport failures, then what openid-client found wrong. */
const RULES: readonly Rule[] = [
  {
    when: (f, text) => f.error === 'redirect_uri_mismatch' || (/redirect_uri/i.test(text) && f.error !== null),
    hint: () => "Register Sesame's callback URL at the provider exactly as the provider's page in Sesame shows it (…/sso/<slug>/callback).",
  },
  {
    when: (f) => f.error === 'invalid_client',
    hint: () => `The provider did not accept Sesame's client credentials: check the client ID, the client secret and ${AUTH_METHOD}.`,
  },
  {
    when: (f) => f.error === 'unauthorized_client',
    hint: () =>
      `The provider refused this client: check ${AUTH_METHOD}, that the client ID and secret are right, and that the client may use the authorization code flow.`,
  },
  {
    when: (f) => f.error === 'invalid_grant',
    hint: () =>
      'The provider refused the authorization code: it expired or was used already, or the PKCE verifier or redirect URI differs. Start the sign-in again; if it persists, check the callback URL registered at the provider and both clocks.',
  },
  {
    when: (f) => f.error === 'invalid_scope',
    hint: () => "Remove the scopes the provider does not offer this client from the provider's scopes in Sesame.",
  },
  {
    when: (f) => f.error === 'access_denied' || f.error === 'consent_required' || f.error === 'login_required',
    hint: () => 'The person cancelled or is not assigned to this application at the provider.',
  },
  {
    when: (f) => f.timedOut,
    hint: (f) =>
      `The provider did not answer the ${f.step} step within SESAME_PROVIDER_TIMEOUT_MS: check that Sesame's host reaches it quickly (proxy, firewall), or raise the timeout.`,
  },
  {
    when: (f) => f.error !== null && TLS_CODES.test(f.error),
    hint: () =>
      "The TLS connection failed: the provider's certificate is not trusted by Sesame (for a private CA set NODE_EXTRA_CA_CERTS), has expired, or does not match the host name.",
  },
  {
    when: (f) => f.error !== null && NETWORK_CODES.has(f.error),
    hint: (f) =>
      `Sesame could not connect to the provider at the ${f.step} step: check the URL, DNS, firewall and proxy from Sesame's host.`,
  },
  {
    when: (_f, text) => /issuer/i.test(text) && /match|differ|identical/i.test(text),
    hint: () => 'Set the issuer exactly as the discovery document names it, character for character, including any trailing "/".',
  },
  {
    when: (_f, text) => /nonce/i.test(text),
    hint: () =>
      'The ID token does not carry the nonce of this sign-in: start again in the same browser; the provider must return the nonce unchanged.',
  },
  {
    when: (_f, text) => /\bstate\b/i.test(text),
    hint: () => 'The callback does not carry the state of this sign-in: start again in the same browser and finish within ten minutes.',
  },
  {
    when: (f, text) => f.step === 'jwks' || /signature|JWKS|"kid"|no applicable key|"alg"/i.test(text),
    hint: () =>
      "The ID token's signature could not be verified with the provider's keys (jwks_uri): check the provider's signing keys and algorithm, and that Sesame reaches jwks_uri.",
  },
  {
    when: (_f, text) => /"aud"|"azp"|audience/i.test(text),
    hint: () => 'The ID token was issued for another client: check the client ID.',
  },
  {
    when: (_f, text) => /"exp"|"iat"|"nbf"|timestamp/i.test(text),
    hint: () => "The ID token's times are off: check the clocks of Sesame's host and the provider (NTP).",
  },
  {
    when: (f, text) => f.step === 'userinfo' && /"sub"|subject/i.test(text),
    hint: () =>
      "The userinfo endpoint answered for another subject than the ID token: check that the provider's userinfo endpoint belongs to this issuer.",
  },
  {
    when: (_f, text) => /content-type|not JSON|parsing error|JSON\.parse/i.test(text),
    hint: (f) =>
      `The provider's ${f.step} answer is not the JSON expected (an error page, or a proxy in between?): check the URL and what it returns.`,
  },
  {
    when: (f, text) => /HTTP (5\d\d)|status code/i.test(text) || f.error === 'server_error' || f.error === 'temporarily_unavailable',
    hint: (f) => `The provider failed at the ${f.step} step: check its status and logs, then try again.`,
  },
];

/** What an administrator should check for a failed call to an identity provider, or null when nothing specific is known. */
export function providerHint(facts: ProviderFailureFacts): string | null {
  const text = `${facts.error ?? ''} ${facts.errorDescription ?? ''} ${facts.detail}`;
  return RULES.find((rule) => rule.when(facts, text))?.hint(facts) ?? null;
}

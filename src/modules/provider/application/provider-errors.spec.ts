import { describe, expect, it } from '@jest/globals';
import * as client from 'openid-client';
import { classifyProviderError, diagnoseProviderError } from './provider-errors.js';

const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
const wrapped = (reason: string) => new client.ClientError('invalid response encountered', { cause: new Error(reason) });

describe('classifyProviderError', () => {
  it.each<[string, unknown, string, string]>([
    ['a timeout', timeout, 'SSO_PROVIDER_TIMEOUT', 'timeout'],
    ['a refused connection', refused, 'SSO_PROVIDER_ERROR', 'unreachable'],
    ['a bad signature', wrapped('JWT signature verification failed'), 'SSO_ID_TOKEN_INVALID', 'bad_token'],
    ['alg none', wrapped('unexpected JWT "alg" header parameter'), 'SSO_ID_TOKEN_INVALID', 'bad_token'],
    ['a wrong audience', wrapped('unexpected JWT "aud" (audience) claim value'), 'SSO_ID_TOKEN_INVALID', 'bad_token'],
    ['a userinfo sub mismatch', wrapped('unexpected "sub" claim value'), 'SSO_USERINFO_INVALID', 'bad_token'],
    ['anything else', new Error('boom'), 'SSO_PROVIDER_ERROR', 'error_response'],
  ])('%s', (_name, error, code, kind) => {
    expect(classifyProviderError(error)).toMatchObject({ code, kind });
  });
});

describe('diagnoseProviderError', () => {
  it('keeps the provider’s error and description, capped and without control characters, with the hint', () => {
    const body = { error: 'invalid_client', error_description: `bad\u0000secret ${'x'.repeat(400)}` };
    const error = new client.ResponseBodyError('server responded with an error in the response body', {
      cause: body,
      response: new Response(JSON.stringify(body), { status: 401 }),
    });
    const diagnosis = diagnoseProviderError(classifyProviderError(error), 'token');
    expect(diagnosis).toMatchObject({ step: 'token', error: 'invalid_client', hint: expect.stringContaining('client_secret_post') });
    expect(diagnosis.error_description).toHaveLength(300);
    expect(diagnosis.error_description).not.toContain('\u0000');
  });

  it('names the network code of a refused connection and says a timeout is one', () => {
    expect(diagnoseProviderError(classifyProviderError(refused), 'jwks')).toMatchObject({ step: 'jwks', error: 'ECONNREFUSED' });
    expect(diagnoseProviderError(classifyProviderError(timeout), 'userinfo')).toMatchObject({
      error: 'timeout',
      hint: expect.stringContaining('userinfo step within SESAME_PROVIDER_TIMEOUT_MS'),
    });
  });
});

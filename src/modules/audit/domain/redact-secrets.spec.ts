import { describe, expect, it } from '@jest/globals';
import { REDACTED, isSecretKey, redactSecrets } from './redact-secrets.js';

describe('isSecretKey', () => {
  it.each([
    ['clientSecret', true],
    ['client_secret', true],
    ['password', true],
    ['passwordHash', true],
    ['NEW_PASSWORD', true],
    ['access_token', true],
    ['tokenPrefix', true],
    ['apiKey', true],
    ['KEY', true],
    ['Authorization', true],
    ['set-cookie', true],
    ['cookies', true],
    ['keys', false],
    ['keyId', false],
    ['username', false],
    ['email', false],
    ['groups', false],
    ['rulesFired', false],
  ])('%s → %s', (key, secret) => {
    expect(isSecretKey(key)).toBe(secret);
  });
});

describe('redactSecrets', () => {
  it.each<[string, unknown, unknown]>([
    ['a flat object', { username: 'alice', password: 'hunter2' }, { username: 'alice', password: REDACTED }],
    ['any case', { ClientSecret: 's', AUTHORIZATION: 'Bearer x' }, { ClientSecret: REDACTED, AUTHORIZATION: REDACTED }],
    [
      'nested objects and arrays',
      { after: { provider: { clientSecret: 's', slug: 'okta' } }, list: [{ token: 't', id: 1 }, 'plain'] },
      { after: { provider: { clientSecret: REDACTED, slug: 'okta' } }, list: [{ token: REDACTED, id: 1 }, 'plain'] },
    ],
    ['a secret key holding an object', { secret: { a: 1 } }, { secret: REDACTED }],
    ['a secret key holding a number', { pinKey: 1234 }, { pinKey: REDACTED }],
    [
      'booleans and nulls, which reveal nothing',
      { hasPassword: true, password: null, token: undefined },
      { hasPassword: true, password: null, token: undefined },
    ],
    ['scalars', 'text', 'text'],
    ['null', null, null],
    ['binary data', { hash: Buffer.from('abc') }, { hash: '[binary]' }],
  ])('redacts %s', (_name, input, expected) => {
    expect(redactSecrets(input)).toEqual(expected);
  });

  it('keeps dates as dates and never changes its input', () => {
    const when = new Date('2024-01-01T00:00:00Z');
    const input = { when, nested: { password: 'p' } };
    expect(redactSecrets(input)).toEqual({ when, nested: { password: REDACTED } });
    expect(input.nested.password).toBe('p');
  });

  it('replaces a cycle, and copies an object reached twice by different paths', () => {
    const shared = { name: 'x', token: 't' };
    const looped: Record<string, unknown> = { shared, again: shared };
    looped.self = looped;
    expect(redactSecrets(looped)).toEqual({
      shared: { name: 'x', token: REDACTED },
      again: { name: 'x', token: REDACTED },
      self: '[circular]',
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import { validateProvider, type ProviderFields } from './validate-provider.js';
import { discoveredIssuerMatches } from './presets.js';

const oidc: ProviderFields = {
  kind: 'oidc',
  preset: 'generic',
  issuer: 'https://idp.example.com',
  endpoints: {},
  authorizeParams: {},
  subjectAttribute: null,
  scopes: ['openid', 'email'],
};

describe('validateProvider', () => {
  it.each<[string, Partial<ProviderFields>, boolean, string[]]>([
    ['a plain oidc provider', {}, false, []],
    ['http issuer without the insecure switch', { issuer: 'http://idp.example.com' }, false, ['issuer']],
    ['http issuer with the insecure switch', { issuer: 'http://127.0.0.1:9000' }, true, []],
    ['no issuer for oidc', { issuer: null }, false, ['issuer']],
    ['no openid scope', { scopes: ['email'] }, false, ['scopes']],
    [
      'oauth2 without endpoints',
      { kind: 'oauth2', issuer: null },
      false,
      ['endpoints.authorization', 'endpoints.token', 'endpoints.userinfo', 'subjectAttribute'],
    ],
    [
      'oauth2 complete',
      {
        kind: 'oauth2',
        issuer: null,
        subjectAttribute: 'id',
        endpoints: { authorization: 'https://gh.example/a', token: 'https://gh.example/t', userinfo: 'https://api.gh.example/user' },
      },
      false,
      [],
    ],
    ['salesforce login host', { preset: 'salesforce', issuer: 'https://login.salesforce.com' }, false, []],
    ['salesforce My Domain', { preset: 'salesforce', issuer: 'https://acme.my.salesforce.com' }, false, []],
    ['salesforce other host', { preset: 'salesforce', issuer: 'https://salesforce.evil.com' }, false, ['issuer']],
    [
      'entra tenant',
      { preset: 'entra-id', issuer: 'https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0' },
      false,
      [],
    ],
    ['entra without v2.0', { preset: 'entra-id', issuer: 'https://login.microsoftonline.com/common' }, false, ['issuer']],
    ['credentials in a URL', { issuer: 'https://user:pw@idp.example.com' }, false, ['issuer']],
    [
      'reserved authorize parameter',
      { authorizeParams: { prompt: 'login', redirect_uri: 'https://evil' } },
      false,
      ['authorizeParams.redirect_uri'],
    ],
  ])('%s', (_name, change, insecure, fields) => {
    expect(validateProvider({ ...oidc, ...change }, insecure).map((p) => p.field)).toEqual(fields);
  });
});

describe('discoveredIssuerMatches', () => {
  it.each([
    ['https://idp.example.com', 'https://idp.example.com', true],
    ['https://idp.example.com', 'https://idp.example.com/', false],
    ['https://login.microsoftonline.com/common/v2.0', 'https://login.microsoftonline.com/{tenantid}/v2.0', true],
    ['https://idp.example.com', 'https://login.microsoftonline.com/{tenantid}/v2.0', false],
  ])('%s vs %s → %s', (configured, discovered, expected) => {
    expect(discoveredIssuerMatches(configured, discovered)).toBe(expected);
  });
});

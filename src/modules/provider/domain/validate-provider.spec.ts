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

const https = 'must use https (SESAME_ALLOW_INSECURE_PROVIDERS=true permits http for development)';
const oauth2Needs = 'is required for an oauth2 provider';
const oauth2: Partial<ProviderFields> = {
  kind: 'oauth2',
  issuer: null,
  subjectAttribute: 'id',
  endpoints: { authorization: 'https://gh.example/a', token: 'https://gh.example/t', userinfo: 'https://api.gh.example/user' },
};

describe('validateProvider', () => {
  // Each refusal with the reason an administrator reads.
  it.each<[string, Partial<ProviderFields>, boolean, string[]]>([
    ['a plain oidc provider', {}, false, []],
    ['http issuer without the insecure switch', { issuer: 'http://idp.example.com' }, false, [`issuer: ${https}`]],
    ['http issuer with the insecure switch', { issuer: 'http://127.0.0.1:9000' }, true, []],
    ['https issuer with the insecure switch', {}, true, []],
    ['ftp issuer even with the insecure switch', { issuer: 'ftp://idp.example.com' }, true, [`issuer: ${https}`]],
    ['a relative issuer', { issuer: '/idp' }, false, ['issuer: must be an absolute URL']],
    [
      'no issuer for oidc',
      { issuer: null },
      false,
      ['issuer: is required for an oidc provider (discovery reads {issuer}/.well-known/openid-configuration)'],
    ],
    [
      'an empty issuer for oidc',
      { issuer: '' },
      false,
      [
        'issuer: must be an absolute URL',
        'issuer: is required for an oidc provider (discovery reads {issuer}/.well-known/openid-configuration)',
      ],
    ],
    ['no openid scope', { scopes: ['email', 'openid profile'] }, false, ['scopes: must include "openid" for an oidc provider']],
    [
      'oauth2 without endpoints',
      { kind: 'oauth2', issuer: null },
      false,
      [
        `endpoints.authorization: ${oauth2Needs}`,
        `endpoints.token: ${oauth2Needs}`,
        `endpoints.userinfo: ${oauth2Needs}`,
        'subjectAttribute: is required for an oauth2 provider (the userinfo field that never changes, e.g. "id")',
      ],
    ],
    ['oauth2 complete', oauth2, false, []],
    ['oauth2 needs no openid scope', { ...oauth2, scopes: ['read:user'] }, false, []],
    [
      'oauth2 with an empty token endpoint',
      { ...oauth2, endpoints: { ...oauth2.endpoints, token: '' } },
      false,
      ['endpoints.token: must be an absolute URL', `endpoints.token: ${oauth2Needs}`],
    ],
    [
      'oauth2 with an empty subject',
      { ...oauth2, subjectAttribute: '' },
      false,
      ['subjectAttribute: is required for an oauth2 provider (the userinfo field that never changes, e.g. "id")'],
    ],
    ['an endpoint left undefined', { endpoints: { jwks: undefined } }, false, []],
    ['an http endpoint', { endpoints: { jwks: 'http://idp.example.com/jwks' } }, false, [`endpoints.jwks: ${https}`]],
    ['an endpoint that is no URL', { endpoints: { endSession: 'logout' } }, false, ['endpoints.endSession: must be an absolute URL']],
    ['salesforce login host', { preset: 'salesforce', issuer: 'https://login.salesforce.com' }, false, []],
    ['salesforce My Domain', { preset: 'salesforce', issuer: 'https://acme.my.salesforce.com' }, false, []],
    [
      'salesforce other host',
      { preset: 'salesforce', issuer: 'https://salesforce.evil.com' },
      false,
      [
        'issuer: does not look like a salesforce issuer: expected https://login.salesforce.com, https://test.salesforce.com or https://<name>.my.salesforce.com',
      ],
    ],
    [
      'entra tenant',
      { preset: 'entra-id', issuer: 'https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0' },
      false,
      [],
    ],
    [
      'entra without v2.0',
      { preset: 'entra-id', issuer: 'https://login.microsoftonline.com/common' },
      false,
      ['issuer: does not look like a entra-id issuer: expected https://login.microsoftonline.com/<tenant id>/v2.0'],
    ],
    ['credentials in a URL', { issuer: 'https://user:pw@idp.example.com' }, false, ['issuer: must not contain credentials or a fragment']],
    [
      'a user name alone in a URL',
      { issuer: 'https://user@idp.example.com' },
      false,
      ['issuer: must not contain credentials or a fragment'],
    ],
    ['a password alone in a URL', { issuer: 'https://:pw@idp.example.com' }, false, ['issuer: must not contain credentials or a fragment']],
    ['a fragment in a URL', { issuer: 'https://idp.example.com/#x' }, false, ['issuer: must not contain credentials or a fragment']],
    [
      'reserved authorize parameter',
      { authorizeParams: { prompt: 'login', redirect_uri: 'https://evil' } },
      false,
      ['authorizeParams.redirect_uri: is set by Sesame and cannot be overridden'],
    ],
  ])('%s', (_name, change, insecure, problems) => {
    expect(validateProvider({ ...oidc, ...change }, insecure).map((p) => `${p.field}: ${p.reason}`)).toEqual(problems);
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

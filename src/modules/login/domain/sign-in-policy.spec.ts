import { describe, expect, it } from '@jest/globals';
import { checkSignInOpen, checkSignInPolicy, type SignInPolicyInput } from './sign-in-policy.js';

const open: SignInPolicyInput = {
  ssoEnabled: true,
  providerEnabled: true,
  providerName: 'Acme SSO',
  allowedTenants: [],
  tenantId: null,
  emailDomainCheck: { allowed: true },
};

describe('checkSignInPolicy', () => {
  it.each<[string, Partial<SignInPolicyInput>, string | null]>([
    ['everything open', {}, null],
    ['SSO off', { ssoEnabled: false }, 'SSO_DISABLED'],
    ['provider off', { providerEnabled: false }, 'SSO_PROVIDER_DISABLED'],
    ['tenant listed', { allowedTenants: ['t1', 't2'], tenantId: 't2' }, null],
    ['tenant not listed', { allowedTenants: ['t1'], tenantId: 't9' }, 'SSO_ACCESS_DENIED'],
    ['a tenant claim while no tenant is listed', { tenantId: 't9' }, null],
    ['no tenant claim while tenants are listed', { allowedTenants: ['t1'] }, 'SSO_ACCESS_DENIED'],
    ['domain refused', { emailDomainCheck: { allowed: false, reason: 'yahoo.com is not allowed' } }, 'SSO_DOMAIN_NOT_ALLOWED'],
    ['SSO off wins over everything', { ssoEnabled: false, providerEnabled: false }, 'SSO_DISABLED'],
  ])('%s', (_name, change, code) => {
    const decision = checkSignInPolicy({ ...open, ...change });
    expect(decision.allowed ? null : decision.code).toBe(code);
    // A refusal always tells the person why.
    if (!decision.allowed) expect(decision.message).not.toBe('');
  });

  it.each<[string, Partial<SignInPolicyInput>, string]>([
    ['tenant not listed', { allowedTenants: ['t1'], tenantId: 't9' }, 'Your organisation (tenant) is not allowed to sign in here.'],
    ['domain refused', { emailDomainCheck: { allowed: false, reason: 'yahoo.com is not allowed' } }, 'yahoo.com is not allowed'],
  ])('tells the person why: %s', (_name, change, message) => {
    expect(checkSignInPolicy({ ...open, ...change })).toMatchObject({ allowed: false, message });
  });
});

describe('checkSignInOpen (the start and the callback ask the same question)', () => {
  it.each<[boolean, boolean, string | null, string | null]>([
    [true, true, null, null],
    [false, true, 'SSO_DISABLED', 'Single sign-on is turned off.'],
    [false, false, 'SSO_DISABLED', 'Single sign-on is turned off.'],
    [true, false, 'SSO_PROVIDER_DISABLED', 'Acme SSO is turned off.'],
  ])('SSO on %s, provider on %s → %s', (ssoEnabled, providerEnabled, code, message) => {
    const decision = checkSignInOpen({ ssoEnabled, providerEnabled, providerName: 'Acme SSO' });
    expect(decision.allowed ? [null, null] : [decision.code, decision.message]).toEqual([code, message]);
    // The callback refuses with exactly what the start would have said.
    const policy = checkSignInPolicy({ ...open, ssoEnabled, providerEnabled });
    expect(policy).toEqual(decision);
  });
});

describe('checkSignInPolicy: the rule behind the verdict, for the mapping preview', () => {
  it.each<[string, Partial<SignInPolicyInput>, string, string]>([
    // case, input, ruleCode, rule
    ['everything open', {}, 'SIGN_IN_OPEN', 'single sign-on and Acme SSO are on'],
    [
      'a listed tenant and email domain',
      { allowedTenants: ['t1'], tenantId: 't1', emailDomainsListed: true },
      'SIGN_IN_OPEN',
      'single sign-on and Acme SSO are on; tenant t1 is allowed; the email domain is allowed',
    ],
    ['SSO off', { ssoEnabled: false }, 'SSO_OFF', 'single sign-on is off in the sign-in settings'],
    ['provider off', { providerEnabled: false }, 'PROVIDER_OFF', 'the provider Acme SSO is turned off'],
    ['tenant not listed', { allowedTenants: ['t1'], tenantId: 't9' }, 'TENANT_NOT_ALLOWED', 'tenant t9 is not among the allowed tenants'],
    [
      'no tenant claim',
      { allowedTenants: ['t1'] },
      'TENANT_NOT_ALLOWED',
      'no tenant (tid) was sent, and only the allowed tenants may sign in',
    ],
    [
      'domain refused',
      { emailDomainCheck: { allowed: false, reason: 'yahoo.com is not allowed' } },
      'EMAIL_DOMAIN_NOT_ALLOWED',
      'allowed email domains: yahoo.com is not allowed',
    ],
  ])('%s: %s', (_name, change, ruleCode, rule) => {
    expect(checkSignInPolicy({ ...open, ...change })).toMatchObject({ ruleCode, rule });
  });
});

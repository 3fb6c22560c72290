import { describe, expect, it } from '@jest/globals';
import { checkSignInPolicy, type SignInPolicyInput } from './sign-in-policy.js';

const open: SignInPolicyInput = {
  ssoEnabled: true,
  providerEnabled: true,
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
    ['no tenant claim while tenants are listed', { allowedTenants: ['t1'] }, 'SSO_ACCESS_DENIED'],
    ['domain refused', { emailDomainCheck: { allowed: false, reason: 'yahoo.com is not allowed' } }, 'SSO_DOMAIN_NOT_ALLOWED'],
    ['SSO off wins over everything', { ssoEnabled: false, providerEnabled: false }, 'SSO_DISABLED'],
  ])('%s', (_name, change, code) => {
    const decision = checkSignInPolicy({ ...open, ...change });
    expect(decision.allowed ? null : decision.code).toBe(code);
    // A refusal always tells the person why.
    if (!decision.allowed) expect(decision.message).not.toBe('');
  });
});

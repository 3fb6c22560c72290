import type { ErrorCode } from '../../../common/domain-error.js';

export interface SignInPolicyInput {
  readonly ssoEnabled: boolean;
  readonly providerEnabled: boolean;
  /** The Entra ID tenants allowed to sign in (empty = any the issuer accepts). */
  readonly allowedTenants: readonly string[];
  readonly tenantId: string | null;
  readonly emailDomainCheck: { readonly allowed: true } | { readonly allowed: false; readonly reason: string };
}

export type SignInPolicyDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly code: ErrorCode; readonly message: string };

/** Who may come in at all, before any account is looked at: SSO on, provider on, tenant, email domain. */
export function checkSignInPolicy(input: SignInPolicyInput): SignInPolicyDecision {
  if (!input.ssoEnabled) return { allowed: false, code: 'SSO_DISABLED', message: 'Single sign-on is turned off.' };
  if (!input.providerEnabled) return { allowed: false, code: 'SSO_PROVIDER_DISABLED', message: 'This identity provider is turned off.' };
  if (input.allowedTenants.length > 0 && (input.tenantId === null || !input.allowedTenants.includes(input.tenantId))) {
    return { allowed: false, code: 'SSO_ACCESS_DENIED', message: 'Your organisation (tenant) is not allowed to sign in here.' };
  }
  if (!input.emailDomainCheck.allowed) return { allowed: false, code: 'SSO_DOMAIN_NOT_ALLOWED', message: input.emailDomainCheck.reason };
  return { allowed: true };
}

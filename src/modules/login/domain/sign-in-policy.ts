import type { ErrorCode } from '../../../common/domain-error.js';

export interface SignInOpenInput {
  readonly ssoEnabled: boolean;
  readonly providerEnabled: boolean;
  /** Named in the refusal, so the person knows which button is off. */
  readonly providerName: string;
}

export interface SignInPolicyInput extends SignInOpenInput {
  /** The Entra ID tenants allowed to sign in (empty = any the issuer accepts). */
  readonly allowedTenants: readonly string[];
  readonly tenantId: string | null;
  readonly emailDomainCheck: { readonly allowed: true } | { readonly allowed: false; readonly reason: string };
}

export type SignInPolicyDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly code: ErrorCode; readonly message: string };

/** Whether a sign-in through this provider may begin at all: SSO on, provider on. Checked at the start and again at the callback. */
export function checkSignInOpen(input: SignInOpenInput): SignInPolicyDecision {
  if (!input.ssoEnabled) return { allowed: false, code: 'SSO_DISABLED', message: 'Single sign-on is turned off.' };
  if (!input.providerEnabled) return { allowed: false, code: 'SSO_PROVIDER_DISABLED', message: `${input.providerName} is turned off.` };
  return { allowed: true };
}

/** Who may come in at all, before any account is looked at: SSO on, provider on, tenant, email domain. */
export function checkSignInPolicy(input: SignInPolicyInput): SignInPolicyDecision {
  const open = checkSignInOpen(input);
  if (!open.allowed) return open;
  if (input.allowedTenants.length > 0 && (input.tenantId === null || !input.allowedTenants.includes(input.tenantId))) {
    return { allowed: false, code: 'SSO_ACCESS_DENIED', message: 'Your organisation (tenant) is not allowed to sign in here.' };
  }
  if (!input.emailDomainCheck.allowed) return { allowed: false, code: 'SSO_DOMAIN_NOT_ALLOWED', message: input.emailDomainCheck.reason };
  return { allowed: true };
}

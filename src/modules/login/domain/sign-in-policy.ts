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
  /** Whether sign-in is limited to listed email domains (only said in the rule of an allowed sign-in). */
  readonly emailDomainsListed?: boolean;
}

/** Which rule decided, stable for the mapping preview; `rule` says it to an administrator (`message` is the person's). */
export type SignInRule = 'SIGN_IN_OPEN' | 'SSO_OFF' | 'PROVIDER_OFF' | 'TENANT_NOT_ALLOWED' | 'EMAIL_DOMAIN_NOT_ALLOWED';

export type SignInPolicyDecision =
  | { readonly allowed: true; readonly ruleCode: SignInRule; readonly rule: string }
  | { readonly allowed: false; readonly code: ErrorCode; readonly message: string; readonly ruleCode: SignInRule; readonly rule: string };

const OPEN = { allowed: true, ruleCode: 'SIGN_IN_OPEN' } as const;

/** Whether a sign-in through this provider may begin at all: SSO on, provider on. Checked at the start and again at the callback. */
export function checkSignInOpen(input: SignInOpenInput): SignInPolicyDecision {
  if (!input.ssoEnabled) {
    return {
      allowed: false,
      code: 'SSO_DISABLED',
      message: 'Single sign-on is turned off.',
      ruleCode: 'SSO_OFF',
      rule: 'single sign-on is off in the sign-in settings',
    };
  }
  if (!input.providerEnabled) {
    return {
      allowed: false,
      code: 'SSO_PROVIDER_DISABLED',
      message: `${input.providerName} is turned off.`,
      ruleCode: 'PROVIDER_OFF',
      rule: `the provider ${input.providerName} is turned off`,
    };
  }
  return { ...OPEN, rule: `single sign-on and ${input.providerName} are on` };
}

/** Who may come in at all, before any account is looked at: SSO on, provider on, tenant, email domain. */
export function checkSignInPolicy(input: SignInPolicyInput): SignInPolicyDecision {
  const open = checkSignInOpen(input);
  if (!open.allowed) return open;
  const tenants = input.allowedTenants;
  if (tenants.length > 0 && (input.tenantId === null || !tenants.includes(input.tenantId))) {
    return {
      allowed: false,
      code: 'SSO_ACCESS_DENIED',
      message: 'Your organisation (tenant) is not allowed to sign in here.',
      ruleCode: 'TENANT_NOT_ALLOWED',
      rule:
        input.tenantId === null
          ? 'no tenant (tid) was sent, and only the allowed tenants may sign in'
          : `tenant ${input.tenantId} is not among the allowed tenants`,
    };
  }
  if (!input.emailDomainCheck.allowed) {
    return {
      allowed: false,
      code: 'SSO_DOMAIN_NOT_ALLOWED',
      message: input.emailDomainCheck.reason,
      ruleCode: 'EMAIL_DOMAIN_NOT_ALLOWED',
      rule: `allowed email domains: ${input.emailDomainCheck.reason}`,
    };
  }
  const checked = [
    tenants.length > 0 ? `tenant ${input.tenantId} is allowed` : null,
    input.emailDomainsListed ? 'the email domain is allowed' : null,
  ];
  return { ...OPEN, rule: [open.rule, ...checked.filter((part) => part !== null)].join('; ') };
}

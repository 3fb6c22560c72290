import { readClaim } from '../../../common/claims.js';
import type { Provider } from '../../provider/index.js';
import { isEmailDomainAllowed, type SignInSettingsService } from '../../sign-in/index.js';
import { checkSignInPolicy, type SignInPolicyDecision } from '../domain/sign-in-policy.js';

/** Who may come in at all, with the settings of now: the same question for a login and its preview. */
export async function signInPolicyFor(
  settingsService: SignInSettingsService,
  provider: Provider,
  claims: Record<string, unknown>,
  emailAttribute: string,
): Promise<SignInPolicyDecision> {
  const settings = await settingsService.get();
  const email = readClaim(claims, emailAttribute);
  return checkSignInPolicy({
    ssoEnabled: settings.ssoEnabled,
    providerEnabled: provider.enabled,
    providerName: provider.displayName,
    allowedTenants: provider.allowedTenants,
    tenantId: typeof claims.tid === 'string' ? claims.tid : null,
    emailDomainCheck: isEmailDomainAllowed(typeof email === 'string' ? email : null, [...settings.allowedEmailDomains]),
    emailDomainsListed: settings.allowedEmailDomains.length > 0,
  });
}

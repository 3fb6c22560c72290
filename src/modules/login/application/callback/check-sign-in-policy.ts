// Sign-in policy on the verified claims: SSO on, provider on, tenant, email domain allowed.
import { DomainError } from '../../../../common/domain-error.js';
import { signInPolicyFor } from '../sign-in-policy-input.js';
import { required, type CallbackStep } from './callback-context.js';

export const checkPolicy: CallbackStep = async (ctx, services) => {
  const { provider } = required(ctx.entry, 'entry');
  const identity = required(ctx.identity, 'identity');
  const userMapping = await services.userMappings.forProvider(provider);
  const policy = await signInPolicyFor(services.settings, provider, identity.claims, userMapping.emailAttribute);
  if (!policy.allowed) throw new DomainError(policy.code, policy.message);
  ctx.userMapping = userMapping;
};

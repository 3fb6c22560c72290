// Profile mapping → find the user (identity link, then username or email) → group plan → user, memberships, identity link, session (and the re-sync refresh token) in ONE transaction.
import { required, type CallbackStep } from './callback-context.js';

export const provisionAccount: CallbackStep = async (ctx, services) => {
  const { provider } = required(ctx.entry, 'entry');
  const identity = required(ctx.identity, 'identity');
  const { request } = ctx;
  ctx.provisioned = await services.provisioner.provision(
    {
      providerId: provider.id,
      subject: identity.subject,
      claims: identity.claims,
      userMapping: required(ctx.userMapping, 'userMapping'),
      groupMapping: await services.groupMappings.forProvider(provider.id),
    },
    {
      method: 'sso',
      providerId: provider.id,
      providerSubject: identity.subject,
      providerSid: identity.providerSid,
      idToken: identity.idToken,
      rememberMe: required(ctx.transaction, 'transaction').rememberMe,
      ip: request.ip,
      userAgent: request.userAgent,
    },
    services.refreshTokens.keeper(provider, identity),
  );
};

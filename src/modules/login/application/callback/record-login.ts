// Audit event of the sign-in (what the account and group rules decided), then the outcome: session and return URL.
import type { AccountPlan } from '../account-plan.js';
import { required, type CallbackStep } from './callback-context.js';

export const recordLogin: CallbackStep = (ctx, { audit }) => {
  const { provider } = required(ctx.entry, 'entry');
  const result = required(ctx.provisioned, 'provisioned');
  const { request } = ctx;
  audit.recordLater({
    type: 'login',
    outcome: 'success',
    providerId: provider.id,
    providerSlug: provider.slug,
    userId: result.userId,
    username: result.plan.username,
    ip: request.ip,
    userAgent: request.userAgent,
    requestId: request.requestId,
    details: { ...auditDetails(result.plan, result.created), replacedLinks: result.replacedSubjects },
  });
  ctx.outcome = {
    kind: 'login',
    session: result.session,
    returnTo: required(ctx.transaction, 'transaction').returnTo,
    userId: result.userId,
  };
  return Promise.resolve();
};

function auditDetails(plan: AccountPlan, created: boolean): Record<string, unknown> {
  return {
    userCreated: created,
    accountRule: plan.decision.rule,
    groupsAdded: plan.groups?.add.map((g) => ({ group: g.group, rule: g.rule })) ?? [],
    groupsRemoved: plan.groups?.remove.map((g) => ({ group: g.group, rule: g.rule })) ?? [],
    groupsCreated: plan.groups?.create ?? [],
    groupsUnchanged: plan.groups === null || plan.groups.unchanged,
  };
}

import type { AccountPlan } from './account-plan.js';

/** The mapping preview as the API and the Test Configuration page show it. */
export interface MappingPreview {
  readonly user: { action: 'create' | 'use'; userId: string | null; username: string | null; email: string | null; rule: string } | null;
  readonly profile: Record<string, unknown> | null;
  readonly groups: {
    add: { group: string; origin: 'sso' | 'default'; rule: string }[];
    remove: { group: string; rule: string }[];
    create: string[];
    skipped: { group: string; rule: string }[];
  };
  readonly denied: { code: string; message: string } | null;
}

export function describePlan(plan: AccountPlan | null, denied: { code: string; message: string } | null): MappingPreview {
  if (!plan) return { user: null, profile: null, groups: { add: [], remove: [], create: [], skipped: [] }, denied };
  const { decision, profile } = plan;
  return {
    user: {
      action: decision.action,
      userId: decision.action === 'use' ? decision.userId : null,
      username: plan.username,
      email: profile.email,
      rule: decision.rule,
    },
    profile: decision.action === 'create' ? { ...decision.profile } : { ...decision.profileChanges },
    groups: {
      add: plan.groups?.add.map((g) => ({ group: g.group, origin: g.origin, rule: g.rule })) ?? [],
      remove: plan.groups?.remove.map((g) => ({ group: g.group, rule: g.rule })) ?? [],
      create: [...(plan.groups?.create ?? [])],
      skipped: plan.groups?.skipped.map((g) => ({ group: g.group, rule: g.rule })) ?? [],
    },
    denied,
  };
}

import type { DomainError } from '../../../common/domain-error.js';
import type { ProfileOutcome } from '../../user-mapping/index.js';
import type { AccountPlan, RefusedAt } from './account-plan.js';

/** One outcome and the rule that decided it: a stable code, and the same in words. */
export interface Decided<O extends string> {
  readonly outcome: O;
  readonly ruleCode: string;
  readonly rule: string;
}

interface GroupOutcome {
  readonly group: string;
  readonly ruleCode: string;
  readonly rule: string;
  readonly row?: number;
}

/** The mapping preview as the API and the Test Configuration page show it. */
export interface MappingPreview {
  readonly signIn: Decided<'allowed' | 'refused'>;
  /** null: refused before any account was looked at (sign-in policy, or a claim the mapping cannot use). */
  readonly account: Decided<'created' | 'linked' | 'relinked' | 'signed-in' | 'refused'> | null;
  readonly user: {
    action: 'create' | 'use';
    userId: string | null;
    username: string | null;
    email: string | null;
    ruleCode: string;
    rule: string;
  } | null;
  readonly profile: Record<string, unknown> | null;
  /** Each profile field after the login, with its rule. */
  readonly fields: ProfileOutcome[];
  readonly groups: {
    add: (GroupOutcome & { origin: 'sso' | 'default' })[];
    remove: GroupOutcome[];
    create: string[];
    skipped: GroupOutcome[];
    kept: GroupOutcome[];
    /** Set when the groups were not planned again: the same groups and mapping as at the last login. */
    notPlanned: { ruleCode: string; rule: string } | null;
  };
  readonly denied: { code: string; message: string; ruleCode: string; rule: string } | null;
}

/** A refusal as the preview reports it: the error's code and message, and the rule behind it. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly ruleCode: string;
  readonly rule: string;
  readonly at: RefusedAt | 'sign-in';
}

/**
 * The refusal a login's plan threw (planAccount): the account and group rules name theirs; a
 * claim the mapping cannot use is the profile step's, named after its error code.
 */
export function refusalOf(error: DomainError): Refusal {
  const details = error.details ?? {};
  const text = (name: string) => (typeof details[name] === 'string' ? details[name] : null);
  const stage = text('stage');
  return {
    code: error.code,
    message: error.message,
    ruleCode: text('ruleCode') ?? error.code.replace(/^SSO_/, ''),
    rule: text('rule') ?? error.message,
    at: stage === 'account' || stage === 'groups' ? stage : 'profile',
  };
}

const NO_GROUPS: MappingPreview['groups'] = { add: [], remove: [], create: [], skipped: [], kept: [], notPlanned: null };

export function describeRefusal(refusal: Refusal): MappingPreview {
  const { code, message, ruleCode, rule } = refusal;
  return {
    signIn: { outcome: 'refused', ruleCode, rule },
    account: refusal.at === 'account' ? { outcome: 'refused', ruleCode, rule } : null,
    user: null,
    profile: null,
    fields: [],
    groups: NO_GROUPS,
    denied: { code, message, ruleCode, rule },
  };
}

/** A login the rules let through: `signIn` is the sign-in policy's rule, the account and groups their own. */
export function describePlan(plan: AccountPlan, signIn: { ruleCode: string; rule: string }): MappingPreview {
  const { decision, profile } = plan;
  const outcome = decision.action === 'create' ? 'created' : decision.relink ? 'relinked' : decision.link ? 'linked' : 'signed-in';
  const groups = plan.groups;
  return {
    signIn: { outcome: 'allowed', ruleCode: signIn.ruleCode, rule: signIn.rule },
    account: { outcome, ruleCode: decision.ruleCode, rule: decision.rule },
    user: {
      action: decision.action,
      userId: decision.action === 'use' ? decision.userId : null,
      username: plan.username,
      email: profile.email,
      ruleCode: decision.ruleCode,
      rule: decision.rule,
    },
    profile: decision.action === 'create' ? { ...decision.profile } : { ...decision.profileChanges },
    fields: [...decision.fields],
    groups: groups
      ? {
          add: groups.add.map((g) => ({ ...g })),
          remove: groups.remove.map((g) => ({ ...g })),
          create: [...groups.create],
          skipped: groups.skipped.map((g) => ({ ...g })),
          kept: groups.kept.map((g) => ({ ...g })),
          notPlanned: null,
        }
      : {
          ...NO_GROUPS,
          notPlanned: {
            ruleCode: 'SAME_AS_LAST_LOGIN',
            rule: 'the provider sends the same groups, under the same mapping, as at the last login: memberships stay as they are',
          },
        },
    denied: null,
  };
}

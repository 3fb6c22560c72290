import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { ChangeBus, type Change } from '../../../common/change-bus.js';
import { Clock } from '../../../common/clock.js';
import { isSerializationFailure, isUniqueViolation } from '../../../common/database-errors.js';
import { LOGGER } from '../../../common/logger.js';
import { DirectoryProvisioning, type LoginPlan } from '../../directory/index.js';
import { SessionsService, type CreatedSession, type NewSession } from '../../session/index.js';
import { planAccount, type AccountPlan, type AccountPlanInput } from './account-plan.js';

export interface ProvisionResult {
  readonly userId: string;
  readonly created: boolean;
  readonly plan: AccountPlan;
  readonly session: CreatedSession;
  /** Subjects of this provider whose link to the user this login replaced (relinkOnSubjectChange). */
  readonly replacedSubjects: readonly string[];
}

export type AlsoWrite = (tx: EntityManager, result: ProvisionResult) => Promise<void>;

export interface ResyncApplied {
  readonly userId: string;
  readonly plan: AccountPlan;
  readonly changed: boolean;
}

/** Concurrent first logins of one person collide on unique keys; the loser re-plans and finds the winner's user. */
const MAX_ATTEMPTS = 8;

/**
 * Writes a login: user, identity link, profile, groups and session in ONE transaction, so a
 * login either happens whole or leaves no trace. Races are settled by the database's unique
 * constraints and a retry, never by locks in one process.
 */
@Injectable()
export class Provisioner {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly directory: DirectoryProvisioning,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
    private readonly changes: ChangeBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** What a login would do, writing nothing (mapping preview, Test Configuration). */
  preview(input: AccountPlanInput): Promise<AccountPlan> {
    return planAccount(this.directory, this.db.manager, input);
  }

  /** `alsoWrite` runs in the login's transaction once the user and session exist (the refresh token for re-sync). */
  async provision(input: AccountPlanInput, session: Omit<NewSession, 'userId'>, alsoWrite?: AlsoWrite): Promise<ProvisionResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.db.transaction(async (tx) => {
          const applied = await this.apply(tx, input, session);
          await alsoWrite?.(tx, applied);
          return applied;
        });
        // Signed-in sessions cache the user's profile and groups: tell every instance they changed.
        if (!result.created && changesExistingUser(result.plan)) await this.changes.publish(profileChanged(result.userId));
        return result;
      } catch (error) {
        const retryable = isUniqueViolation(error) || isSerializationFailure(error);
        if (!retryable || attempt >= MAX_ATTEMPTS) throw error;
        const code = (error as { driverError?: { code?: string } }).driverError?.code;
        this.logger.debug({ event: 'login-retry', attempt, code, providerId: input.providerId }, 'login met a concurrent write; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  /**
   * A background re-sync: the login's plan from fresh claims, written as a login would write it
   * but without a session or a sign-in time; memberships it adds are marked `resync`. It never
   * creates a user: with no identity link left there is nobody to re-sync (null).
   */
  async resync(input: AccountPlanInput): Promise<ResyncApplied | null> {
    const result = await this.db.transaction(async (tx) => {
      const plan = await planAccount(this.directory, tx, input);
      if (plan.decision.action !== 'use' || plan.decision.link) return null;
      const loginPlan = toLoginPlan(input, plan, this.clock.now());
      const memberships = loginPlan.memberships && {
        ...loginPlan.memberships,
        add: loginPlan.memberships.add.map((a) => ({ group: a.group, origin: a.origin === 'sso' ? ('resync' as const) : a.origin })),
      };
      const { userId } = await this.directory.applyLoginPlan(tx, { ...loginPlan, memberships, signedIn: false });
      return { userId, plan, changed: changesExistingUser(plan) };
    });
    if (result?.changed) await this.changes.publish(profileChanged(result.userId));
    return result;
  }

  private async apply(tx: EntityManager, input: AccountPlanInput, sessionInput: Omit<NewSession, 'userId'>): Promise<ProvisionResult> {
    const now = this.clock.now();
    const plan = await planAccount(this.directory, tx, input, now);
    const { userId, replacedSubjects } = await this.directory.applyLoginPlan(tx, toLoginPlan(input, plan, now));
    const session = await this.sessions.create({ ...sessionInput, userId }, tx);
    return { userId, created: plan.decision.action === 'create', plan, session, replacedSubjects };
  }
}

/** The account plan in the directory's terms: which user to create or change, the link, the memberships. */
function toLoginPlan(input: AccountPlanInput, plan: AccountPlan, now: Date): LoginPlan {
  const { decision, profile } = plan;
  const user: LoginPlan['user'] =
    decision.action === 'create'
      ? { create: decision.profile }
      : {
          userId: decision.userId,
          // A changed email carries the provider's verification of the new address.
          changes:
            decision.profileChanges.email === undefined
              ? decision.profileChanges
              : { ...decision.profileChanges, emailVerified: profile.emailVerified },
        };
  return {
    providerId: input.providerId,
    subject: input.subject,
    user,
    link: decision.action === 'create' || decision.link,
    relink: decision.action === 'use' && decision.relink,
    memberships: plan.groups && !plan.groups.unchanged ? plan.groups : null,
    groupsHash: plan.groupsHash,
    now,
    recordedSignIn: plan.recordedSignIn ?? undefined,
  };
}

/** A login or re-sync writes profile and groups only (UserChanges has no `active`): it never switches a user off. */
function profileChanged(userId: string): Change {
  return { kind: 'user', id: userId, stillActive: true };
}

function changesExistingUser(plan: AccountPlan): boolean {
  const profileChanged = plan.decision.action === 'use' && Object.keys(plan.decision.profileChanges).length > 0;
  return profileChanged || (plan.groups !== null && !plan.groups.unchanged);
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { ChangeBus } from '../../../common/change-bus.js';
import { Clock } from '../../../common/clock.js';
import { isSerializationFailure, isUniqueViolation } from '../../../common/database-errors.js';
import { LOGGER } from '../../../common/logger.js';
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
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
    private readonly changes: ChangeBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** What a login would do, writing nothing (mapping preview, Test Configuration). */
  preview(input: AccountPlanInput): Promise<AccountPlan> {
    return planAccount(this.db.manager, input);
  }

  async provision(input: AccountPlanInput, session: Omit<NewSession, 'userId'>): Promise<ProvisionResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.db.transaction((tx) => this.apply(tx, input, session));
        // Signed-in sessions cache the user's profile and groups: tell every instance they changed.
        if (!result.created && changesExistingUser(result.plan)) await this.changes.publish({ kind: 'user', id: result.userId });
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

  private async apply(tx: EntityManager, input: AccountPlanInput, sessionInput: Omit<NewSession, 'userId'>): Promise<ProvisionResult> {
    const plan = await planAccount(tx, input);
    const now = this.clock.now();
    let userId: string;
    if (plan.decision.action === 'create') {
      const p = plan.decision.profile;
      const rows: { id: string }[] = await tx.query(
        `INSERT INTO users (username, email, email_verified, first_name, last_name, display_name, last_login_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7) RETURNING id`,
        [p.username, p.email, p.emailVerified, p.firstName, p.lastName, p.displayName, now],
      );
      userId = rows[0]!.id;
    } else {
      userId = plan.decision.userId;
      await this.updateProfile(tx, userId, plan, now);
    }
    if (plan.groups && !plan.groups.unchanged) await this.applyGroups(tx, userId, plan.groups);
    const link = plan.decision.action === 'create' || plan.decision.link;
    let replacedSubjects: string[] = [];
    if (plan.decision.action === 'use' && plan.decision.relink) {
      // Only this provider's links: a re-link never touches the user's links to other providers.
      const replaced: { subject: string }[] = await tx.query(
        `WITH gone AS (DELETE FROM user_identities WHERE user_id = $1 AND provider_id = $2 AND subject <> $3 RETURNING subject)
         SELECT subject FROM gone`,
        [userId, input.providerId, input.subject],
      );
      replacedSubjects = replaced.map((r) => r.subject);
    }
    if (link) {
      await tx.query(
        `INSERT INTO user_identities (provider_id, subject, user_id, groups_hash, created_at, last_login_at) VALUES ($1, $2, $3, $4, $5, $5)`,
        [input.providerId, input.subject, userId, plan.groupsHash, now],
      );
    } else {
      await tx.query(`UPDATE user_identities SET groups_hash = $3, last_login_at = $4 WHERE provider_id = $1 AND subject = $2`, [
        input.providerId,
        input.subject,
        plan.groupsHash,
        now,
      ]);
    }
    const session = await this.sessions.create({ ...sessionInput, userId }, tx);
    return { userId, created: plan.decision.action === 'create', plan, session, replacedSubjects };
  }

  private async updateProfile(tx: EntityManager, userId: string, plan: AccountPlan, now: Date): Promise<void> {
    if (plan.decision.action !== 'use') return;
    const changes = plan.decision.profileChanges;
    const columns: Record<string, string | null | undefined> = {
      username: changes.username,
      email: changes.email,
      first_name: changes.firstName,
      last_name: changes.lastName,
      display_name: changes.displayName,
    };
    const sets = ['last_login_at = $2'];
    const params: unknown[] = [userId, now];
    for (const [column, value] of Object.entries(columns)) {
      if (value !== undefined) sets.push(`${column} = $${params.push(value)}`);
    }
    if (changes.email !== undefined) sets.push(`email_verified = $${params.push(plan.profile.emailVerified)}`);
    if (sets.length > 1) sets.push('updated_at = $2');
    await tx.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /** Set-based: one statement creates the missing groups, one adds, one removes. */
  private async applyGroups(tx: EntityManager, userId: string, groups: NonNullable<AccountPlan['groups']>): Promise<void> {
    if (groups.create.length > 0) {
      // One order for every login, so two logins creating the same groups wait for each other instead of deadlocking.
      const names = [...groups.create].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
      await tx.query(`INSERT INTO groups (name) SELECT unnest($1::text[]) ON CONFLICT ((lower(name))) DO NOTHING`, [names]);
    }
    if (groups.add.length > 0) {
      await tx.query(
        `INSERT INTO memberships (user_id, group_id, origin)
         SELECT $1, g.id, a.origin FROM unnest($2::text[], $3::text[]) AS a(name, origin) JOIN groups g ON lower(g.name) = lower(a.name)
         ON CONFLICT (user_id, group_id) DO NOTHING`,
        [userId, groups.add.map((a) => a.group), groups.add.map((a) => a.origin)],
      );
    }
    if (groups.remove.length > 0) {
      await tx.query(
        `DELETE FROM memberships m USING groups g WHERE m.group_id = g.id AND m.user_id = $1 AND lower(g.name) = ANY($2::text[])`,
        [userId, groups.remove.map((r) => r.group.toLowerCase())],
      );
    }
  }
}

function changesExistingUser(plan: AccountPlan): boolean {
  const profileChanged = plan.decision.action === 'use' && Object.keys(plan.decision.profileChanges).length > 0;
  return profileChanged || (plan.groups !== null && !plan.groups.unchanged);
}

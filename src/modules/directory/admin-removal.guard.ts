import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/domain-error.js';
import { SettingsStore } from '../settings/index.js';
import { checkAdminRemoval, type AdminRemoval } from './domain/check-admin-removal.js';
import { AdminMembersRepository } from './infrastructure/admin-members.repository.js';

/**
 * Refuses (409 LOCKOUT_GUARD) a write that leaves no enabled member of `adminGroups.admin`. The
 * write runs inside the guard's transaction after the admin lock is taken; the enabled admins are
 * counted before and after it, so the check and the write are one atomic step and the write's own
 * effect is what is judged. The admin groups are read from the sign-in settings document directly
 * (past the cache, in the same transaction): the sign-in module depends on the directory, so the
 * directory cannot ask the sign-in module without a cycle; only `adminGroups.admin` is read.
 *
 * Logins and provider re-syncs do not come through here: what the identity provider says about a
 * person's groups and account is the authority, and refusing it would leave Sesame believing what
 * the provider has withdrawn. SCIM writes do, because they are requests Sesame may answer with an
 * error the provider shows its administrator.
 */
@Injectable()
export class AdminRemovalGuard {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsStore,
    private readonly members: AdminMembersRepository,
  ) {}

  /** Runs `work` in a new transaction under the guard. */
  run<T>(removal: AdminRemoval, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => this.within(tx, removal, () => work(tx)));
  }

  /** The lock comes first in the transaction: every guarded write takes it before any row lock, so none deadlocks on it. */
  private async within<T>(tx: EntityManager, removal: AdminRemoval, work: () => Promise<T>): Promise<T> {
    await this.members.lock(tx);
    const { adminGroups } = await this.settings.getFresh<{ adminGroups?: { admin?: readonly string[] } }>('sign-in', {}, tx);
    const groups = adminGroups?.admin ?? [];
    if (groups.length === 0) return work();
    const enabledAdminsBefore = await this.members.countEnabled(tx, groups);
    const result = await work();
    const enabledAdminsAfter = enabledAdminsBefore === 0 ? 0 : await this.members.countEnabled(tx, groups);
    const decision = checkAdminRemoval(removal, { adminGroups: groups, enabledAdminsBefore, enabledAdminsAfter });
    if (!decision.ok) throw new DomainError('LOCKOUT_GUARD', decision.reason);
    return result;
  }

  /** A transaction holding the admin lock, for a change of `adminGroups.admin` itself, with a counter that sees this transaction. */
  transactionLocked<T>(work: (tx: EntityManager, countEnabled: (groups: readonly string[]) => Promise<number>) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => work(tx, await this.lockIn(tx)));
  }

  /** Takes the admin lock in the caller's transaction (before any row lock of it); answers a counter that sees that transaction. */
  async lockIn(tx: EntityManager): Promise<(groups: readonly string[]) => Promise<number>> {
    await this.members.lock(tx);
    return (groups) => this.members.countEnabled(tx, groups);
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, conflict, invalid, notFound } from '../../common/domain-error.js';
import { uniqueViolationField } from '../../common/database-errors.js';
import { decodeCursor, encodeCursor, likePrefix, type Page } from '../../common/pagination.js';
import { ChangeBus } from '../../common/change-bus.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository, type UserRow } from './infrastructure/users.repository.js';
import { decoyPasswordHash, hashPassword, passwordNeedsRehash, verifyPassword } from './password-hasher.js';
import type { MembershipOrigin } from './membership.entity.js';
import { AdminRemovalGuard } from './admin-removal.guard.js';

export interface UserView extends UserRow {
  groups?: { id: string; name: string; origin: MembershipOrigin }[];
}

export interface UserInput {
  username?: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  displayName?: string | null;
  active?: boolean;
  password?: string;
}

/** A local account as a password sign-in sees it; never the hash. */
export interface LocalAccount {
  id: string;
  username: string;
  active: boolean;
  hasPassword: boolean;
  /** Names of the user's groups. */
  groups: string[];
}

export interface PasswordCheck {
  /** null when no user has this username. */
  account: LocalAccount | null;
  passwordMatches: boolean;
  /** Re-hashes the password with today's parameters; set only when it matched and its hash is older. */
  upgradeHash: (() => Promise<void>) | null;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly changes: ChangeBus,
    private readonly adminRemoval: AdminRemovalGuard,
  ) {}

  async create(input: UserInput & { username: string }): Promise<UserView> {
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    try {
      const id = await this.users.insert({
        username: input.username,
        email: emptyToNull(input.email),
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        displayName: input.displayName ?? null,
        active: input.active ?? true,
        passwordHash,
      });
      return this.get(id);
    } catch (error) {
      throw this.translate(error, input);
    }
  }

  async get(id: string): Promise<UserView> {
    const user = await this.users.find(id);
    if (!user) throw notFound('User', id);
    return { ...user, groups: await this.users.groupsOf(id) };
  }

  /** Keyset pagination by username; `search` is a prefix of username, email or display name. */
  async list(query: { limit: number; cursor?: string; search?: string }): Promise<Page<UserView>> {
    const rows: UserView[] = await this.users.page({
      limit: query.limit + 1,
      after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
      searchPattern: query.search ? likePrefix(query.search) : undefined,
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.username.toLowerCase(), last.id]) : null };
  }

  async update(id: string, input: UserInput): Promise<UserView> {
    const existing = await this.users.findEntity(id);
    if (!existing) throw notFound('User', id);
    const changes: Partial<UserEntity> = { updatedAt: new Date() };
    if (input.username !== undefined) changes.username = input.username;
    if (input.email !== undefined) changes.email = emptyToNull(input.email);
    if (input.firstName !== undefined) changes.firstName = input.firstName;
    if (input.lastName !== undefined) changes.lastName = input.lastName;
    if (input.displayName !== undefined) changes.displayName = input.displayName;
    if (input.active !== undefined) changes.active = input.active;
    if (input.password !== undefined) changes.passwordHash = await hashPassword(input.password);
    try {
      // Only a disabling can take an admin away; it and the guard's count are one locked transaction.
      if (input.active === false && existing.active) await this.adminRemoval.run('disable', (tx) => this.users.update(id, changes, tx));
      else await this.users.update(id, changes);
    } catch (error) {
      throw this.translate(error, input);
    }
    await this.changes.publish({ kind: 'user', id });
    return this.get(id);
  }

  async setPassword(id: string, password: string | null): Promise<void> {
    const passwordHash = password === null ? null : await hashPassword(password);
    if (!(await this.users.update(id, { passwordHash, updatedAt: new Date() }))) throw notFound('User', id);
  }

  /**
   * Checks a password for a username. Exactly one argon2 verification runs whatever the outcome
   * (against a decoy hash when the user is unknown or has no password), so the time taken does
   * not tell whether the account exists.
   */
  async checkPassword(username: string, password: string): Promise<PasswordCheck> {
    const row = await this.users.findForPassword(username);
    const hash = row?.passwordHash ?? null;
    const verified = await verifyPassword(hash ?? (await decoyPasswordHash()), password);
    const passwordMatches = hash !== null && verified;
    const account = row ? { id: row.id, username: row.username, active: row.active, hasPassword: hash !== null, groups: row.groups } : null;
    const upgradeHash =
      row && hash !== null && passwordMatches && passwordNeedsRehash(hash)
        ? async () => {
            await this.replaceHash(row.id, hash, password);
          }
        : null;
    return { account, passwordMatches, upgradeHash };
  }

  /** Self-service change: the current password must match; a user without a local password has nothing to change. */
  async changePassword(id: string, currentPassword: string, newPassword: string): Promise<void> {
    const hash = await this.users.passwordHash(id);
    if (hash === undefined) throw notFound('User', id);
    if (hash === null) {
      // Still one verification, so this answer takes as long as a wrong password.
      await verifyPassword(await decoyPasswordHash(), currentPassword);
      throw new DomainError('FORBIDDEN', 'This account has no local password to change; it signs in through single sign-on.');
    }
    if (!(await verifyPassword(hash, currentPassword))) throw invalid('currentPassword', 'is not the current password');
    if (!(await this.replaceHash(id, hash, newPassword))) {
      throw new DomainError('CONFLICT', 'The password was changed at the same time by someone else; nothing was done.');
    }
  }

  /**
   * Whether anyone could still sign in with a local password (the sign-in settings' lock-out
   * guard asks): an active user with a password, and one who is also in one of `groups`
   * (names compared trimmed and case-insensitively, as the backdoor compares them).
   */
  async localPasswordAccess(groups: readonly string[]): Promise<{ withPassword: boolean; inGroups: boolean }> {
    return this.users.localPasswordAccess(groups.map((group) => group.trim().toLowerCase()));
  }

  /** Enabled users who are members of any of these groups (names compared trimmed, case-insensitively). */
  async countActiveMembers(groups: readonly string[]): Promise<number> {
    if (groups.length === 0) return 0;
    return this.users.countActiveMembers(groups.map((group) => group.trim().toLowerCase()));
  }

  /**
   * Runs `work` in a transaction holding the lock-out guard's admin lock, with a count of enabled
   * members of any groups as that transaction sees them: a change of `adminGroups.admin` itself
   * judges and saves under the lock that disabling and deleting users take.
   */
  underAdminLock<T>(work: (tx: EntityManager, countEnabled: (groups: readonly string[]) => Promise<number>) => Promise<T>): Promise<T> {
    return this.adminRemoval.transactionLocked(work);
  }

  /** The same lock inside the caller's transaction, which must take it before any row lock (a configuration import). */
  adminLockIn(tx: EntityManager): Promise<(groups: readonly string[]) => Promise<number>> {
    return this.adminRemoval.lockIn(tx);
  }

  async markSignedIn(id: string, at: Date): Promise<void> {
    await this.users.markSignedIn(id, at);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.adminRemoval.run('delete', (tx) => this.users.delete(id, tx)))) throw notFound('User', id);
    await this.changes.publish({ kind: 'user', id });
  }

  /** Compare-and-set: a password an administrator set meanwhile is never overwritten. */
  private async replaceHash(id: string, expectedHash: string, password: string): Promise<boolean> {
    return this.users.replaceHash(id, expectedHash, await hashPassword(password));
  }

  private translate(error: unknown, input: UserInput): unknown {
    const field = uniqueViolationField(error);
    if (field === 'username') return conflict('username', `Username "${input.username}" is already taken`);
    if (field === 'email') return conflict('email', `Email "${input.email}" is already used by another user`);
    return error;
  }
}

function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value.trim();
}

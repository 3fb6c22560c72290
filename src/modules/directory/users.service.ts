import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { DomainError, conflict, invalid, notFound } from '../../common/domain-error.js';
import { uniqueViolationField } from '../../common/database-errors.js';
import { decodeCursor, encodeCursor, likePrefix, type Page } from '../../common/pagination.js';
import { ChangeBus } from '../../common/change-bus.js';
import { UserEntity } from './user.entity.js';
import { decoyPasswordHash, hashPassword, passwordNeedsRehash, verifyPassword } from './password-hasher.js';
import type { MembershipOrigin } from './membership.entity.js';
import { AdminRemovalGuard } from './admin-removal.guard.js';

export interface UserView {
  id: string;
  username: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  active: boolean;
  hasPassword: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
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

const USER_COLUMNS = `u.id, u.username, u.email, u.first_name AS "firstName", u.last_name AS "lastName",
  u.display_name AS "displayName", u.active, (u.password_hash IS NOT NULL) AS "hasPassword",
  u.created_at AS "createdAt", u.updated_at AS "updatedAt", u.last_login_at AS "lastLoginAt"`;

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: ChangeBus,
    private readonly adminRemoval: AdminRemovalGuard,
  ) {}

  async create(input: UserInput & { username: string }): Promise<UserView> {
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    try {
      const rows: { id: string }[] = await this.db.query(
        `INSERT INTO users (username, email, first_name, last_name, display_name, active, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          input.username,
          emptyToNull(input.email),
          input.firstName ?? null,
          input.lastName ?? null,
          input.displayName ?? null,
          input.active ?? true,
          passwordHash,
        ],
      );
      return this.get(rows[0]!.id);
    } catch (error) {
      throw this.translate(error, input);
    }
  }

  async get(id: string): Promise<UserView> {
    const rows: UserView[] = await this.db.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
    const user = rows[0];
    if (!user) throw notFound('User', id);
    user.groups = await this.db.query(
      `SELECT g.id, g.name, m.origin FROM memberships m JOIN groups g ON g.id = m.group_id
       WHERE m.user_id = $1 ORDER BY lower(g.name)`,
      [id],
    );
    return user;
  }

  /** Keyset pagination by username; `search` is a prefix of username, email or display name. */
  async list(query: { limit: number; cursor?: string; search?: string }): Promise<Page<UserView>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.search) {
      params.push(likePrefix(query.search));
      const p = `$${params.length}`;
      where.push(`(lower(u.username) LIKE ${p} OR lower(u.email) LIKE ${p} OR lower(u.display_name) LIKE ${p})`);
    }
    if (query.cursor) {
      const [username, id] = decodeCursor(query.cursor, 2);
      params.push(username, id);
      where.push(`(lower(u.username), u.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows: UserView[] = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM users u ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY lower(u.username), u.id LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.username.toLowerCase(), last.id]) : null };
  }

  async update(id: string, input: UserInput): Promise<UserView> {
    const existing = await this.users.findOneBy({ id });
    if (!existing) throw notFound('User', id);
    if (input.active === false && existing.active) await this.adminRemoval.check(id, 'disable');
    const changes: Partial<UserEntity> = { updatedAt: new Date() };
    if (input.username !== undefined) changes.username = input.username;
    if (input.email !== undefined) changes.email = emptyToNull(input.email);
    if (input.firstName !== undefined) changes.firstName = input.firstName;
    if (input.lastName !== undefined) changes.lastName = input.lastName;
    if (input.displayName !== undefined) changes.displayName = input.displayName;
    if (input.active !== undefined) changes.active = input.active;
    if (input.password !== undefined) changes.passwordHash = await hashPassword(input.password);
    try {
      await this.users.update({ id }, changes);
    } catch (error) {
      throw this.translate(error, input);
    }
    await this.changes.publish({ kind: 'user', id });
    return this.get(id);
  }

  async setPassword(id: string, password: string | null): Promise<void> {
    const passwordHash = password === null ? null : await hashPassword(password);
    const result = await this.users.update({ id }, { passwordHash, updatedAt: new Date() });
    if (!result.affected) throw notFound('User', id);
  }

  /**
   * Checks a password for a username. Exactly one argon2 verification runs whatever the outcome
   * (against a decoy hash when the user is unknown or has no password), so the time taken does
   * not tell whether the account exists.
   */
  async checkPassword(username: string, password: string): Promise<PasswordCheck> {
    const rows: (Omit<LocalAccount, 'hasPassword'> & { passwordHash: string | null })[] = await this.db.query(
      `SELECT u.id, u.username, u.active, u.password_hash AS "passwordHash",
              COALESCE(array_agg(g.name ORDER BY lower(g.name)) FILTER (WHERE g.name IS NOT NULL), '{}') AS groups
       FROM users u LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN groups g ON g.id = m.group_id
       WHERE lower(u.username) = lower($1) GROUP BY u.id`,
      [username],
    );
    const row = rows[0];
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
    const rows: { passwordHash: string | null }[] = await this.db.query(`SELECT password_hash AS "passwordHash" FROM users WHERE id = $1`, [
      id,
    ]);
    if (rows.length === 0) throw notFound('User', id);
    const hash = rows[0]!.passwordHash;
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
    const rows: { withPassword: boolean; inGroups: boolean }[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM users WHERE active AND password_hash IS NOT NULL) AS "withPassword",
              EXISTS (SELECT 1 FROM users u JOIN memberships m ON m.user_id = u.id JOIN groups g ON g.id = m.group_id
                      WHERE u.active AND u.password_hash IS NOT NULL AND lower(btrim(g.name)) = ANY($1::text[])) AS "inGroups"`,
      [groups.map((group) => group.trim().toLowerCase())],
    );
    return rows[0]!;
  }

  /** Enabled users who are members of any of these groups (names compared trimmed, case-insensitively). */
  async countActiveMembers(groups: readonly string[]): Promise<number> {
    if (groups.length === 0) return 0;
    const rows: { count: string }[] = await this.db.query(
      `SELECT count(DISTINCT u.id) AS count FROM users u JOIN memberships m ON m.user_id = u.id JOIN groups g ON g.id = m.group_id
       WHERE u.active AND lower(btrim(g.name)) = ANY($1::text[])`,
      [groups.map((group) => group.trim().toLowerCase())],
    );
    return Number(rows[0]!.count);
  }

  async markSignedIn(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE users SET last_login_at = $2 WHERE id = $1`, [id, at]);
  }

  async delete(id: string): Promise<void> {
    await this.adminRemoval.check(id, 'delete');
    const result = await this.users.delete({ id });
    if (!result.affected) throw notFound('User', id);
    await this.changes.publish({ kind: 'user', id });
  }

  /** Compare-and-set: a password an administrator set meanwhile is never overwritten. */
  private async replaceHash(id: string, expectedHash: string, password: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.db.query(
      `UPDATE users SET password_hash = $3, updated_at = now() WHERE id = $1 AND password_hash = $2`,
      [id, expectedHash, await hashPassword(password)],
    );
    return affected > 0;
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

import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { UserEntity } from '../user.entity.js';
import type { MembershipOrigin } from '../membership.entity.js';
import type { UserProfile } from '../domain/user-profile.js';

/** A user as the admin API shows it; never the password hash. */
export interface UserRow {
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
}

export interface NewLocalUser extends UserProfile {
  readonly active: boolean;
  readonly passwordHash: string | null;
}

/** What a password sign-in reads: the hash and the group names, in one query. */
export interface PasswordRow {
  id: string;
  username: string;
  active: boolean;
  passwordHash: string | null;
  groups: string[];
}

const USER_COLUMNS = `u.id, u.username, u.email, u.first_name AS "firstName", u.last_name AS "lastName",
  u.display_name AS "displayName", u.active, (u.password_hash IS NOT NULL) AS "hasPassword",
  u.created_at AS "createdAt", u.updated_at AS "updatedAt", u.last_login_at AS "lastLoginAt"`;

/** The directory's `users` as the admin API and local passwords use them. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async insert(user: NewLocalUser): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO users (username, email, first_name, last_name, display_name, active, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [user.username, user.email, user.firstName, user.lastName, user.displayName, user.active, user.passwordHash],
    );
    return rows[0]!.id;
  }

  async find(id: string): Promise<UserRow | null> {
    const rows: UserRow[] = await this.db.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async exists(id: string): Promise<boolean> {
    const users: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE id = $1`, [id]);
    return users.length > 0;
  }

  /** The user's groups, by name case-insensitively. */
  groupsOf(id: string): Promise<{ id: string; name: string; origin: MembershipOrigin }[]> {
    return this.db.query(
      `SELECT g.id, g.name, m.origin FROM memberships m JOIN groups g ON g.id = m.group_id
       WHERE m.user_id = $1 ORDER BY lower(g.name)`,
      [id],
    );
  }

  /** Keyset pagination by (lower(username), id); `searchPattern` is a LIKE pattern for username, email or display name. */
  page(query: { limit: number; after?: readonly string[]; searchPattern?: string }): Promise<UserRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.searchPattern) {
      params.push(query.searchPattern);
      const p = `$${params.length}`;
      where.push(`(lower(u.username) LIKE ${p} OR lower(u.email) LIKE ${p} OR lower(u.display_name) LIKE ${p})`);
    }
    if (query.after) {
      params.push(...query.after);
      where.push(`(lower(u.username), u.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(query.limit);
    return this.db.query(
      `SELECT ${USER_COLUMNS} FROM users u ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY lower(u.username), u.id LIMIT $${params.length}`,
      params,
    );
  }

  findEntity(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** True when there was such a user. */
  async update(id: string, changes: Partial<UserEntity>, manager?: EntityManager): Promise<boolean> {
    const result = await (manager ?? this.db.manager).getRepository(UserEntity).update({ id }, changes);
    return Boolean(result.affected);
  }

  /** True when there was such a user. */
  async delete(id: string, manager?: EntityManager): Promise<boolean> {
    const result = await (manager ?? this.db.manager).getRepository(UserEntity).delete({ id });
    return Boolean(result.affected);
  }

  async findForPassword(username: string): Promise<PasswordRow | null> {
    const rows: PasswordRow[] = await this.db.query(
      `SELECT u.id, u.username, u.active, u.password_hash AS "passwordHash",
              COALESCE(array_agg(g.name ORDER BY lower(g.name)) FILTER (WHERE g.name IS NOT NULL), '{}') AS groups
       FROM users u LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN groups g ON g.id = m.group_id
       WHERE lower(u.username) = lower($1) GROUP BY u.id`,
      [username],
    );
    return rows[0] ?? null;
  }

  /** undefined: no such user; null: a user without a local password. */
  async passwordHash(id: string): Promise<string | null | undefined> {
    const rows: { passwordHash: string | null }[] = await this.db.query(`SELECT password_hash AS "passwordHash" FROM users WHERE id = $1`, [
      id,
    ]);
    return rows.length === 0 ? undefined : rows[0]!.passwordHash;
  }

  /** Compare-and-set: a password an administrator set meanwhile is never overwritten. */
  async replaceHash(id: string, expectedHash: string, newHash: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.db.query(
      `UPDATE users SET password_hash = $3, updated_at = now() WHERE id = $1 AND password_hash = $2`,
      [id, expectedHash, newHash],
    );
    return affected > 0;
  }

  /** `groupKeys` are trimmed, lower-cased group names. */
  async localPasswordAccess(groupKeys: readonly string[]): Promise<{ withPassword: boolean; inGroups: boolean }> {
    const rows: { withPassword: boolean; inGroups: boolean }[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM users WHERE active AND password_hash IS NOT NULL) AS "withPassword",
              EXISTS (SELECT 1 FROM users u JOIN memberships m ON m.user_id = u.id JOIN groups g ON g.id = m.group_id
                      WHERE u.active AND u.password_hash IS NOT NULL AND lower(btrim(g.name)) = ANY($1::text[])) AS "inGroups"`,
      [groupKeys],
    );
    return rows[0]!;
  }

  /** `groupKeys` are trimmed, lower-cased group names. */
  async countActiveMembers(groupKeys: readonly string[]): Promise<number> {
    const rows: { count: string }[] = await this.db.query(
      `SELECT count(DISTINCT u.id) AS count FROM users u JOIN memberships m ON m.user_id = u.id JOIN groups g ON g.id = m.group_id
       WHERE u.active AND lower(btrim(g.name)) = ANY($1::text[])`,
      [groupKeys],
    );
    return Number(rows[0]!.count);
  }

  async markSignedIn(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE users SET last_login_at = $2 WHERE id = $1`, [id, at]);
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserProfile } from '../domain/user-profile.js';

/** A user as the sign-in rules read it. */
export interface DirectoryUser extends UserProfile {
  readonly id: string;
  readonly emailVerified: boolean;
  readonly active: boolean;
}

export interface NewUser extends UserProfile {
  readonly emailVerified: boolean;
  readonly active?: boolean;
}

/** Only the fields given change; `emailVerified` goes with `email`. */
export type UserChanges = Partial<Omit<NewUser, 'active'>>;

const USER_COLUMNS = `u.id, u.username, u.email, u.email_verified AS "emailVerified", u.first_name AS "firstName",
  u.last_name AS "lastName", u.display_name AS "displayName", u.active`;

/** A user as provisioning (SCIM) reads it: the sign-in fields and when the row was written. */
export interface ProvisionedUser extends DirectoryUser {
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Linked to another subject of the provider asked about. */
  readonly linkedElsewhere?: boolean;
}

const PROVISIONED_COLUMNS = `${USER_COLUMNS}, u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

const CHANGE_COLUMNS: Readonly<Record<keyof UserChanges, string>> = {
  username: 'username',
  email: 'email',
  emailVerified: 'email_verified',
  firstName: 'first_name',
  lastName: 'last_name',
  displayName: 'display_name',
};

/**
 * The directory's users and identity links (users, user_identities) for the writers other than
 * the admin API: sign-in and provisioning. Every method takes the caller's EntityManager so it
 * runs inside the caller's transaction.
 */
@Injectable()
export class AccountsRepository {
  /** The user linked to (provider, sub), with the group hash of that link's last login. */
  async findByIdentity(
    db: EntityManager,
    providerId: string,
    subject: string,
  ): Promise<(DirectoryUser & { groupsHash: string | null }) | null> {
    const rows: (DirectoryUser & { groupsHash: string | null })[] = await db.query(
      `SELECT ${USER_COLUMNS}, i.groups_hash AS "groupsHash" FROM user_identities i JOIN users u ON u.id = i.user_id
       WHERE i.provider_id = $1 AND i.subject = $2`,
      [providerId, subject],
    );
    return rows[0] ?? null;
  }

  /**
   * A sign-in through (provider, sub): stamps `last_login_at` on the user and the link, and
   * returns the user as findByIdentity does (the group hash is the one stored before this login);
   * null, writing nothing, when no user is linked. One statement, for the caller's transaction:
   * the user's row is locked before the link's, in the order every other writer takes them.
   */
  async signInByIdentity(
    db: EntityManager,
    providerId: string,
    subject: string,
    now: Date,
  ): Promise<(DirectoryUser & { groupsHash: string | null }) | null> {
    const rows: (DirectoryUser & { groupsHash: string | null })[] = await db.query(
      `WITH signed_in AS (
         UPDATE users u SET last_login_at = $3
         WHERE u.id = (SELECT user_id FROM user_identities WHERE provider_id = $1 AND subject = $2)
         RETURNING ${USER_COLUMNS}
       ), link AS (
         UPDATE user_identities i SET last_login_at = $3 FROM signed_in s
         WHERE i.provider_id = $1 AND i.subject = $2 AND i.user_id = s.id
         RETURNING i.groups_hash
       )
       SELECT s.*, link.groups_hash AS "groupsHash" FROM signed_in s CROSS JOIN link`,
      [providerId, subject, now],
    );
    return rows[0] ?? null;
  }

  /** Users owning this username or email (case-insensitively), and whether each is linked to another sub of the provider. */
  findOwners(
    db: EntityManager,
    query: { providerId: string; subject: string; username: string; email: string | null },
  ): Promise<(DirectoryUser & { linkedElsewhere: boolean })[]> {
    return db.query(
      `SELECT ${USER_COLUMNS},
              EXISTS (SELECT 1 FROM user_identities i WHERE i.user_id = u.id AND i.provider_id = $1 AND i.subject <> $2) AS "linkedElsewhere"
       FROM users u WHERE lower(u.username) = lower($3) OR ($4::text IS NOT NULL AND lower(u.email) = lower($4))`,
      [query.providerId, query.subject, query.username, query.email],
    );
  }

  async createUser(db: EntityManager, user: NewUser, now: Date, signedIn = false): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `INSERT INTO users (username, email, email_verified, first_name, last_name, display_name, active, last_login_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
      [
        user.username,
        user.email,
        user.emailVerified,
        user.firstName,
        user.lastName,
        user.displayName,
        user.active ?? true,
        signedIn ? now : null,
        now,
      ],
    );
    return rows[0]!.id;
  }

  /** Changes the given fields (and `last_login_at` when `signedIn`) in one statement; nothing when there is nothing to change. */
  async updateUser(db: EntityManager, userId: string, changes: UserChanges, now: Date, signedIn = false): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [userId, now];
    if (signedIn) sets.push('last_login_at = $2');
    for (const [field, column] of Object.entries(CHANGE_COLUMNS) as [keyof UserChanges, string][]) {
      const value = changes[field];
      if (value !== undefined) sets.push(`${column} = $${params.push(value)}`);
    }
    if (sets.length > (signedIn ? 1 : 0)) sets.push('updated_at = $2');
    if (sets.length === 0) return;
    await db.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /** Switches an account on or off; false when there is no such user. */
  async setActive(db: EntityManager, userId: string, active: boolean, now: Date): Promise<boolean> {
    const [, affected]: [unknown, number] = await db.query(`UPDATE users SET active = $2, updated_at = $3 WHERE id = $1`, [
      userId,
      active,
      now,
    ]);
    return affected > 0;
  }

  async linkIdentity(db: EntityManager, link: IdentityLogin, now: Date): Promise<void> {
    await db.query(
      `INSERT INTO user_identities (provider_id, subject, user_id, groups_hash, created_at, last_login_at) VALUES ($1, $2, $3, $4, $5, $5)`,
      [link.providerId, link.subject, link.userId, link.groupsHash, now],
    );
  }

  /** A login through an existing link: when it happened, and the group hash it left. */
  async touchIdentity(db: EntityManager, link: Omit<IdentityLogin, 'userId'>, now: Date): Promise<void> {
    await db.query(`UPDATE user_identities SET groups_hash = $3, last_login_at = $4 WHERE provider_id = $1 AND subject = $2`, [
      link.providerId,
      link.subject,
      link.groupsHash,
      now,
    ]);
  }

  /** Removes the user's links to other subjects of this provider only (never to other providers); returns those subjects. */
  async unlinkOtherSubjects(db: EntityManager, userId: string, providerId: string, subject: string): Promise<string[]> {
    const replaced: { subject: string }[] = await db.query(
      `WITH gone AS (DELETE FROM user_identities WHERE user_id = $1 AND provider_id = $2 AND subject <> $3 RETURNING subject)
       SELECT subject FROM gone`,
      [userId, providerId, subject],
    );
    return replaced.map((r) => r.subject);
  }
  // Provisioning (SCIM): the database stamps the times, and a subject may be unknown.

  async findProvisionedByIdentity(db: EntityManager, providerId: string, subject: string): Promise<ProvisionedUser | null> {
    const rows: ProvisionedUser[] = await db.query(
      `SELECT ${PROVISIONED_COLUMNS} FROM user_identities i JOIN users u ON u.id = i.user_id WHERE i.provider_id = $1 AND i.subject = $2`,
      [providerId, subject],
    );
    return rows[0] ?? null;
  }

  /** Users owning this username or email (case-insensitive), each saying whether it is linked to another subject (any, when `subject` is null) of the provider. */
  findProvisionedOwners(
    db: EntityManager,
    query: { providerId: string; subject: string | null; username: string; email: string | null },
  ): Promise<ProvisionedUser[]> {
    return db.query(
      `SELECT ${PROVISIONED_COLUMNS},
              EXISTS (SELECT 1 FROM user_identities i WHERE i.user_id = u.id AND i.provider_id = $1
                      AND ($2::text IS NULL OR i.subject <> $2)) AS "linkedElsewhere"
       FROM users u WHERE lower(u.username) = lower($3) OR ($4::text IS NOT NULL AND lower(u.email) = lower($4))`,
      [query.providerId, query.subject, query.username, query.email],
    );
  }

  async findProvisionedByIds(db: EntityManager, ids: readonly string[]): Promise<ProvisionedUser[]> {
    if (ids.length === 0) return [];
    return db.query(`SELECT ${PROVISIONED_COLUMNS} FROM users u WHERE u.id = ANY($1::uuid[])`, [ids]);
  }

  /** Locks the user's row until the transaction ends; false when there is no such user. */
  async lockUser(db: EntityManager, userId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [userId]);
    return rows.length > 0;
  }

  async insertProvisioned(db: EntityManager, user: NewUser): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `INSERT INTO users (username, email, email_verified, first_name, last_name, display_name, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [user.username, user.email, user.emailVerified, user.firstName, user.lastName, user.displayName, user.active ?? true],
    );
    return rows[0]!.id;
  }

  /** Changes the given fields and stamps updated_at; nothing when there is nothing to change. */
  async updateProvisioned(db: EntityManager, userId: string, changes: UserChanges): Promise<void> {
    const params: unknown[] = [userId];
    const sets: string[] = [];
    for (const [field, column] of Object.entries(CHANGE_COLUMNS) as [keyof UserChanges, string][]) {
      const value = changes[field];
      if (value !== undefined) sets.push(`${column} = $${params.push(value)}`);
    }
    if (sets.length === 0) return;
    await db.query(`UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }

  /** Switches an account on or off; false when there is no such user or it already was. */
  async switchActive(db: EntityManager, userId: string, active: boolean): Promise<boolean> {
    const [, affected]: [unknown, number] = await db.query(
      `UPDATE users SET active = $2, updated_at = now() WHERE id = $1 AND active <> $2`,
      [userId, active],
    );
    return affected > 0;
  }

  /** Links (provider, subject) to the user; a link that exists already stays as it is. */
  async linkIfMissing(db: EntityManager, providerId: string, subject: string, userId: string): Promise<void> {
    await db.query(
      `INSERT INTO user_identities (provider_id, subject, user_id, created_at, last_login_at) VALUES ($1, $2, $3, now(), now())
       ON CONFLICT DO NOTHING`,
      [providerId, subject, userId],
    );
  }
}

export interface IdentityLogin {
  readonly providerId: string;
  readonly subject: string;
  readonly userId: string;
  /** null: the next login must plan the groups again. */
  readonly groupsHash: string | null;
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ChangeBus } from '../../common/change-bus.js';
import type { MembershipOrigin } from './membership.entity.js';

/** A directory user as account decisions read it (user-mapping's ExistingUser). */
export interface ProvisionedUser {
  readonly id: string;
  readonly username: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly displayName: string | null;
  readonly active: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Linked to another subject of the provider asked about. */
  readonly linkedElsewhere?: boolean;
}

export interface NewProfile {
  readonly username: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly displayName: string | null;
  readonly active?: boolean;
}

export type ProfileUpdate = Partial<Omit<NewProfile, 'active'>>;

/** Memberships to create, add and remove by group name (case-insensitive), as a group plan lists them. */
export interface MembershipChanges {
  readonly create: readonly string[];
  readonly add: readonly { readonly group: string; readonly origin: MembershipOrigin }[];
  readonly remove: readonly string[];
  /** An added membership that exists with one of these origins takes the new origin (the new source owns it from now on). */
  readonly takeOverFrom?: readonly MembershipOrigin[];
}

const COLUMNS = `u.id, u.username, u.email, u.email_verified AS "emailVerified", u.first_name AS "firstName",
  u.last_name AS "lastName", u.display_name AS "displayName", u.active, u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

/**
 * Writes that provisioning (SSO logins, SCIM) makes to users, identity links and memberships,
 * each inside the caller's transaction. The caller announces the change (announce) after commit.
 */
@Injectable()
export class DirectoryWrites {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: ChangeBus,
  ) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findLinked(providerId: string, subject: string, tx?: EntityManager): Promise<ProvisionedUser | null> {
    const rows: ProvisionedUser[] = await (tx ?? this.db.manager).query(
      `SELECT ${COLUMNS} FROM user_identities i JOIN users u ON u.id = i.user_id WHERE i.provider_id = $1 AND i.subject = $2`,
      [providerId, subject],
    );
    return rows[0] ?? null;
  }

  /** Users owning this username or email (case-insensitive), each saying whether it is linked to another subject of the provider. */
  async findCandidates(
    providerId: string,
    subject: string | null,
    username: string,
    email: string | null,
    tx?: EntityManager,
  ): Promise<ProvisionedUser[]> {
    return (tx ?? this.db.manager).query(
      `SELECT ${COLUMNS},
              EXISTS (SELECT 1 FROM user_identities i WHERE i.user_id = u.id AND i.provider_id = $1
                      AND ($2::text IS NULL OR i.subject <> $2)) AS "linkedElsewhere"
       FROM users u WHERE lower(u.username) = lower($3) OR ($4::text IS NOT NULL AND lower(u.email) = lower($4))`,
      [providerId, subject, username, email],
    );
  }

  async findByIds(ids: readonly string[], tx?: EntityManager): Promise<ProvisionedUser[]> {
    if (ids.length === 0) return [];
    return (tx ?? this.db.manager).query(`SELECT ${COLUMNS} FROM users u WHERE u.id = ANY($1::uuid[])`, [ids]);
  }

  /** Locks the user's row until the transaction ends: provisioning writes of one user take turns. */
  async lock(userId: string, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [userId]);
    return rows.length > 0;
  }

  async create(profile: NewProfile, tx: EntityManager): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO users (username, email, email_verified, first_name, last_name, display_name, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        profile.username,
        profile.email,
        profile.emailVerified,
        profile.firstName,
        profile.lastName,
        profile.displayName,
        profile.active ?? true,
      ],
    );
    return rows[0]!.id;
  }

  async updateProfile(userId: string, changes: ProfileUpdate, tx: EntityManager): Promise<void> {
    const columns: Record<string, unknown> = {
      username: changes.username,
      email: changes.email,
      email_verified: changes.emailVerified,
      first_name: changes.firstName,
      last_name: changes.lastName,
      display_name: changes.displayName,
    };
    const params: unknown[] = [userId];
    const sets = Object.entries(columns)
      .filter(([, value]) => value !== undefined)
      .map(([column, value]) => `${column} = $${params.push(value)}`);
    if (sets.length === 0) return;
    await tx.query(`UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }

  /** Switching a user off ends its sessions on every instance once announced (SessionsService). */
  async setActive(userId: string, active: boolean, tx: EntityManager): Promise<boolean> {
    const [, affected]: [unknown, number] = await tx.query(
      `UPDATE users SET active = $2, updated_at = now() WHERE id = $1 AND active <> $2`,
      [userId, active],
    );
    return affected > 0;
  }

  /** Links (provider, subject) to the user; a link that exists already stays as it is. */
  async link(providerId: string, subject: string, userId: string, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO user_identities (provider_id, subject, user_id, created_at, last_login_at) VALUES ($1, $2, $3, now(), now())
       ON CONFLICT DO NOTHING`,
      [providerId, subject, userId],
    );
  }

  async memberships(userId: string, tx?: EntityManager): Promise<{ name: string; origin: MembershipOrigin }[]> {
    return (tx ?? this.db.manager).query(
      `SELECT g.name, m.origin FROM memberships m JOIN groups g ON g.id = m.group_id WHERE m.user_id = $1 ORDER BY lower(g.name)`,
      [userId],
    );
  }

  /** Which of these group names exist, in the directory's spelling. */
  async existingGroups(names: readonly string[], tx?: EntityManager): Promise<string[]> {
    const keys = [...new Set(names.map((name) => name.trim().toLowerCase()))];
    if (keys.length === 0) return [];
    const rows: { name: string }[] = await (tx ?? this.db.manager).query(`SELECT name FROM groups WHERE lower(name) = ANY($1::text[])`, [
      keys,
    ]);
    return rows.map((row) => row.name);
  }

  /** Set-based: one statement creates the missing groups, one adds, one removes. */
  async applyMemberships(userId: string, changes: MembershipChanges, tx: EntityManager): Promise<void> {
    if (changes.create.length > 0) {
      // One order for every caller, so two creating the same groups wait for each other instead of deadlocking.
      const names = [...changes.create].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
      await tx.query(`INSERT INTO groups (name) SELECT unnest($1::text[]) ON CONFLICT ((lower(name))) DO NOTHING`, [names]);
    }
    if (changes.add.length > 0) {
      await tx.query(
        `INSERT INTO memberships (user_id, group_id, origin)
         SELECT $1, g.id, a.origin FROM unnest($2::text[], $3::text[]) AS a(name, origin) JOIN groups g ON lower(g.name) = lower(a.name)
         ON CONFLICT (user_id, group_id) DO UPDATE SET origin = EXCLUDED.origin WHERE memberships.origin = ANY($4::text[])`,
        [userId, changes.add.map((a) => a.group), changes.add.map((a) => a.origin), changes.takeOverFrom ?? []],
      );
    }
    if (changes.remove.length > 0) {
      await tx.query(
        `DELETE FROM memberships m USING groups g WHERE m.group_id = g.id AND m.user_id = $1 AND lower(g.name) = ANY($2::text[])`,
        [userId, changes.remove.map((name) => name.toLowerCase())],
      );
    }
  }

  /** Tells every instance the user changed: cached sessions reload its profile and groups, or end if it was switched off. */
  async announce(userId: string): Promise<void> {
    await this.changes.publish({ kind: 'user', id: userId });
  }
}

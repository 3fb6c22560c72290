import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface ScimUserRow {
  readonly userId: string;
  readonly userName: string;
  readonly externalId: string | null;
  readonly document: Record<string, unknown>;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ScimGroupRow {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ScimMemberRow {
  readonly groupId: string;
  readonly userId: string;
  readonly userName: string;
}

const USER = `user_id AS "userId", user_name AS "userName", external_id AS "externalId", document, version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const GROUP = `id, display_name AS "displayName", external_id AS "externalId", version, created_at AS "createdAt", updated_at AS "updatedAt"`;

export function hashScimToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The SCIM tables: per provider, its token, the Users it provisioned and its Groups with their members. */
@Injectable()
export class ScimRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private q(tx?: EntityManager): EntityManager {
    return tx ?? this.db.manager;
  }

  async replaceToken(providerId: string, token: string): Promise<void> {
    await this.db.query(
      `INSERT INTO scim_tokens (provider_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (provider_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [providerId, hashScimToken(token)],
    );
  }

  async tokenProvider(token: string): Promise<string | null> {
    const rows: { providerId: string }[] = await this.db.query(
      `SELECT provider_id AS "providerId" FROM scim_tokens WHERE token_hash = $1`,
      [hashScimToken(token)],
    );
    return rows[0]?.providerId ?? null;
  }

  async user(providerId: string, userId: string, tx?: EntityManager, lock = false): Promise<ScimUserRow | null> {
    const rows: ScimUserRow[] = await this.q(tx).query(
      `SELECT ${USER} FROM scim_users WHERE provider_id = $1 AND user_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [providerId, userId],
    );
    return rows[0] ?? null;
  }

  /** Users whose userName or externalId equals `value` (userName case-insensitively), or every one when `by` is null. */
  async users(
    providerId: string,
    by: { readonly column: 'userName' | 'externalId' | 'id'; readonly value: string } | null,
    tx?: EntityManager,
  ): Promise<ScimUserRow[]> {
    const where =
      by === null
        ? ''
        : by.column === 'userName'
          ? 'AND lower(user_name) = lower($2)'
          : by.column === 'externalId'
            ? 'AND external_id = $2'
            : 'AND user_id::text = $2';
    return this.q(tx).query(
      `SELECT ${USER} FROM scim_users WHERE provider_id = $1 ${where} ORDER BY created_at, user_id`,
      by ? [providerId, by.value] : [providerId],
    );
  }

  async insertUser(providerId: string, row: Omit<ScimUserRow, 'version' | 'createdAt' | 'updatedAt'>, tx: EntityManager): Promise<void> {
    await tx.query(`INSERT INTO scim_users (provider_id, user_id, user_name, external_id, document) VALUES ($1, $2, $3, $4, $5)`, [
      providerId,
      row.userId,
      row.userName,
      row.externalId,
      JSON.stringify(row.document),
    ]);
  }

  async updateUser(providerId: string, row: Omit<ScimUserRow, 'version' | 'createdAt' | 'updatedAt'>, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE scim_users SET user_name = $3, external_id = $4, document = $5, version = version + 1, updated_at = now()
       WHERE provider_id = $1 AND user_id = $2`,
      [providerId, row.userId, row.userName, row.externalId, JSON.stringify(row.document)],
    );
  }

  async deleteUser(providerId: string, userId: string, tx: EntityManager): Promise<void> {
    await tx.query(
      `DELETE FROM scim_group_members m USING scim_groups g WHERE m.group_id = g.id AND g.provider_id = $1 AND m.user_id = $2`,
      [providerId, userId],
    );
    await tx.query(`DELETE FROM scim_users WHERE provider_id = $1 AND user_id = $2`, [providerId, userId]);
  }

  /** Display names of the provider's Groups the user is a member of: the user's provider groups. */
  async groupNamesOf(providerId: string, userId: string, tx?: EntityManager): Promise<string[]> {
    const rows: { name: string }[] = await this.q(tx).query(
      `SELECT g.display_name AS name FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id
       WHERE g.provider_id = $1 AND m.user_id = $2 ORDER BY lower(g.display_name)`,
      [providerId, userId],
    );
    return rows.map((row) => row.name);
  }

  async group(providerId: string, groupId: string, tx?: EntityManager, lock = false): Promise<ScimGroupRow | null> {
    const rows: ScimGroupRow[] = await this.q(tx).query(
      `SELECT ${GROUP} FROM scim_groups WHERE provider_id = $1 AND id::text = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [providerId, groupId],
    );
    return rows[0] ?? null;
  }

  async groups(
    providerId: string,
    by: { readonly column: 'displayName' | 'externalId' | 'id'; readonly value: string } | null,
  ): Promise<ScimGroupRow[]> {
    const where =
      by === null
        ? ''
        : by.column === 'displayName'
          ? 'AND lower(display_name) = lower($2)'
          : by.column === 'externalId'
            ? 'AND external_id = $2'
            : 'AND id::text = $2';
    return this.db.query(
      `SELECT ${GROUP} FROM scim_groups WHERE provider_id = $1 ${where} ORDER BY created_at, id`,
      by ? [providerId, by.value] : [providerId],
    );
  }

  async insertGroup(providerId: string, displayName: string, externalId: string | null, tx: EntityManager): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO scim_groups (provider_id, display_name, external_id) VALUES ($1, $2, $3) RETURNING id`,
      [providerId, displayName, externalId],
    );
    return rows[0]!.id;
  }

  async updateGroup(groupId: string, changes: { displayName?: string; externalId?: string | null }, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE scim_groups SET display_name = COALESCE($2, display_name),
              external_id = CASE WHEN $3::boolean THEN $4 ELSE external_id END, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [groupId, changes.displayName ?? null, changes.externalId !== undefined, changes.externalId ?? null],
    );
  }

  async deleteGroup(groupId: string, tx: EntityManager): Promise<void> {
    await tx.query(`DELETE FROM scim_groups WHERE id = $1`, [groupId]);
  }

  async members(groupIds: readonly string[], tx?: EntityManager): Promise<ScimMemberRow[]> {
    if (groupIds.length === 0) return [];
    return this.q(tx).query(
      `SELECT m.group_id AS "groupId", m.user_id AS "userId", u.user_name AS "userName"
       FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id
       JOIN scim_users u ON u.user_id = m.user_id AND u.provider_id = g.provider_id
       WHERE m.group_id = ANY($1::uuid[]) ORDER BY lower(u.user_name)`,
      [groupIds],
    );
  }

  /** Of these ids, the provider's SCIM Users. */
  async knownUsers(providerId: string, userIds: readonly string[], tx: EntityManager): Promise<Set<string>> {
    const uuids = userIds.filter((id) => UUID.test(id));
    if (uuids.length === 0) return new Set();
    const rows: { id: string }[] = await tx.query(
      `SELECT user_id AS id FROM scim_users WHERE provider_id = $1 AND user_id = ANY($2::uuid[])`,
      [providerId, uuids],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Adds and removes members; answers the users whose membership changed. */
  async changeMembers(
    groupId: string,
    change: { clear: boolean; add: readonly string[]; remove: readonly string[] },
    tx: EntityManager,
  ): Promise<string[]> {
    const touched: string[] = [];
    if (change.clear) {
      const gone: { id: string }[] = await tx.query(
        `WITH gone AS (DELETE FROM scim_group_members WHERE group_id = $1 AND NOT (user_id = ANY($2::uuid[])) RETURNING user_id AS id) SELECT id FROM gone`,
        [groupId, change.add],
      );
      touched.push(...gone.map((row) => row.id));
    }
    if (change.remove.length > 0) {
      const gone: { id: string }[] = await tx.query(
        `WITH gone AS (DELETE FROM scim_group_members WHERE group_id = $1 AND user_id = ANY($2::uuid[]) RETURNING user_id AS id) SELECT id FROM gone`,
        [groupId, change.remove.filter((id) => UUID.test(id))],
      );
      touched.push(...gone.map((row) => row.id));
    }
    if (change.add.length > 0) {
      const added: { id: string }[] = await tx.query(
        `WITH added AS (INSERT INTO scim_group_members (group_id, user_id) SELECT $1, unnest($2::uuid[])
           ON CONFLICT DO NOTHING RETURNING user_id AS id) SELECT id FROM added`,
        [groupId, change.add],
      );
      touched.push(...added.map((row) => row.id));
    }
    return [...new Set(touched)];
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

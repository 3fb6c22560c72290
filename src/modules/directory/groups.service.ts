import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { conflict, notFound } from '../../common/domain-error.js';
import { uniqueViolationField } from '../../common/database-errors.js';
import { decodeCursor, encodeCursor, likePrefix, type Page } from '../../common/pagination.js';
import { ChangeBus } from '../../common/change-bus.js';
import { GroupEntity } from './group.entity.js';
import type { MembershipOrigin } from './membership.entity.js';

export interface MemberView {
  userId: string;
  username: string;
  email: string | null;
  origin: MembershipOrigin;
  since: Date;
}

@Injectable()
export class GroupsService {
  constructor(
    @InjectRepository(GroupEntity) private readonly groups: Repository<GroupEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: ChangeBus,
  ) {}

  async create(input: { name: string; description?: string | null }): Promise<GroupEntity> {
    try {
      return await this.groups.save(this.groups.create({ name: input.name.trim(), description: input.description ?? null }));
    } catch (error) {
      throw this.translate(error, input.name);
    }
  }

  async get(id: string): Promise<GroupEntity> {
    const group = await this.groups.findOneBy({ id });
    if (!group) throw notFound('Group', id);
    return group;
  }

  async list(query: { limit: number; cursor?: string; search?: string }): Promise<Page<GroupEntity>> {
    const qb = this.groups
      .createQueryBuilder('g')
      .orderBy('lower(g.name)')
      .addOrderBy('g.id')
      .limit(query.limit + 1);
    if (query.search) qb.andWhere(`lower(g.name) LIKE :search`, { search: likePrefix(query.search) });
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor, 2);
      qb.andWhere(`(lower(g.name), g.id) > (:name, CAST(:id AS uuid))`, { name, id });
    }
    const rows = await qb.getMany();
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null };
  }

  async update(id: string, input: { name?: string; description?: string | null }): Promise<GroupEntity> {
    const group = await this.get(id);
    if (input.name !== undefined) group.name = input.name.trim();
    if (input.description !== undefined) group.description = input.description;
    group.updatedAt = new Date();
    try {
      const saved = await this.groups.save(group);
      await this.publishMembersChanged(id);
      return saved;
    } catch (error) {
      throw this.translate(error, group.name);
    }
  }

  /** Memberships go with the group (ON DELETE CASCADE); users stay. */
  async delete(id: string): Promise<void> {
    const members = await this.memberIds(id);
    const result = await this.groups.delete({ id });
    if (!result.affected) throw notFound('Group', id);
    await Promise.all(members.map((userId) => this.changes.publish({ kind: 'user', id: userId })));
  }

  /** Which of these names are groups, as the directory's keys (trimmed, lower-cased). */
  async existingKeys(names: readonly string[], manager?: EntityManager): Promise<Set<string>> {
    const keys = [...new Set(names.map((name) => name.trim().toLowerCase()))];
    if (keys.length === 0) return new Set();
    const rows: { key: string }[] = await (manager ?? this.db.manager).query(
      `SELECT lower(name) AS key FROM groups WHERE lower(name) = ANY($1::text[])`,
      [keys],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Creates the groups that do not exist yet (a concurrent creation wins quietly); answers the ones this call created. */
  async createMissing(names: readonly string[], manager?: EntityManager): Promise<GroupEntity[]> {
    // Sorted, as logins do, so two callers creating the same groups wait for each other instead of deadlocking.
    const unique = [...new Map(names.map((name) => [name.trim().toLowerCase(), name.trim()])).values()].sort();
    if (unique.length === 0) return [];
    return (manager ?? this.db.manager).query(
      `WITH created AS (INSERT INTO groups (name) SELECT unnest($1::text[]) ON CONFLICT ((lower(name))) DO NOTHING
         RETURNING id, name, description, created_at AS "createdAt", updated_at AS "updatedAt")
       SELECT * FROM created`,
      [unique],
    );
  }

  async members(groupId: string, query: { limit: number; cursor?: string }): Promise<Page<MemberView>> {
    await this.get(groupId);
    const params: unknown[] = [groupId];
    let after = '';
    if (query.cursor) {
      const [username, userId] = decodeCursor(query.cursor, 2);
      params.push(username, userId);
      after = `AND (lower(u.username), u.id) > ($2, $3::uuid)`;
    }
    params.push(query.limit + 1);
    const rows: MemberView[] = await this.db.query(
      `SELECT u.id AS "userId", u.username, u.email, m.origin, m.created_at AS since
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.group_id = $1 ${after} ORDER BY lower(u.username), u.id LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.username.toLowerCase(), last.userId]) : null };
  }

  async addMember(groupId: string, userId: string, origin: MembershipOrigin = 'manual'): Promise<void> {
    await this.get(groupId);
    const users: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE id = $1`, [userId]);
    if (users.length === 0) throw notFound('User', userId);
    await this.db.query(
      `INSERT INTO memberships (user_id, group_id, origin) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, group_id) DO UPDATE SET origin = EXCLUDED.origin`,
      [userId, groupId, origin],
    );
    await this.changes.publish({ kind: 'user', id: userId });
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    const [, affected]: [unknown, number] = await this.db.query(`DELETE FROM memberships WHERE group_id = $1 AND user_id = $2`, [
      groupId,
      userId,
    ]);
    if (!affected) throw notFound('Membership', `${groupId}/${userId}`);
    await this.changes.publish({ kind: 'user', id: userId });
  }

  private async memberIds(groupId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await this.db.query(`SELECT user_id FROM memberships WHERE group_id = $1`, [groupId]);
    return rows.map((r) => r.user_id);
  }

  private async publishMembersChanged(groupId: string): Promise<void> {
    const members = await this.memberIds(groupId);
    await Promise.all(members.map((userId) => this.changes.publish({ kind: 'user', id: userId })));
  }

  private translate(error: unknown, name: string): unknown {
    return uniqueViolationField(error) === 'name' ? conflict('name', `A group named "${name}" already exists`) : error;
  }
}

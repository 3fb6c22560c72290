import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { GroupEntity } from '../group.entity.js';
import type { MembershipOrigin } from '../membership.entity.js';

export interface MemberRow {
  userId: string;
  username: string;
  email: string | null;
  origin: MembershipOrigin;
  since: Date;
}

/** The directory's `groups` and their `memberships` as the admin API manages them. */
@Injectable()
export class GroupsRepository {
  constructor(
    @InjectRepository(GroupEntity) private readonly groups: Repository<GroupEntity>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  insert(group: { name: string; description: string | null }): Promise<GroupEntity> {
    return this.groups.save(this.groups.create(group));
  }

  save(group: GroupEntity, manager?: EntityManager): Promise<GroupEntity> {
    return (manager ?? this.db.manager).getRepository(GroupEntity).save(group);
  }

  find(id: string): Promise<GroupEntity | null> {
    return this.groups.findOneBy({ id });
  }

  /** Keyset pagination by (lower(name), id); `searchPattern` is a LIKE pattern for the name. */
  page(query: { limit: number; after?: readonly string[]; searchPattern?: string }): Promise<GroupEntity[]> {
    const qb = this.groups.createQueryBuilder('g').orderBy('lower(g.name)').addOrderBy('g.id').limit(query.limit);
    if (query.searchPattern) qb.andWhere(`lower(g.name) LIKE :search`, { search: query.searchPattern });
    if (query.after) {
      const [name, id] = query.after;
      qb.andWhere(`(lower(g.name), g.id) > (:name, CAST(:id AS uuid))`, { name, id });
    }
    return qb.getMany();
  }

  /** True when there was such a group. */
  async delete(id: string, manager?: EntityManager): Promise<boolean> {
    const result = await (manager ?? this.db.manager).getRepository(GroupEntity).delete({ id });
    return Boolean(result.affected);
  }

  /** Which of these keys (trimmed, lower-cased names) are groups. */
  async existingKeys(keys: readonly string[], manager?: EntityManager): Promise<string[]> {
    const rows: { key: string }[] = await (manager ?? this.db.manager).query(
      `SELECT lower(name) AS key FROM groups WHERE lower(name) = ANY($1::text[])`,
      [keys],
    );
    return rows.map((r) => r.key);
  }

  /** Inserts the groups that do not exist yet, in the order given; answers the ones inserted. */
  insertMissing(names: readonly string[], manager?: EntityManager): Promise<GroupEntity[]> {
    return (manager ?? this.db.manager).query(
      `WITH created AS (INSERT INTO groups (name) SELECT unnest($1::text[]) ON CONFLICT ((lower(name))) DO NOTHING
         RETURNING id, name, description, created_at AS "createdAt", updated_at AS "updatedAt")
       SELECT * FROM created`,
      [names],
    );
  }

  /** Keyset pagination of a group's members by (lower(username), id). */
  members(groupId: string, query: { limit: number; after?: readonly string[] }): Promise<MemberRow[]> {
    const params: unknown[] = [groupId];
    let after = '';
    if (query.after) {
      params.push(...query.after);
      after = `AND (lower(u.username), u.id) > ($2, $3::uuid)`;
    }
    params.push(query.limit);
    return this.db.query(
      `SELECT u.id AS "userId", u.username, u.email, m.origin, m.created_at AS since
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.group_id = $1 ${after} ORDER BY lower(u.username), u.id LIMIT $${params.length}`,
      params,
    );
  }

  async userExists(userId: string): Promise<boolean> {
    const users: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE id = $1`, [userId]);
    return users.length > 0;
  }

  /** Adds the membership, or gives an existing one this origin. */
  async putMember(groupId: string, userId: string, origin: MembershipOrigin): Promise<void> {
    await this.db.query(
      `INSERT INTO memberships (user_id, group_id, origin) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, group_id) DO UPDATE SET origin = EXCLUDED.origin`,
      [userId, groupId, origin],
    );
  }

  /** True when there was such a membership. */
  async deleteMember(groupId: string, userId: string, manager?: EntityManager): Promise<boolean> {
    const [, affected]: [unknown, number] = await (manager ?? this.db.manager).query(
      `DELETE FROM memberships WHERE group_id = $1 AND user_id = $2`,
      [groupId, userId],
    );
    return affected > 0;
  }

  async memberIds(groupId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await this.db.query(`SELECT user_id FROM memberships WHERE group_id = $1`, [groupId]);
    return rows.map((r) => r.user_id);
  }
}

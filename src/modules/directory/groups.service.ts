import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../../common/domain-error.js';
import { uniqueViolationField } from '../../common/database-errors.js';
import { decodeCursor, encodeCursor, likePrefix, type Page } from '../../common/pagination.js';
import { ChangeBus } from '../../common/change-bus.js';
import type { GroupEntity } from './group.entity.js';
import type { MembershipOrigin } from './membership.entity.js';
import { AdminRemovalGuard } from './admin-removal.guard.js';
import { GroupsRepository, type MemberRow } from './infrastructure/groups.repository.js';

export type MemberView = MemberRow;

@Injectable()
export class GroupsService {
  constructor(
    private readonly groups: GroupsRepository,
    private readonly changes: ChangeBus,
    private readonly adminRemoval: AdminRemovalGuard,
  ) {}

  async create(input: { name: string; description?: string | null }): Promise<GroupEntity> {
    try {
      return await this.groups.insert({ name: input.name.trim(), description: input.description ?? null });
    } catch (error) {
      throw this.translate(error, input.name);
    }
  }

  async get(id: string): Promise<GroupEntity> {
    const group = await this.groups.find(id);
    if (!group) throw notFound('Group', id);
    return group;
  }

  async list(query: { limit: number; cursor?: string; search?: string }): Promise<Page<GroupEntity>> {
    const rows = await this.groups.page({
      limit: query.limit + 1,
      after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
      searchPattern: query.search ? likePrefix(query.search) : undefined,
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null };
  }

  async update(id: string, input: { name?: string; description?: string | null }): Promise<GroupEntity> {
    const group = await this.get(id);
    const renamed = input.name !== undefined && input.name.trim() !== group.name;
    if (input.name !== undefined) group.name = input.name.trim();
    if (input.description !== undefined) group.description = input.description;
    group.updatedAt = new Date();
    try {
      // A new name can take the group out of adminGroups.admin (names are matched, not ids).
      const saved = renamed
        ? await this.adminRemoval.run('rename-group', (tx) => this.groups.save(group, tx))
        : await this.groups.save(group);
      await this.publishMembersChanged(id);
      return saved;
    } catch (error) {
      throw this.translate(error, group.name);
    }
  }

  /** Memberships go with the group (ON DELETE CASCADE); users stay. */
  async delete(id: string): Promise<void> {
    const members = await this.memberIds(id);
    if (!(await this.adminRemoval.run('delete-group', (tx) => this.groups.delete(id, tx)))) throw notFound('Group', id);
    await Promise.all(members.map((userId) => this.changes.publish({ kind: 'user', id: userId })));
  }

  /** Which of these names are groups, as the directory's keys (trimmed, lower-cased). */
  async existingKeys(names: readonly string[], manager?: EntityManager): Promise<Set<string>> {
    const keys = [...new Set(names.map((name) => name.trim().toLowerCase()))];
    if (keys.length === 0) return new Set();
    return new Set(await this.groups.existingKeys(keys, manager));
  }

  /** Creates the groups that do not exist yet (a concurrent creation wins quietly); answers the ones this call created. */
  async createMissing(names: readonly string[], manager?: EntityManager): Promise<GroupEntity[]> {
    // Sorted, as logins do, so two callers creating the same groups wait for each other instead of deadlocking.
    const unique = [...new Map(names.map((name) => [name.trim().toLowerCase(), name.trim()])).values()].sort();
    if (unique.length === 0) return [];
    return this.groups.insertMissing(unique, manager);
  }

  async members(groupId: string, query: { limit: number; cursor?: string }): Promise<Page<MemberView>> {
    await this.get(groupId);
    const rows = await this.groups.members(groupId, {
      limit: query.limit + 1,
      after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.username.toLowerCase(), last.userId]) : null };
  }

  async addMember(groupId: string, userId: string, origin: MembershipOrigin = 'manual'): Promise<void> {
    await this.get(groupId);
    if (!(await this.groups.userExists(userId))) throw notFound('User', userId);
    await this.groups.putMember(groupId, userId, origin);
    await this.changes.publish({ kind: 'user', id: userId });
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    const removed = await this.adminRemoval.run('remove-member', (tx) => this.groups.deleteMember(groupId, userId, tx));
    if (!removed) throw notFound('Membership', `${groupId}/${userId}`);
    await this.changes.publish({ kind: 'user', id: userId });
  }

  private memberIds(groupId: string): Promise<string[]> {
    return this.groups.memberIds(groupId);
  }

  private async publishMembersChanged(groupId: string): Promise<void> {
    const members = await this.memberIds(groupId);
    await Promise.all(members.map((userId) => this.changes.publish({ kind: 'user', id: userId })));
  }

  private translate(error: unknown, name: string): unknown {
    return uniqueViolationField(error) === 'name' ? conflict('name', `A group named "${name}" already exists`) : error;
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../../common/database-errors.js';
import { unusableTextReason } from '../../../common/usable-text.js';
import { DirectoryWrites } from '../../directory/index.js';
import type { GroupMapping } from '../../group-mapping/index.js';
import { equalityHint, matchesFilter } from '../domain/match-filter.js';
import { memberValues, planGroupPatch, type GroupChanges } from '../domain/patch-group.js';
import type { PatchOperation } from '../domain/patch-request.js';
import { listResponse, renderGroup } from '../domain/render.js';
import type { ScimFilter } from '../domain/scim-filter.js';
import { isRecord, lookup } from '../domain/scim-problem.js';
import { ScimRepository, UUID, type ScimGroupRow } from '../infrastructure/scim.repository.js';
import { badRequest, checkVersion, notFoundResource, scimFailure } from './scim-failure.js';
import { ScimGroupSync } from './scim-group-sync.js';
import { groupDetails, type ScimOutcome } from './scim-users.service.js';

/**
 * SCIM Groups of one provider: the provider's groups and their members. A member's directory
 * groups follow from the group mapping (ScimGroupSync) in the same transaction. The group's row
 * is locked for each write, so concurrent PATCHes of one group take turns and none loses another's
 * members; members' rows are locked in id order, so two groups' writes never deadlock.
 */
@Injectable()
export class ScimGroupsService {
  constructor(
    private readonly scim: ScimRepository,
    private readonly directory: DirectoryWrites,
    private readonly groupSync: ScimGroupSync,
  ) {}

  async create(providerId: string, base: string, body: unknown): Promise<ScimOutcome> {
    const document = readGroupDocument(body);
    const mapping = await this.groupSync.mapping(providerId);
    const { id, synced } = await this.write(async (tx) => {
      const groupId = await this.scim.insertGroup(providerId, document.displayName, document.externalId, tx);
      await this.requireUsers(providerId, document.members, tx);
      const touched = await this.scim.changeMembers(groupId, { clear: false, add: document.members, remove: [] }, tx);
      return { id: groupId, synced: await this.syncAll(providerId, touched, mapping, tx) };
    });
    await this.announce(synced);
    return { status: 201, body: await this.render(providerId, id, base, true), details: { groupId: id, members: synced } };
  }

  async get(providerId: string, base: string, id: string, withMembers: boolean): Promise<ScimOutcome> {
    return { status: 200, body: await this.render(providerId, id, base, withMembers) };
  }

  async list(
    providerId: string,
    base: string,
    filter: ScimFilter | null,
    startIndex: number,
    count: number,
    withMembers: boolean,
  ): Promise<ScimOutcome> {
    const hint = filter ? equalityHint(filter) : null;
    const by =
      hint?.path === 'displayname'
        ? { column: 'displayName' as const, value: hint.value }
        : hint?.path === 'externalid'
          ? { column: 'externalId' as const, value: hint.value }
          : hint?.path === 'id'
            ? { column: 'id' as const, value: hint.value }
            : null;
    const rows = await this.scim.groups(providerId, by);
    // Members are matched only when the filter names them (`members[value eq "…"]`), and shown only when asked.
    const needMembers = withMembers || (filter !== null && JSON.stringify(filter).includes('"members'));
    const members = needMembers ? await this.membersByGroup(rows) : null;
    const resources = rows
      .map((row) => renderGroup(row, members?.get(row.id) ?? [], base))
      .filter((resource) => filter === null || matchesFilter(filter, resource));
    const page = resources
      .slice(startIndex - 1, startIndex - 1 + count)
      .map((resource) => (withMembers ? resource : withoutMembers(resource)));
    return { status: 200, body: listResponse(page, resources.length, startIndex) };
  }

  async replace(providerId: string, base: string, id: string, body: unknown, ifMatch: string | undefined): Promise<ScimOutcome> {
    const document = readGroupDocument(body);
    const changes: GroupChanges = {
      displayName: document.displayName,
      externalId: document.externalId,
      clearMembers: true,
      addMembers: document.members,
      removeMembers: [],
    };
    return this.change(providerId, base, id, changes, ifMatch, true);
  }

  async patch(
    providerId: string,
    base: string,
    id: string,
    operations: readonly PatchOperation[],
    ifMatch: string | undefined,
  ): Promise<ScimOutcome> {
    const planned = planGroupPatch(operations);
    if (!planned.ok) throw scimFailure(planned.problem);
    // Entra ID expects 204 for a PATCH of a Group (it asks with excludedAttributes=members anyway); Okta accepts either.
    return this.change(providerId, base, id, planned.value, ifMatch, false);
  }

  async delete(providerId: string, id: string, ifMatch: string | undefined): Promise<ScimOutcome> {
    const mapping = await this.groupSync.mapping(providerId);
    const synced = await this.write(async (tx) => {
      const row = await this.locked(providerId, id, tx);
      checkVersion(ifMatch, row.version);
      const members = (await this.scim.members([row.id], tx)).map((m) => m.userId);
      await this.scim.deleteGroup(row.id, tx);
      return this.syncAll(providerId, members, mapping, tx);
    });
    await this.announce(synced);
    return { status: 204, body: null, details: { groupId: id, members: synced } };
  }

  private async change(
    providerId: string,
    base: string,
    id: string,
    changes: GroupChanges,
    ifMatch: string | undefined,
    answerBody: boolean,
  ): Promise<ScimOutcome> {
    const mapping = await this.groupSync.mapping(providerId);
    const synced = await this.write(async (tx) => {
      const row = await this.locked(providerId, id, tx);
      checkVersion(ifMatch, row.version);
      await this.requireUsers(providerId, changes.addMembers, tx);
      const renamed = changes.displayName !== undefined && changes.displayName !== row.displayName;
      await this.scim.updateGroup(row.id, { displayName: changes.displayName, externalId: changes.externalId }, tx);
      let touched = await this.scim.changeMembers(
        row.id,
        { clear: changes.clearMembers, add: changes.addMembers, remove: changes.removeMembers },
        tx,
      );
      // A new name is a new provider group for every member's mapping.
      if (renamed) touched = [...new Set([...touched, ...(await this.scim.members([row.id], tx)).map((m) => m.userId)])];
      return this.syncAll(providerId, touched, mapping, tx);
    });
    await this.announce(synced);
    const details = { groupId: id, members: synced, ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}) };
    if (!answerBody) return { status: 204, body: null, details };
    return { status: 200, body: await this.render(providerId, id, base, true), details };
  }

  private async syncAll(
    providerId: string,
    userIds: readonly string[],
    mapping: GroupMapping,
    tx: EntityManager,
  ): Promise<Record<string, unknown>[]> {
    const results: Record<string, unknown>[] = [];
    for (const userId of [...userIds].sort())
      results.push({ userId, ...groupDetails(await this.groupSync.sync(providerId, userId, mapping, tx)) });
    return results;
  }

  private async announce(synced: readonly Record<string, unknown>[]): Promise<void> {
    for (const entry of synced) await this.directory.announce(String(entry.userId));
  }

  private async requireUsers(providerId: string, ids: readonly string[], tx: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    const known = await this.scim.knownUsers(providerId, ids, tx);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw badRequest('invalidValue', `members name Users this provider has not provisioned: ${unknown.slice(0, 5).join(', ')}`);
  }

  private async locked(providerId: string, id: string, tx: EntityManager): Promise<ScimGroupRow> {
    const row = UUID.test(id) ? await this.scim.group(providerId, id, tx, true) : null;
    if (!row) throw notFoundResource('Group', id);
    return row;
  }

  private async render(providerId: string, id: string, base: string, withMembers: boolean): Promise<Record<string, unknown>> {
    const row = UUID.test(id) ? await this.scim.group(providerId, id) : null;
    if (!row) throw notFoundResource('Group', id);
    return renderGroup(row, withMembers ? await this.scim.members([row.id]) : null, base);
  }

  private async membersByGroup(rows: readonly ScimGroupRow[]): Promise<Map<string, { userId: string; userName: string }[]>> {
    const byGroup = new Map<string, { userId: string; userName: string }[]>();
    for (const member of await this.scim.members(rows.map((row) => row.id))) {
      byGroup.set(member.groupId, [...(byGroup.get(member.groupId) ?? []), member]);
    }
    return byGroup;
  }

  private async write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      // Under the lock-out guard: a write that leaves no enabled admin answers 409 with the
      // guard's sentence as detail and no scimType (none of RFC 7644 §3.12's keywords means it).
      return await this.directory.guardedTransaction(work);
    } catch (error) {
      if (isUniqueViolation(error))
        throw scimFailure({ status: 409, scimType: 'uniqueness', detail: 'A Group with this displayName or externalId exists' });
      throw error;
    }
  }
}

function withoutMembers(resource: Record<string, unknown>): Record<string, unknown> {
  const { members: _members, ...rest } = resource;
  return rest;
}

interface GroupDocument {
  readonly displayName: string;
  readonly externalId: string | null;
  readonly members: string[];
}

function readGroupDocument(body: unknown): GroupDocument {
  if (!isRecord(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object (a SCIM Group)');
  const displayName = lookup(body, 'displayName');
  if (typeof displayName !== 'string' || displayName.trim() === '') throw badRequest('invalidValue', 'displayName is required');
  const nameProblem = unusableTextReason(displayName, 255);
  if (nameProblem) throw badRequest('invalidValue', `displayName: ${nameProblem}`);
  const externalId = lookup(body, 'externalId');
  if (externalId !== undefined && externalId !== null && (typeof externalId !== 'string' || unusableTextReason(externalId, 255) !== null)) {
    throw badRequest('invalidValue', 'externalId must be a string of at most 255 characters');
  }
  const rawMembers = lookup(body, 'members');
  const members =
    rawMembers === undefined || rawMembers === null || (Array.isArray(rawMembers) && rawMembers.length === 0)
      ? { ok: true as const, value: [] }
      : memberValues(rawMembers);
  if (!members.ok) throw scimFailure(members.problem);
  return {
    displayName: displayName.trim(),
    externalId: typeof externalId === 'string' && externalId !== '' ? externalId : null,
    members: [...new Set(members.value)],
  };
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../../common/database-errors.js';
import { DirectoryWrites, type ProvisionedUser } from '../../directory/index.js';
import type { Provider } from '../../provider/index.js';
import { UserMappingService, type UserMapping } from '../../user-mapping/index.js';
import { equalityHint, matchesFilter } from '../domain/match-filter.js';
import { patchUser } from '../domain/patch-user.js';
import type { PatchOperation } from '../domain/patch-request.js';
import { listResponse, renderUser } from '../domain/render.js';
import type { ScimFilter } from '../domain/scim-filter.js';
import { readUserDocument, userJson, type ScimUserDocument } from '../domain/scim-user.js';
import { ScimRepository, UUID, type ScimUserRow } from '../infrastructure/scim.repository.js';
import { decideScimAccount, scimProfile, scimProfileChanges } from './scim-account.js';
import { checkVersion, notFoundResource, scimFailure } from './scim-failure.js';
import { ScimGroupSync, type GroupSyncResult } from './scim-group-sync.js';

export interface ScimOutcome {
  readonly status: number;
  readonly body: Record<string, unknown> | null;
  /** For the audit event: the directory user and what changed. */
  readonly userId?: string;
  readonly details?: Record<string, unknown>;
}

/**
 * SCIM Users of one provider. A SCIM User is a directory user: its profile comes from the
 * provider's user mapping (mapProfile, decideAccount), its groups from the provider's Groups
 * through the group mapping (planGroups). Every write is one transaction; its change is
 * announced after commit, so sessions on every instance see it (and end, for active=false).
 */
@Injectable()
export class ScimUsersService {
  constructor(
    private readonly scim: ScimRepository,
    private readonly directory: DirectoryWrites,
    private readonly userMappings: UserMappingService,
    private readonly groupSync: ScimGroupSync,
  ) {}

  async create(provider: Provider, base: string, body: unknown): Promise<ScimOutcome> {
    const user = read(body);
    const mapping = await this.userMappings.forProvider(provider);
    const profile = scimProfile(user, mapping);
    const groupMapping = await this.groupSync.mapping(provider.id);
    const result = await this.write(async (tx) => {
      await this.refuseTaken(provider.id, user, null, tx);
      const { decision, existing } = await decideScimAccount(this.directory, provider.id, user, profile, mapping, tx);
      let userId: string;
      if (decision.action === 'create') {
        userId = await this.directory.create({ ...decision.profile, active: user.active }, tx);
      } else {
        userId = decision.userId;
        if (await this.scim.user(provider.id, userId, tx))
          throw taken(`the directory user this User matches is already provisioned as another User`);
        await this.directory.updateProfile(userId, { ...decision.profileChanges, emailVerified: profile.emailVerified }, tx);
        await this.directory.setActive(userId, user.active, tx);
      }
      if (user.externalId !== null) await this.directory.link(provider.id, user.externalId, userId, tx);
      await this.scim.insertUser(
        provider.id,
        { userId, userName: user.userName, externalId: user.externalId, document: userJson(user) },
        tx,
      );
      const groups = await this.groupSync.sync(provider.id, userId, groupMapping, tx, decision.action === 'create');
      return { userId, rule: decision.rule, adopted: existing !== null, groups };
    });
    await this.directory.announce(result.userId);
    const view = await this.render(provider.id, result.userId, base);
    return {
      status: 201,
      body: view,
      userId: result.userId,
      details: { rule: result.rule, adopted: result.adopted, groups: groupDetails(result.groups) },
    };
  }

  async get(providerId: string, base: string, id: string): Promise<ScimOutcome> {
    return { status: 200, body: await this.render(providerId, id, base), userId: id };
  }

  async list(providerId: string, base: string, filter: ScimFilter | null, startIndex: number, count: number): Promise<ScimOutcome> {
    const hint = filter ? equalityHint(filter) : null;
    const by =
      hint?.path === 'username'
        ? { column: 'userName' as const, value: hint.value }
        : hint?.path === 'externalid'
          ? { column: 'externalId' as const, value: hint.value }
          : hint?.path === 'id'
            ? { column: 'id' as const, value: hint.value }
            : null;
    const rows = await this.scim.users(providerId, by);
    const users = new Map((await this.directory.findByIds(rows.map((r) => r.userId))).map((u) => [u.id, u]));
    const resources = rows
      .filter((row) => users.has(row.userId))
      .map((row) => renderUser(row.userId, row.document, users.get(row.userId)!.active, row, base))
      .filter((resource) => filter === null || matchesFilter(filter, resource));
    const page = resources.slice(startIndex - 1, startIndex - 1 + count);
    return { status: 200, body: listResponse(page, resources.length, startIndex) };
  }

  async replace(provider: Provider, base: string, id: string, body: unknown, ifMatch: string | undefined): Promise<ScimOutcome> {
    const user = read(body);
    return this.update(provider, base, id, ifMatch, () => user);
  }

  async patch(
    provider: Provider,
    base: string,
    id: string,
    operations: readonly PatchOperation[],
    ifMatch: string | undefined,
  ): Promise<ScimOutcome> {
    return this.update(provider, base, id, ifMatch, (row) => {
      const patched = patchUser(row.document, operations);
      if (!patched.ok) throw scimFailure(patched.problem);
      return read(patched.value);
    });
  }

  /** DELETE: the user is switched off (its sessions end everywhere) and leaves the provider's SCIM Users and Groups. */
  async delete(provider: Provider, id: string, ifMatch: string | undefined): Promise<ScimOutcome> {
    const groupMapping = await this.groupSync.mapping(provider.id);
    const groups = await this.write(async (tx) => {
      const row = await this.locked(provider.id, id, tx);
      checkVersion(ifMatch, row.version);
      await this.directory.setActive(id, false, tx);
      await this.scim.deleteUser(provider.id, id, tx);
      return this.groupSync.sync(provider.id, id, groupMapping, tx);
    });
    await this.directory.announce(id);
    return { status: 204, body: null, userId: id, details: { active: false, groups: groupDetails(groups) } };
  }

  private async update(
    provider: Provider,
    base: string,
    id: string,
    ifMatch: string | undefined,
    next: (row: ScimUserRow) => ScimUserDocument,
  ): Promise<ScimOutcome> {
    const mapping = await this.userMappings.forProvider(provider);
    const details = await this.write(async (tx) => {
      const row = await this.locked(provider.id, id, tx);
      checkVersion(ifMatch, row.version);
      const user = next(row);
      await this.refuseTaken(provider.id, user, id, tx);
      const [current] = await this.directory.findByIds([id], tx);
      if (!current) throw notFoundResource('User', id);
      const profileChanged = await this.applyProfile(current, user, mapping, tx);
      const activeChanged = await this.directory.setActive(id, user.active, tx);
      if (user.externalId !== null && user.externalId !== row.externalId) await this.directory.link(provider.id, user.externalId, id, tx);
      await this.scim.updateUser(
        provider.id,
        { userId: id, userName: user.userName, externalId: user.externalId, document: userJson(user) },
        tx,
      );
      return { profile: profileChanged, ...(activeChanged ? { active: user.active } : {}) };
    });
    await this.directory.announce(id);
    return { status: 200, body: await this.render(provider.id, id, base), userId: id, details };
  }

  private async applyProfile(current: ProvisionedUser, user: ScimUserDocument, mapping: UserMapping, tx: EntityManager): Promise<string[]> {
    const profile = scimProfile(user, mapping);
    const decision = scimProfileChanges(current, profile, mapping);
    if (decision.action !== 'use') return [];
    const changes = decision.profileChanges;
    await this.directory.updateProfile(
      current.id,
      { ...changes, ...(changes.email !== undefined ? { emailVerified: profile.emailVerified } : {}) },
      tx,
    );
    return Object.keys(changes);
  }

  /** userName and externalId are unique among the provider's Users (RFC 7643: uniqueness "server"). */
  private async refuseTaken(providerId: string, user: ScimUserDocument, self: string | null, tx: EntityManager): Promise<void> {
    const byName = await this.scim.users(providerId, { column: 'userName', value: user.userName }, tx);
    if (byName.some((row) => row.userId !== self)) throw taken(`userName "${user.userName}" is already provisioned`);
    if (user.externalId !== null) {
      const byExternal = await this.scim.users(providerId, { column: 'externalId', value: user.externalId }, tx);
      if (byExternal.some((row) => row.userId !== self)) throw taken(`externalId "${user.externalId}" is already provisioned`);
    }
  }

  private async locked(providerId: string, id: string, tx: EntityManager): Promise<ScimUserRow> {
    const row = UUID.test(id) ? await this.scim.user(providerId, id, tx, true) : null;
    if (!row) throw notFoundResource('User', id);
    return row;
  }

  private async render(providerId: string, id: string, base: string): Promise<Record<string, unknown>> {
    const row = UUID.test(id) ? await this.scim.user(providerId, id) : null;
    const [user] = row ? await this.directory.findByIds([id]) : [];
    if (!row || !user) throw notFoundResource('User', id);
    return renderUser(id, row.document, user.active, row, base);
  }

  /** Unique keys settle races between two creations of one person: the loser answers 409. */
  private async write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      // Under the lock-out guard: a write that leaves no enabled admin answers 409 with the
      // guard's sentence as detail and no scimType (none of RFC 7644 §3.12's keywords means it).
      return await this.directory.guardedTransaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw taken('the userName, email or externalId is already used by another user');
      throw error;
    }
  }
}

function read(body: unknown): ScimUserDocument {
  const result = readUserDocument(body);
  if (!result.ok) throw scimFailure(result.problem);
  return result.value;
}

function taken(detail: string) {
  return scimFailure({ status: 409, scimType: 'uniqueness', detail });
}

export function groupDetails(groups: GroupSyncResult): Record<string, unknown> {
  return groups.applied
    ? { added: groups.added, removed: groups.removed, created: groups.created, rules: groups.rules }
    : { unchanged: true, rule: groups.rule };
}

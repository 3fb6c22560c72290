import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DirectoryWrites } from '../../directory/index.js';
import { GroupMappingService, planGroups, referencedGroups, type GroupMapping, type GroupPlan } from '../../group-mapping/index.js';
import { ScimRepository } from '../infrastructure/scim.repository.js';

export type GroupSyncResult =
  | {
      readonly applied: true;
      readonly added: readonly string[];
      readonly removed: readonly string[];
      readonly created: readonly string[];
      readonly rules: readonly string[];
    }
  | { readonly applied: false; readonly rule: string };

/**
 * A user's directory groups from the provider's Groups the user is a member of, decided by the
 * provider's group mapping through planGroups, as a login decides them from the groups claim.
 */
@Injectable()
export class ScimGroupSync {
  constructor(
    private readonly directory: DirectoryWrites,
    private readonly groupMappings: GroupMappingService,
    private readonly scim: ScimRepository,
  ) {}

  /** Inside the caller's transaction; the user's row is locked first, so two syncs of one user take turns. */
  /** The provider's group mapping, read before a transaction starts (it may need a connection of its own). */
  mapping(providerId: string): Promise<GroupMapping> {
    return this.groupMappings.forProvider(providerId);
  }

  async sync(providerId: string, userId: string, stored: GroupMapping, tx: EntityManager, isNewUser = false): Promise<GroupSyncResult> {
    if (!(await this.directory.lock(userId, tx))) return { applied: false, rule: 'the user no longer exists' };
    // "Keep existing groups" keeps what a login's response does not mention; SCIM plans only over
    // the memberships it made itself, so a Group the provider took the user out of always goes.
    const mapping = { ...stored, onTheFly: { ...stored.onTheFly, keepExistingGroups: false } };
    const idpGroups = await this.scim.groupNamesOf(providerId, userId, tx);
    const memberships = await this.directory.memberships(userId, tx);
    // SCIM manages its own memberships (as a login manages `sso` ones) and the default groups;
    // an administrator's and a login's memberships are not its to remove.
    const current = memberships
      .filter((m) => m.origin === 'scim' || m.origin === 'default')
      .map((m) => ({ name: m.name, origin: m.origin === 'scim' ? ('sso' as const) : m.origin }));
    const existingGroups = await this.directory.existingGroups(
      [...referencedGroups(idpGroups, mapping), ...memberships.map((m) => m.name)],
      tx,
    );
    const plan: GroupPlan = planGroups({ idpGroups, current, mapping, isNewUser, existingGroups });
    if (!plan.allowed) return { applied: false, rule: plan.rule };
    await this.directory.applyMemberships(
      userId,
      {
        create: plan.create,
        add: plan.add.map((a) => ({ group: a.group, origin: a.origin === 'sso' ? 'scim' : a.origin })),
        remove: plan.remove.map((r) => r.group),
        // A group a login gave is the provider's too: SCIM owns it from now on, so SCIM can take it away.
        takeOverFrom: ['sso'],
      },
      tx,
    );
    return {
      applied: true,
      added: plan.add.map((a) => a.group),
      removed: plan.remove.map((r) => r.group),
      created: plan.create,
      rules: [...plan.add, ...plan.remove].map((change) => change.rule),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ChangeBus } from '../../common/change-bus.js';
import type { MembershipOrigin } from './membership.entity.js';
import { AccountsRepository, type NewUser, type ProvisionedUser, type UserChanges } from './infrastructure/accounts.repository.js';
import { AdminRemovalGuard } from './admin-removal.guard.js';
import { MembershipsRepository } from './infrastructure/memberships.repository.js';

/** A directory user as account decisions read it (user-mapping's ExistingUser). */
export type { ProvisionedUser } from './infrastructure/accounts.repository.js';
export type NewProfile = NewUser;
export type ProfileUpdate = UserChanges;

/** Memberships to create, add and remove by group name (case-insensitive), as a group plan lists them. */
export interface MembershipChanges {
  readonly create: readonly string[];
  readonly add: readonly { readonly group: string; readonly origin: MembershipOrigin }[];
  readonly remove: readonly string[];
  /** An added membership that exists with one of these origins takes the new origin (the new source owns it from now on). */
  readonly takeOverFrom?: readonly MembershipOrigin[];
}

/**
 * Writes that provisioning (SSO logins, SCIM) makes to users, identity links and memberships,
 * each inside the caller's transaction (or on its own when none is given and it only reads).
 * The caller announces the change (announce) after commit.
 */
@Injectable()
export class DirectoryWrites {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly groupMemberships: MembershipsRepository,
    private readonly changes: ChangeBus,
    private readonly adminRemoval: AdminRemovalGuard,
  ) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * A transaction under the lock-out guard: refused (LOCKOUT_GUARD, 409) when its writes leave no
   * enabled member of `adminGroups.admin`. For SCIM, whose requests can be answered with an
   * error; a login never uses it (the provider's word on a person is final there, see AdminRemovalGuard).
   */
  guardedTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.adminRemoval.run('scim', work);
  }

  findLinked(providerId: string, subject: string, tx?: EntityManager): Promise<ProvisionedUser | null> {
    return this.accounts.findProvisionedByIdentity(tx ?? this.db.manager, providerId, subject);
  }

  /** Users owning this username or email (case-insensitive), each saying whether it is linked to another subject of the provider. */
  findCandidates(
    providerId: string,
    subject: string | null,
    username: string,
    email: string | null,
    tx?: EntityManager,
  ): Promise<ProvisionedUser[]> {
    return this.accounts.findProvisionedOwners(tx ?? this.db.manager, { providerId, subject, username, email });
  }

  findByIds(ids: readonly string[], tx?: EntityManager): Promise<ProvisionedUser[]> {
    return this.accounts.findProvisionedByIds(tx ?? this.db.manager, ids);
  }

  /** Locks the user's row until the transaction ends: provisioning writes of one user take turns. */
  lock(userId: string, tx: EntityManager): Promise<boolean> {
    return this.accounts.lockUser(tx, userId);
  }

  create(profile: NewProfile, tx: EntityManager): Promise<string> {
    return this.accounts.insertProvisioned(tx, profile);
  }

  updateProfile(userId: string, changes: ProfileUpdate, tx: EntityManager): Promise<void> {
    return this.accounts.updateProvisioned(tx, userId, changes);
  }

  /** Switching a user off ends its sessions on every instance once announced (SessionsService). */
  setActive(userId: string, active: boolean, tx: EntityManager): Promise<boolean> {
    return this.accounts.switchActive(tx, userId, active);
  }

  /** Links (provider, subject) to the user; a link that exists already stays as it is. */
  link(providerId: string, subject: string, userId: string, tx: EntityManager): Promise<void> {
    return this.accounts.linkIfMissing(tx, providerId, subject, userId);
  }

  memberships(userId: string, tx?: EntityManager): Promise<{ name: string; origin: MembershipOrigin }[]> {
    return this.groupMemberships.ofUser(tx ?? this.db.manager, userId);
  }

  /** Which of these group names exist, in the directory's spelling. */
  existingGroups(names: readonly string[], tx?: EntityManager): Promise<string[]> {
    const keys = [...new Set(names.map((name) => name.trim().toLowerCase()))];
    return this.groupMemberships.existingNames(tx ?? this.db.manager, keys);
  }

  /** Set-based: one statement creates the missing groups, one adds, one removes. */
  applyMemberships(userId: string, changes: MembershipChanges, tx: EntityManager): Promise<void> {
    return this.groupMemberships.apply(tx, userId, {
      create: changes.create,
      add: changes.add,
      remove: changes.remove.map((group) => ({ group })),
      takeOverFrom: changes.takeOverFrom ?? [],
    });
  }

  /** Tells every instance the user changed: cached sessions reload its profile and groups, or end if it was switched off. */
  async announce(userId: string): Promise<void> {
    await this.changes.publish({ kind: 'user', id: userId });
  }
}

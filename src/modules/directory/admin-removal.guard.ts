import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';
import { SettingsStore } from '../settings/index.js';
import { checkAdminRemoval, type AdminRemoval } from './domain/check-admin-removal.js';
import { AdminMembersRepository } from './infrastructure/admin-members.repository.js';

/**
 * Refuses (409 LOCKOUT_GUARD) disabling or deleting the last enabled admin. The admin groups are
 * read from the sign-in settings document directly: the sign-in module depends on the directory,
 * so the directory cannot ask the sign-in module without a cycle; only `adminGroups.admin` is read.
 */
@Injectable()
export class AdminRemovalGuard {
  constructor(
    private readonly settings: SettingsStore,
    private readonly members: AdminMembersRepository,
  ) {}

  async check(userId: string, removal: AdminRemoval): Promise<void> {
    const { adminGroups } = await this.settings.get<{ adminGroups?: { admin?: readonly string[] } }>('sign-in', {});
    const groups = adminGroups?.admin ?? [];
    if (groups.length === 0) return;
    const decision = checkAdminRemoval(removal, { adminGroups: groups, ...(await this.members.around(userId, groups)) });
    if (!decision.ok) throw new DomainError('LOCKOUT_GUARD', decision.reason);
  }
}

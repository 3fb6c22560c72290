import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/domain-error.js';
import { IdentityLinksRepository, type IdentityLinkView } from './infrastructure/identity-links.repository.js';

export type { IdentityLinkView } from './infrastructure/identity-links.repository.js';

/** The identity links that logins make (user_identities): listed and removed by administrators. */
@Injectable()
export class IdentityLinksService {
  constructor(private readonly links: IdentityLinksRepository) {}

  async list(userId: string): Promise<IdentityLinkView[]> {
    await this.requireUser(userId);
    return this.links.ofUser(userId);
  }

  /**
   * Removes one link and answers what it was. The person's next login through that provider is
   * then a first login again: it finds (or creates) an account by the mapping's matchBy.
   */
  async remove(userId: string, identityId: string): Promise<IdentityLinkView> {
    await this.requireUser(userId);
    const removed = await this.links.delete(userId, identityId);
    if (!removed) throw notFound('Identity link', identityId);
    return removed;
  }

  private async requireUser(userId: string): Promise<void> {
    if (!(await this.links.userExists(userId))) throw notFound('User', userId);
  }
}

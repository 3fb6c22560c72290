import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { notFound } from '../../common/domain-error.js';

/** A user's link to one identity at one provider (provider, `sub`), as the admin API shows it; no token is ever kept here. */
export interface IdentityLinkView {
  id: string;
  providerId: string;
  providerSlug: string;
  providerDisplayName: string;
  subject: string;
  linkedAt: Date;
  lastLoginAt: Date;
}

const LINK_COLUMNS = `i.id, i.provider_id AS "providerId", p.slug AS "providerSlug", p.display_name AS "providerDisplayName",
  i.subject, i.created_at AS "linkedAt", i.last_login_at AS "lastLoginAt"`;

/** The identity links that logins make (user_identities): listed and removed by administrators. */
@Injectable()
export class IdentityLinksService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(userId: string): Promise<IdentityLinkView[]> {
    await this.requireUser(userId);
    return this.db.query(
      `SELECT ${LINK_COLUMNS} FROM user_identities i JOIN provider_registrations p ON p.id = i.provider_id
       WHERE i.user_id = $1 ORDER BY i.created_at, i.id`,
      [userId],
    );
  }

  /**
   * Removes one link and answers what it was. The person's next login through that provider is
   * then a first login again: it finds (or creates) an account by the mapping's matchBy.
   */
  async remove(userId: string, identityId: string): Promise<IdentityLinkView> {
    await this.requireUser(userId);
    const rows: IdentityLinkView[] = await this.db.query(
      `WITH gone AS (DELETE FROM user_identities WHERE id = $1 AND user_id = $2 RETURNING *)
       SELECT ${LINK_COLUMNS} FROM gone i JOIN provider_registrations p ON p.id = i.provider_id`,
      [identityId, userId],
    );
    const removed = rows[0];
    if (!removed) throw notFound('Identity link', identityId);
    return removed;
  }

  private async requireUser(userId: string): Promise<void> {
    const users: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE id = $1`, [userId]);
    if (users.length === 0) throw notFound('User', userId);
  }
}

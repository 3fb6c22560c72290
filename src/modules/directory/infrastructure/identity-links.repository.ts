import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

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

/** `user_identities` as administrators see them, with the provider read through its published view. */
@Injectable()
export class IdentityLinksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  ofUser(userId: string): Promise<IdentityLinkView[]> {
    return this.db.query(
      `SELECT ${LINK_COLUMNS} FROM user_identities i JOIN provider_registrations p ON p.id = i.provider_id
       WHERE i.user_id = $1 ORDER BY i.created_at, i.id`,
      [userId],
    );
  }

  /** Deletes one link of this user; answers what it was, or null when there was none. */
  async delete(userId: string, identityId: string): Promise<IdentityLinkView | null> {
    const rows: IdentityLinkView[] = await this.db.query(
      `WITH gone AS (DELETE FROM user_identities WHERE id = $1 AND user_id = $2 RETURNING *)
       SELECT ${LINK_COLUMNS} FROM gone i JOIN provider_registrations p ON p.id = i.provider_id`,
      [identityId, userId],
    );
    return rows[0] ?? null;
  }

  async userExists(userId: string): Promise<boolean> {
    const users: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE id = $1`, [userId]);
    return users.length > 0;
  }
}

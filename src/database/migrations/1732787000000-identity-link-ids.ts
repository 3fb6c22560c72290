import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity links get an id of their own, so the admin API can name one in a URL
 * (`DELETE /api/admin/users/{id}/identities/{identityId}`) without putting a provider's
 * subject, which may hold any character, in a path.
 */
export class IdentityLinkIds1732787000000 implements MigrationInterface {
  name = 'IdentityLinkIds1732787000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_identities ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await db.query(`CREATE UNIQUE INDEX user_identities_id_key ON user_identities (id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX user_identities_id_key`);
    await db.query(`ALTER TABLE user_identities DROP COLUMN id`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Views that the directory and the provider module publish for other modules to read, so the
 * session check still reads a session, its user, groups and provider in one query without any
 * module naming another's tables. Postgres inlines a view, so the query plan is unchanged; a
 * column the query does not use (the group list) is not computed.
 */
export class PublishedViews1732800000000 implements MigrationInterface {
  name = 'PublishedViews1732800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE VIEW directory_accounts AS
      SELECT u.id, u.username, u.email, u.display_name, u.active,
             COALESCE((SELECT array_agg(g.name ORDER BY lower(g.name)) FROM memberships m JOIN groups g ON g.id = m.group_id
                       WHERE m.user_id = u.id), '{}') AS groups
      FROM users u`);
    await db.query(`CREATE VIEW provider_registrations AS SELECT id, slug, display_name, enabled FROM providers`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW provider_registrations`);
    await db.query(`DROP VIEW directory_accounts`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The admin user list searches display names by prefix too: without this index it scans every user. */
export class UserSearchIndex1732781000000 implements MigrationInterface {
  name = 'UserSearchIndex1732781000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX users_display_name_prefix ON users (lower(display_name) text_pattern_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX users_display_name_prefix`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row: the check value of the SESAME_SECRET_KEY that sealed this database's secrets, so an
 * instance started with another key refuses to start instead of failing every login. Written
 * at the first start (not here: a migration does not know the key).
 */
export class SecretKeyCheck1732784000000 implements MigrationInterface {
  name = 'SecretKeyCheck1732784000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE secret_key_check (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        check_value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE secret_key_check`);
  }
}

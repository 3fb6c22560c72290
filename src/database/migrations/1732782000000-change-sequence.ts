import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row counting every change announced to the instances. It is bumped in the statement that
 * sends the notice, so an instance that finds it ahead of the notices it heard knows it missed one.
 */
export class ChangeSequence1732782000000 implements MigrationInterface {
  name = 'ChangeSequence1732782000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE change_sequence (id boolean PRIMARY KEY DEFAULT true CHECK (id), value bigint NOT NULL)`);
    await db.query(`INSERT INTO change_sequence (id, value) VALUES (true, 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE change_sequence`);
  }
}

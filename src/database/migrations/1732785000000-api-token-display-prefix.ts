import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Token lists used to show a token's first ten characters, which for SESAME_ADMIN_TOKEN are part
 * of a secret the operator chose. Every stored prefix becomes `ses_…` and the start of the id.
 */
export class ApiTokenDisplayPrefix1732785000000 implements MigrationInterface {
  name = 'ApiTokenDisplayPrefix1732785000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE api_tokens SET token_prefix = 'ses_…' || left(id::text, 8)`);
  }

  async down(): Promise<void> {
    // The old prefixes were parts of the tokens; they cannot (and should not) come back.
  }
}

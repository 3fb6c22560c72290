import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-sync after login: a provider setting (`resync`), the refresh tokens a provider gave with
 * the person's consent (sealed, one per identity: provider and subject), which are also the
 * work queue of the background re-sync, and the `resync` origin of memberships it makes.
 */
export class IdentityResync1732880000000 implements MigrationInterface {
  name = 'IdentityResync1732880000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE providers ADD COLUMN resync jsonb NOT NULL DEFAULT '{"enabled": false, "intervalSeconds": 900, "maxPerMinute": 600}'`,
    );
    await db.query(`ALTER TABLE memberships DROP CONSTRAINT memberships_origin_check`);
    await db.query(
      `ALTER TABLE memberships ADD CONSTRAINT memberships_origin_check CHECK (origin IN ('manual', 'sso', 'default', 'scim', 'resync'))`,
    );
    await db.query(`
      CREATE TABLE resync_identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id uuid NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
        refresh_token_sealed text NOT NULL,
        graph_groups boolean NOT NULL DEFAULT false,
        active_until timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        leased_until timestamptz,
        failures integer NOT NULL DEFAULT 0,
        last_outcome text,
        last_synced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider_id, subject)
      )`);
    await db.query(`CREATE INDEX resync_identities_due ON resync_identities (provider_id, due_at)`);
    await db.query(`CREATE INDEX resync_identities_user ON resync_identities (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE resync_identities`);
    await db.query(`UPDATE memberships SET origin = 'sso' WHERE origin = 'resync'`);
    await db.query(`ALTER TABLE memberships DROP CONSTRAINT memberships_origin_check`);
    await db.query(
      `ALTER TABLE memberships ADD CONSTRAINT memberships_origin_check CHECK (origin IN ('manual', 'sso', 'default', 'scim'))`,
    );
    await db.query(`ALTER TABLE providers DROP COLUMN resync`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SCIM provisioning per provider: its bearer token (a hash), the Users it provisioned (the
 * document it last sent, with its userName and externalId for lookups) and its Groups with
 * their members. A SCIM User is a directory user; a SCIM Group is the provider's group, which
 * the provider's group mapping turns into directory memberships.
 */
export class ScimProvisioning1732840000000 implements MigrationInterface {
  name = 'ScimProvisioning1732840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE memberships DROP CONSTRAINT memberships_origin_check`);
    await db.query(
      `ALTER TABLE memberships ADD CONSTRAINT memberships_origin_check CHECK (origin IN ('manual', 'sso', 'default', 'scim'))`,
    );
    await db.query(`
      CREATE TABLE scim_tokens (
        provider_id uuid PRIMARY KEY REFERENCES providers(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE scim_users (
        provider_id uuid NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        user_name text NOT NULL CHECK (length(user_name) BETWEEN 1 AND 255),
        external_id text CHECK (length(external_id) <= 255),
        document jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider_id, user_id)
      )`);
    await db.query(`CREATE UNIQUE INDEX scim_users_user_name ON scim_users (provider_id, lower(user_name))`);
    await db.query(`CREATE UNIQUE INDEX scim_users_external_id ON scim_users (provider_id, external_id) WHERE external_id IS NOT NULL`);
    await db.query(`CREATE INDEX scim_users_user ON scim_users (user_id)`);
    await db.query(`
      CREATE TABLE scim_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id uuid NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 255),
        external_id text CHECK (length(external_id) <= 255),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX scim_groups_display_name ON scim_groups (provider_id, lower(display_name))`);
    await db.query(`CREATE UNIQUE INDEX scim_groups_external_id ON scim_groups (provider_id, external_id) WHERE external_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE scim_group_members (
        group_id uuid NOT NULL REFERENCES scim_groups(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, user_id)
      )`);
    await db.query(`CREATE INDEX scim_group_members_user ON scim_group_members (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE scim_group_members`);
    await db.query(`DROP TABLE scim_groups`);
    await db.query(`DROP TABLE scim_users`);
    await db.query(`DROP TABLE scim_tokens`);
    await db.query(`UPDATE memberships SET origin = 'sso' WHERE origin = 'scim'`);
    await db.query(`ALTER TABLE memberships DROP CONSTRAINT memberships_origin_check`);
    await db.query(`ALTER TABLE memberships ADD CONSTRAINT memberships_origin_check CHECK (origin IN ('manual', 'sso', 'default'))`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, groups, memberships, admin API tokens and the settings documents. */
export class DirectoryAndApiTokens1732780800000 implements MigrationInterface {
  name = 'DirectoryAndApiTokens1732780800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL CHECK (length(username) BETWEEN 1 AND 255),
        email text CHECK (length(email) <= 320),
        first_name text,
        last_name text,
        display_name text,
        active boolean NOT NULL DEFAULT true,
        password_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL`);
    // Prefix search in the admin list, on an index (text_pattern_ops works with LIKE 'x%').
    await db.query(`CREATE INDEX users_username_prefix ON users (lower(username) text_pattern_ops)`);
    await db.query(`CREATE INDEX users_email_prefix ON users (lower(email) text_pattern_ops)`);

    await db.query(`
      CREATE TABLE groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX groups_name_key ON groups (lower(name))`);
    await db.query(`CREATE INDEX groups_name_prefix ON groups (lower(name) text_pattern_ops)`);

    await db.query(`
      CREATE TABLE memberships (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        origin text NOT NULL CHECK (origin IN ('manual', 'sso', 'default')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, group_id)
      )`);
    await db.query(`CREATE INDEX memberships_group_id ON memberships (group_id)`);

    await db.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('admin', 'read')),
        token_hash bytea NOT NULL UNIQUE,
        token_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);

    await db.query(`
      CREATE TABLE settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE settings, api_tokens, memberships, groups, users`);
  }
}

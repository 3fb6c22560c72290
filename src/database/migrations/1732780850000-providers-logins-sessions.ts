import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity providers with their mappings, identity links, login transactions and sessions. */
export class ProvidersLoginsSessions1732780850000 implements MigrationInterface {
  name = 'ProvidersLoginsSessions1732780850000';

  async up(db: QueryRunner): Promise<void> {
    // Whether the stored email was verified (by the provider, or vouched for by an administrator):
    // only a verified stored email may be matched by a later login through another provider.
    await db.query(`ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT true`);
    await db.query(`
      CREATE TABLE providers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9-]{2,40}$'),
        display_name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('oidc', 'oauth2')),
        preset text NOT NULL,
        issuer text,
        endpoints jsonb NOT NULL DEFAULT '{}',
        client_id text NOT NULL,
        client_secret_sealed text,
        scopes text[] NOT NULL,
        client_auth_method text NOT NULL,
        authorize_params jsonb NOT NULL DEFAULT '{}',
        subject_attribute text,
        allowed_tenants text[] NOT NULL DEFAULT '{}',
        trusted_for_email boolean NOT NULL DEFAULT false,
        logout_at_provider boolean NOT NULL DEFAULT false,
        button_text text,
        icon_url text,
        sort_order integer NOT NULL DEFAULT 0,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX providers_slug_key ON providers (slug)`);

    await db.query(`
      CREATE TABLE user_mappings (
        provider_id uuid PRIMARY KEY REFERENCES providers (id) ON DELETE CASCADE,
        mapping jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE group_mappings (
        provider_id uuid PRIMARY KEY REFERENCES providers (id) ON DELETE CASCADE,
        mapping jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE user_identities (
        provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
        subject text NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        groups_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider_id, subject)
      )`);
    await db.query(`CREATE INDEX user_identities_user_id ON user_identities (user_id)`);

    await db.query(`
      CREATE TABLE login_transactions (
        state text PRIMARY KEY,
        provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
        browser_binding_hash bytea NOT NULL,
        nonce text,
        code_verifier text NOT NULL,
        return_to text NOT NULL,
        remember_me boolean NOT NULL DEFAULT false,
        mode text NOT NULL CHECK (mode IN ('login', 'test')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX login_transactions_expires_at ON login_transactions (expires_at)`);

    await db.query(`
      CREATE TABLE test_links (
        token_hash bytea PRIMARY KEY,
        provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE test_results (
        provider_id uuid PRIMARY KEY REFERENCES providers (id) ON DELETE CASCADE,
        result jsonb NOT NULL,
        tested_at timestamptz NOT NULL
      )`);

    await db.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        provider_id uuid REFERENCES providers (id) ON DELETE CASCADE,
        provider_sid text,
        provider_subject text,
        id_token_sealed text,
        method text NOT NULL CHECK (method IN ('sso', 'backdoor')),
        remember_me boolean NOT NULL DEFAULT false,
        ip text,
        user_agent text,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX sessions_user_id ON sessions (user_id)`);
    await db.query(`CREATE INDEX sessions_provider_sid ON sessions (provider_id, provider_sid) WHERE provider_sid IS NOT NULL`);
    await db.query(`CREATE INDEX sessions_provider_subject ON sessions (provider_id, provider_subject)`);
    await db.query(`CREATE INDEX sessions_expires_at ON sessions (expires_at)`);

    // Back-channel logout tokens already used (jti), kept until they would have expired anyway.
    await db.query(`
      CREATE TABLE used_logout_tokens (
        provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
        jti text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (provider_id, jti)
      )`);

    // Backdoor brute-force limits, per account and per IP, shared by every instance.
    await db.query(`
      CREATE TABLE login_attempts (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE login_attempts, used_logout_tokens`);
    await db.query(
      `DROP TABLE sessions, test_results, test_links, login_transactions, user_identities, group_mappings, user_mappings, providers`,
    );
  }
}

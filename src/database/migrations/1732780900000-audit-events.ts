import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log. Append-only in the database too: a trigger refuses UPDATE, so a bug or a
 * stray admin query cannot rewrite history. DELETE stays possible for the retention purge.
 */
export class AuditEvents1732780900000 implements MigrationInterface {
  name = 'AuditEvents1732780900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
        code text,
        provider_id uuid,
        provider_slug text,
        user_id uuid,
        username text,
        actor text,
        ip text,
        user_agent text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    // The list is newest first (id DESC); each filter index ends with id so a filtered page is one index range.
    await db.query(`CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at)`);
    await db.query(`CREATE INDEX audit_events_type ON audit_events (type, id DESC)`);
    await db.query(`CREATE INDEX audit_events_user_id ON audit_events (user_id, id DESC) WHERE user_id IS NOT NULL`);
    await db.query(`CREATE INDEX audit_events_provider_id ON audit_events (provider_id, id DESC) WHERE provider_id IS NOT NULL`);

    await db.query(`
      CREATE FUNCTION audit_events_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_update()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_events`);
    await db.query(`DROP FUNCTION audit_events_refuse_update()`);
  }
}

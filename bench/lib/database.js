// The database of a run: the machine's PostgreSQL server (fresh databases) or Sesame's embedded one, and set-based seeding.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { BINDING, GROUPS_PER_USER, SQL_SESSION_TOKEN, SQL_TEAM_INDEX, TEAM_GROUPS, nonce } from './identity.js';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server to use, or null when there is none (then each Sesame runs on its embedded database). */
export async function findServer(url = process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER_URL) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query('SHOW server_version');
    return { url, version: rows[0].server_version };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops and creates `name` on the server; returns its URL. */
export async function freshDatabase(serverUrl, name) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

export async function connect(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * Bulk-load settings for this connection only. Foreign-key triggers are skipped: the rows are
 * generated consistent, and checking 10M membership rows one by one would be most of the load.
 */
async function bulkSession(client, server) {
  await client.query(`SET synchronous_commit = off`);
  if (server) {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    await client.query(`SET session_replication_role = replica`);
  }
}

/** Deterministic ids, sequential so that bulk inserts append to the primary-key index instead of splitting pages at random. */
const userId = (i) => `('00000000-0000-4000-8001-' || lpad(to_hex(${i}), 12, '0'))::uuid`;
const teamId = (j) => `('00000000-0000-4000-8000-' || lpad(to_hex(${j}), 12, '0'))::uuid`;

/**
 * The directory at scale, all set-based: `users` people (username user<i>, identity link
 * sub-<i> at the bench provider), each in GROUPS_PER_USER of TEAM_GROUPS teams, and one
 * remembered session per user whose cookie is sessionToken(i). Secondary indexes are dropped
 * for the load and rebuilt after it (a sorted build is several times faster than row-by-row
 * maintenance); their definitions are read from the catalog, so the schema ends as migrated.
 */
export async function seedDirectory(urls, { users, providerId, server }) {
  const clients = await Promise.all(urls.map(connect));
  const [first, second = first] = clients;
  const both = (a, b) => (first === second ? a().then(b) : Promise.all([a(), b()]));
  try {
    for (const client of clients) await bulkSession(client, server);
    await first.query(
      `INSERT INTO groups (id, name) SELECT ${teamId('j')}, 'team-' || lpad(j::text, 4, '0') FROM generate_series(0, $1 - 1) j`,
      [TEAM_GROUPS],
    );
    const indexes = await dropSecondaryIndexes(first, ['users', 'user_identities', 'sessions', 'memberships']);
    await both(
      async () => {
        await first.query(
          `INSERT INTO users (id, username, email, email_verified, first_name, last_name, display_name, created_at, updated_at)
           SELECT ${userId('i')}, 'user' || i, 'user' || i || '@bench.example', true, 'First' || i, 'Last' || i,
                  'First' || i || ' Last' || i, now(), now()
           FROM generate_series(1, $1) i`,
          [users],
        );
        await first.query(
          `INSERT INTO user_identities (provider_id, subject, user_id, created_at, last_login_at)
           SELECT $2, 'sub-' || i, ${userId('i')}, now(), now() FROM generate_series(1, $1) i`,
          [users, providerId],
        );
        await first.query(
          `INSERT INTO sessions (token_hash, user_id, provider_id, provider_subject, method, remember_me, created_at, last_seen_at, expires_at)
           SELECT sha256(convert_to(${SQL_SESSION_TOKEN('i')}, 'UTF8')), ${userId('i')}, $2, 'sub-' || i, 'sso', true,
                  now(), now(), now() + interval '30 days'
           FROM generate_series(1, $1) i`,
          [users, providerId],
        );
      },
      () =>
        second.query(
          `INSERT INTO memberships (user_id, group_id, origin)
           SELECT ${userId('i')}, ${teamId(SQL_TEAM_INDEX('i', 'k'))}, 'sso'
           FROM generate_series(1, $1) i, generate_series(0, $2 - 1) k`,
          [users, GROUPS_PER_USER],
        ),
    );
    // Rebuilt on two connections, the large membership indexes on one, the rest on the other.
    const membership = indexes.filter((index) => index.table === 'memberships');
    const rest = indexes.filter((index) => index.table !== 'memberships');
    await both(
      () =>
        runAll(
          first,
          rest.map((index) => index.create),
        ),
      () =>
        runAll(
          second,
          membership.map((index) => index.create),
        ),
    );
    await both(
      () => first.query('ANALYZE users, user_identities, sessions'),
      () => second.query('ANALYZE groups, memberships'),
    );
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

async function runAll(client, statements) {
  for (const statement of statements) await client.query(statement);
}

/**
 * Drops the indexes of `tables` that no foreign key depends on (primary keys referenced by
 * foreign keys stay); returns the statements that recreate them exactly.
 */
async function dropSecondaryIndexes(client, tables) {
  const { rows } = await client.query(
    `SELECT t.relname AS table, x.relname AS name, c.conname AS constraint_name,
            CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
                 ELSE format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid)) END AS create
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
     LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype IN ('p', 'u')
     WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)`,
    [tables],
  );
  for (const row of rows) {
    await client.query(row.constraint_name ? `ALTER TABLE ${row.table} DROP CONSTRAINT ${row.constraint_name}` : `DROP INDEX ${row.name}`);
  }
  return rows;
}

/** The groups of the group-size scenario, made in advance so that a changed group set creates none. */
export async function seedGroupSizeGroups(url) {
  const client = await connect(url);
  try {
    await client.query(
      `INSERT INTO groups (name) SELECT 'grp-' || lpad(j::text, 4, '0') FROM generate_series(0, 1004) j ON CONFLICT DO NOTHING`,
    );
  } finally {
    await client.end();
  }
}

/**
 * `count` login transactions as /sso/bench/start would leave them, bound to BINDING: state
 * `<prefix>-<k>`, for user from + (k mod users)·step, with that user's nonce. Returns the states' prefix.
 */
export async function seedTransactions(client, { prefix, count, providerId, from, users, step = 1 }) {
  await client.query(
    `INSERT INTO login_transactions (state, provider_id, browser_binding_hash, nonce, code_verifier, return_to, remember_me, mode, created_at, expires_at)
     SELECT $1 || '-' || k, $2, $3, 'nonce-' || ($4 + (k % $5) * $6), 'bench-code-verifier-' || lpad(k::text, 32, '0'), '/app', false,
            'login', now(), now() + interval '10 minutes'
     FROM generate_series(0, $7 - 1) k`,
    [prefix, providerId, createHash('sha256').update(BINDING).digest(), from, users, step, count],
  );
  if (nonce(0) !== 'nonce-0') throw new Error('nonce format changed: update seedTransactions');
}

export async function dropTransactions(client, prefix) {
  await client.query(`DELETE FROM login_transactions WHERE state LIKE $1 || '-%'`, [prefix]);
}

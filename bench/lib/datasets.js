// The two Sesames of a run and their data: a large directory (1M by default) and a small one (1k).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { connect, freshDatabase, seedDirectory, seedGroupSizeGroups } from './database.js';
import { registerProvider, startSesameProcess } from './sesame-process.js';

const BIG = 'sesame_bench';
const SMALL = 'sesame_bench_1k';
const TEMPLATE_PREFIX = 'sesame_bench_tpl_';

/**
 * What a template was made from: the migrations and the seeding code. A change to either makes
 * a new template; an unchanged one is copied instead of loaded again.
 */
function fingerprint(users) {
  const hash = createHash('sha256').update(String(users));
  const migrations = new URL('../../dist/database/migrations/', import.meta.url);
  for (const file of readdirSync(migrations)
    .filter((f) => f.endsWith('.js'))
    .sort())
    hash.update(readFileSync(new URL(file, migrations)));
  for (const file of ['database.js', 'identity.js']) hash.update(readFileSync(new URL(`./${file}`, import.meta.url)));
  return hash.digest('hex').slice(0, 10);
}

async function adminQuery(serverUrl, sql, params) {
  const client = await connect(serverUrl);
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const withDatabase = (serverUrl, name) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).href;

/** A Sesame on a fresh database, its provider registered and `users` people seeded. */
async function loadInto(name, databaseUrl, { users, issuer, server, profileDir, groupSizeGroups }) {
  const sesame = await startSesameProcess(name, { databaseUrl, profileDir });
  const providerId = await registerProvider(sesame, issuer);
  const url = databaseUrl ?? sesame.databaseUrl;
  await seedDirectory(server ? [url, url] : [url], { users, providerId, server });
  if (groupSizeGroups) await seedGroupSizeGroups(url);
  return { sesame, providerId, url };
}

/**
 * The large directory on the server comes from a template database, loaded once per schema
 * and seed version (`fresh` forces a reload), then copied file by file for each run.
 */
async function bigOnServer(server, { users, issuer, profileDir, fresh, log }) {
  const template = `${TEMPLATE_PREFIX}${users}_${fingerprint(users)}`;
  const existing = (await adminQuery(server.url, `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEMPLATE_PREFIX}%`])).map(
    (row) => row.datname,
  );
  // Outdated templates of this size go (and unfinished loads); those of other sizes (--quick) stay.
  const outdated = existing.filter(
    (name) => name !== template && (name.startsWith(`${TEMPLATE_PREFIX}${users}_`) || !/^sesame_bench_tpl_\d+_[0-9a-f]+$/.test(name)),
  );
  for (const name of outdated) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  let loadedSeconds = null;
  if (fresh || !existing.includes(template)) {
    if (existing.includes(template)) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    log(
      `Loading ${users.toLocaleString('en')} users, sessions and ${(users * 10).toLocaleString('en')} memberships into ${template} (set-based SQL)…`,
    );
    const started = Date.now();
    const loading = await freshDatabase(server.url, `${template}_loading`);
    const { sesame } = await loadInto('sesame-template', loading, { users, issuer, server: true });
    await sesame.stop();
    await adminQuery(server.url, `ALTER DATABASE ${template}_loading RENAME TO ${template}`);
    loadedSeconds = (Date.now() - started) / 1000;
    log(`  loaded in ${loadedSeconds.toFixed(0)} s`);
  }
  const started = Date.now();
  await adminQuery(server.url, `DROP DATABASE IF EXISTS ${BIG} WITH (FORCE)`);
  const strategy = Number.parseInt(server.version, 10) >= 15 ? ' STRATEGY FILE_COPY' : '';
  await adminQuery(server.url, `CREATE DATABASE ${BIG} TEMPLATE ${template}${strategy}`);
  const copySeconds = (Date.now() - started) / 1000;
  log(`  ${BIG}: copied from ${template} in ${copySeconds.toFixed(0)} s`);
  const url = withDatabase(server.url, BIG);
  // The copy names the mock provider of the run that loaded it; point it at this run's.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(`UPDATE providers SET issuer = $1, updated_at = now() WHERE slug = 'bench' RETURNING id`, [issuer]);
  await client.end();
  const sesame = await startSesameProcess('sesame-big', { databaseUrl: url, profileDir });
  return { sesame, providerId: rows[0].id, url, template, loadedSeconds, copySeconds };
}

/** Starts both Sesames with their data; returns { big, small, db, providers, data }. */
export async function prepareDatasets({ server, bigUsers, smallUsers, issuer, profileDir, fresh, log }) {
  const smallUrl = server ? await freshDatabase(server.url, SMALL) : undefined;
  const started = Date.now();
  const [big, small] = await Promise.all([
    server
      ? bigOnServer(server, { users: bigUsers, issuer, profileDir, fresh, log })
      : loadInto('sesame-big', undefined, { users: bigUsers, issuer, server: false, profileDir }),
    loadInto('sesame-small', smallUrl, { users: smallUsers, issuer, server: Boolean(server), profileDir, groupSizeGroups: true }),
  ]);
  const db = { big: await connect(big.url), small: await connect(small.url) };
  return {
    big: big.sesame,
    small: small.sesame,
    db,
    bigUrl: big.url,
    providers: { big: big.providerId, small: small.providerId },
    data: {
      database: server
        ? `PostgreSQL ${server.version} server (${server.url.replace(/\/[^/]*$/, '')}), databases ${BIG} and ${SMALL}`
        : 'embedded (PGlite)',
      bigUsers,
      smallUsers,
      template: big.template ?? null,
      loadedSeconds: big.loadedSeconds ?? null,
      copySeconds: big.copySeconds ?? null,
      setupSeconds: (Date.now() - started) / 1000,
    },
  };
}

/** Drops the working databases (the template stays for the next run). */
export async function dropDatabases(server) {
  if (!server) return;
  for (const name of [BIG, SMALL]) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

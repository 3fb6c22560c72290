import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database.js';

describe('the embedded database under concurrent connections', () => {
  let db: EmbeddedDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await startEmbeddedDatabase({ maxConnections: 9 });
    pool = new pg.Pool({ connectionString: db.url, max: 8 });
    pool.on('error', () => undefined); // an idle client's error surfaces in the query that meets it
    await pool.query(`CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)`);
    await pool.query(`INSERT INTO counters VALUES (1, 0)`);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await db?.stop();
  });

  // Without the session queue this mix fails with 'portal "" does not exist' or hangs.
  it('keeps queries and transactions of concurrent connections apart', async () => {
    const work = Array.from({ length: 150 }, async (_, i) => {
      if (i % 3 === 0) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<{ n: number }>(`SELECT n FROM counters WHERE id = $1`, [1]);
          await client.query(`UPDATE counters SET n = $1 WHERE id = $2`, [rows[0]!.n + 1, 1]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        return 'tx';
      }
      const { rows } = await pool.query<{ echo: string }>(
        `SELECT $1::text AS echo, (SELECT count(*) FROM generate_series(1, $2::int)) AS n`,
        [`q${i}`, 1000 + i],
      );
      return rows[0]!.echo;
    });
    const answers = await Promise.all(work);
    expect(answers).toEqual(Array.from({ length: 150 }, (_, i) => (i % 3 === 0 ? 'tx' : `q${i}`)));
    expect((await pool.query(`SELECT n FROM counters WHERE id = 1`)).rows[0]).toEqual({ n: 50 });
  }, 20_000);

  it('gives the session back when a connection leaves in the middle of a transaction', async () => {
    const quitter = new pg.Client({ connectionString: db.url });
    await quitter.connect();
    await quitter.query('BEGIN');
    await quitter.query(`UPDATE counters SET n = -1 WHERE id = $1`, [1]);
    await quitter.end();
    const { rows } = await pool.query(`SELECT n FROM counters WHERE id = $1`, [1]);
    expect(rows[0]).toEqual({ n: 50 });
  });

  it('answers an error to its own connection and carries on', async () => {
    const results = await Promise.allSettled([
      pool.query(`SELECT 1 / $1::int AS x`, [0]),
      ...Array.from({ length: 10 }, (_, i) => pool.query(`SELECT $1::int AS x`, [i])),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: '22012' } });
    expect(results.slice(1).map((r) => (r.status === 'fulfilled' ? r.value.rows[0].x : r.reason))).toEqual(
      Array.from({ length: 10 }, (_, i) => i),
    );
  });
});

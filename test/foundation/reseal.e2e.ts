import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../src/common/secret-box.js';
import { resealColumn, type SealedColumn } from '../../src/database/sealed-column.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const A = 'key-A-0123456789abcdef0123456789abcdef';
const B = 'key-B-0123456789abcdef0123456789abcdef';
const C = 'key-C-0123456789abcdef0123456789abcdef';
const COLUMN: SealedColumn = { table: 'sealed_things', column: 'sealed', purpose: (id) => `thing:${id}` };

/** The background re-seal on a real database: every value once, whoever else is re-sealing. */
describe('resealColumn', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(12);
    dataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 4 } }).initialize();
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.stop();
  });

  /** `counts` rows per key: value i sealed with that key, for purpose thing:<id>. */
  async function fill(counts: Record<string, number>): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS sealed_things`);
    await db.query(`CREATE TABLE sealed_things (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), plain text NOT NULL, sealed text)`);
    for (const [key, count] of Object.entries(counts)) {
      const ids = await db.query<{ id: string; plain: string }>(
        `INSERT INTO sealed_things (plain) SELECT $1 || n FROM generate_series(1, $2::int) n RETURNING id, plain`,
        [`${key.slice(4, 5)}-`, count],
      );
      const box = new SecretBox(key);
      await db.query(
        `UPDATE sealed_things t SET sealed = v.sealed FROM unnest($1::uuid[], $2::text[]) AS v(id, sealed) WHERE t.id = v.id`,
        [ids.map((r) => r.id), ids.map((r) => box.seal(r.plain, COLUMN.purpose(r.id)))],
      );
    }
    await db.query(`INSERT INTO sealed_things (plain, sealed) VALUES ('none', NULL)`);
  }

  const rows = () => db.query<{ id: string; plain: string; sealed: string | null }>(`SELECT id::text, plain, sealed FROM sealed_things`);

  it('re-seals every value of a previous key exactly once while two instances do it at the same time', async () => {
    await fill({ [A]: 450, [B]: 50 });
    const ring = new SecretBox(B, [A]);
    const outcomes = await Promise.all([
      resealColumn(dataSource, ring, COLUMN, { batchSize: 40 }),
      resealColumn(dataSource, new SecretBox(B, [A]), COLUMN, { batchSize: 70 }),
    ]);
    expect(outcomes[0].resealed + outcomes[1].resealed).toBe(450);
    expect(outcomes.map((o) => o.unreadable)).toEqual([0, 0]);
    const onlyB = new SecretBox(B);
    const after = await rows();
    expect(after.filter((r) => r.sealed === null)).toHaveLength(1);
    for (const row of after.filter((r) => r.sealed !== null)) {
      expect(row.sealed!.startsWith(onlyB.currentPrefix)).toBe(true);
      expect(onlyB.open(row.sealed!, COLUMN.purpose(row.id))).toBe(row.plain);
    }
    expect(await resealColumn(dataSource, ring, COLUMN)).toEqual({ resealed: 0, unreadable: 0 });
  }, 60_000);

  it('leaves a value no key opens as it is, and counts it', async () => {
    await fill({ [A]: 3, [C]: 2 });
    const before = new Map((await rows()).map((r) => [r.id, r.sealed]));
    expect(await resealColumn(dataSource, new SecretBox(B, [A]), COLUMN)).toEqual({ resealed: 3, unreadable: 2 });
    const lost = (await rows()).filter((r) => r.plain.startsWith('C-'));
    expect(lost.map((r) => r.sealed)).toEqual(lost.map((r) => before.get(r.id)));
  }, 60_000);

  it('does not overwrite a value written while it re-seals', async () => {
    await fill({ [A]: 5 });
    const ring = new SecretBox(B, [A]);
    const [target] = await rows();
    const rewritten = ring.seal('rewritten', COLUMN.purpose(target!.id));
    // An admin's write holds the row while the re-seal reads the old value and then waits for it.
    await db.query('BEGIN');
    await db.query(`UPDATE sealed_things SET sealed = $1 WHERE id = $2`, [rewritten, target!.id]);
    const resealing = resealColumn(dataSource, ring, COLUMN);
    await new Promise((r) => setTimeout(r, 1_000));
    await db.query('COMMIT');
    expect((await resealing).resealed).toBe(4);
    const [row] = await db.query<{ sealed: string }>(`SELECT sealed FROM sealed_things WHERE id = $1`, [target!.id]);
    expect(row!.sealed).toBe(rewritten);
  }, 60_000);

  it('stops between batches when asked', async () => {
    await fill({ [A]: 30 });
    let batches = 0;
    const outcome = await resealColumn(dataSource, new SecretBox(B, [A]), COLUMN, { batchSize: 10, stopped: () => batches++ >= 1 });
    expect(outcome.resealed).toBe(10);
  }, 60_000);
});

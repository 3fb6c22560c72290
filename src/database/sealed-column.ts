import type { DataSource } from 'typeorm';
import type { SecretBox } from '../common/secret-box.js';

/** A column of sealed values in a table keyed by a uuid `id`; named by its owner's code, never by input. */
export interface SealedColumn {
  readonly table: string;
  readonly column: string;
  readonly purpose: (id: string) => string;
}

export interface ResealOutcome {
  readonly resealed: number;
  /** Values no key of the ring opens: left as they are. */
  readonly unreadable: number;
}

export interface SampleOutcome {
  readonly sampled: number;
  readonly opened: number;
}

const BEFORE_EVERY_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Re-seals under the current key every value of the column sealed otherwise, a batch at a
 * time. Each batch is one UPDATE (one transaction) that changes only rows still holding the
 * value read, so a concurrent write or another instance doing the same never loses a value:
 * the later writer finds nothing to change. Safe to repeat; stops early when `stopped()`.
 */
export async function resealColumn(
  db: DataSource,
  box: SecretBox,
  target: SealedColumn,
  options: { batchSize?: number; stopped?: () => boolean } = {},
): Promise<ResealOutcome> {
  const { table, column } = target;
  const prefix = box.currentPrefix;
  let after = BEFORE_EVERY_UUID;
  let resealed = 0;
  let unreadable = 0;
  while (!options.stopped?.()) {
    const rows: { id: string; sealed: string }[] = await db.query(
      `SELECT id::text AS id, ${column} AS sealed FROM ${table}
        WHERE id > $1::uuid AND ${column} IS NOT NULL AND left(${column}, $2) <> $3
        ORDER BY id LIMIT $4`,
      [after, prefix.length, prefix, options.batchSize ?? 200],
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const batch = { ids: [] as string[], sealed: [] as string[], resealed: [] as string[] };
    for (const row of rows) {
      try {
        const value = box.reseal(row.sealed, target.purpose(row.id));
        if (value === null) continue;
        batch.ids.push(row.id);
        batch.sealed.push(row.sealed);
        batch.resealed.push(value);
      } catch {
        unreadable++;
      }
    }
    if (batch.ids.length === 0) continue;
    // A bare aggregate SELECT always returns exactly one row.
    const [{ changed }] = await db.query<[{ changed: number }]>(
      `WITH changed AS (
         UPDATE ${table} t SET ${column} = v.resealed
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, sealed, resealed)
          WHERE t.id = v.id AND t.${column} = v.sealed
         RETURNING 1)
       SELECT count(*)::int AS changed FROM changed`,
      [batch.ids, batch.sealed, batch.resealed],
    );
    resealed += changed;
  }
  return { resealed, unreadable };
}

/** Tries to open a few stored values: whether this key ring is the one the database was sealed with. */
export async function sampleColumn(db: DataSource, box: SecretBox, target: SealedColumn, size = 5): Promise<SampleOutcome> {
  const rows: { id: string; sealed: string }[] = await db.query(
    `SELECT id::text AS id, ${target.column} AS sealed FROM ${target.table} WHERE ${target.column} IS NOT NULL LIMIT $1`,
    [size],
  );
  let opened = 0;
  for (const row of rows) {
    try {
      box.open(row.sealed, target.purpose(row.id));
      opened++;
    } catch {
      // counted as not opened
    }
  }
  return { sampled: rows.length, opened };
}

/** What an owner of sealed values offers the secret key check and the background re-seal. */
export interface SealedValues {
  /** For log lines: "provider client secrets". */
  readonly name: string;
  reseal(options?: { stopped?: () => boolean }): Promise<ResealOutcome>;
  sample(): Promise<SampleOutcome>;
}

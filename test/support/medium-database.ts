import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../src/database/database.module.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface MediumDatabase {
  /** A TypeORM data source on a database of its own, with every migration applied. */
  readonly dataSource: DataSource;
  readonly db: TestDatabase;
  close(): Promise<void>;
}

const UNTIMED = { connectMs: 10_000, statementMs: 0, queryMs: 0 };

/** The middle tier's database: real PostgreSQL or PGlite, the real migrations, no Nest and no HTTP. */
export async function openMediumDatabase(): Promise<MediumDatabase> {
  const db = await createTestDatabase(4);
  const dataSource = await new DataSource(dataSourceOptions(db.url, 4, UNTIMED)).initialize();
  await runMigrations(dataSource);
  return {
    dataSource,
    db,
    async close() {
      await dataSource.destroy();
      await db.stop();
    },
  };
}

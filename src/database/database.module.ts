import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { pgTimeoutOptions, type DatabaseTimeouts } from '../common/database-timeouts.js';
import type { AppConfig } from '../config/index.js';
import { migrations } from './migrations/index.js';

/** Any fixed number: all instances take the same advisory lock while migrating. */
const MIGRATION_LOCK = 0x5e5a_3e00;

export function dataSourceOptions(databaseUrl: string, poolSize: number, timeouts: DatabaseTimeouts): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    migrations,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    // Timeouts bound every wait on the database: a frozen one answers 503 in seconds, never hangs a request.
    extra: { max: poolSize, ...pgTimeoutOptions(timeouts) },
  };
}

/** Runs pending migrations; several instances starting at once take turns. */
export async function runMigrations(db: DataSource): Promise<void> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          // start-up already waited for the database: fail at once rather than retry with stack traces
          useFactory: () => ({
            ...dataSourceOptions(config.databaseUrl, config.databasePoolSize, config.databaseTimeouts),
            autoLoadEntities: true,
            retryAttempts: 0,
          }),
          dataSourceFactory: async (options) => {
            // A migration may rightly run longer than any request should (an index over many rows).
            // Two connections: one holds the advisory lock while the other migrates.
            const untimed = { ...config.databaseTimeouts, statementMs: 0, queryMs: 0 };
            const migrator = await new DataSource({ ...dataSourceOptions(config.databaseUrl, 2, untimed) }).initialize();
            try {
              await runMigrations(migrator);
            } finally {
              await migrator.destroy();
            }
            return new DataSource(options!).initialize();
          },
        }),
      ],
    };
  }
}

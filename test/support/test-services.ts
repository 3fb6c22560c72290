import { Writable } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, parseConfig } from '../../src/config/index.js';
import { Module, type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import type { Logger } from 'pino';
import { CoreModule } from '../../src/core.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { PoliciesModule } from '../../src/policies.module.js';
import { AuditModule } from '../../src/modules/audit/index.js';
import { MetricsModule } from '../../src/modules/metrics/index.js';
import { SettingsModule } from '../../src/modules/settings/index.js';
import type { ChangeBus } from '../../src/common/change-bus.js';
import { Clock } from '../../src/common/clock.js';
import { createLogger } from '../../src/common/logger.js';
import { createChangeBus } from '../../src/common/postgres-change-bus.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_SECRET_KEY } from './test-sesame.js';

/**
 * The middle tier: Sesame's services and repositories, wired by Nest as in production, on a
 * database of this test file's own with the real migrations, and no HTTP server. A test calls
 * a service and reads the rows it wrote.
 */
export interface TestServices {
  readonly db: TestDatabase;
  readonly clock: Clock;
  readonly dataSource: DataSource;
  /** Every log line written so far, as parsed JSON. */
  readonly logs: Record<string, unknown>[];
  get<T>(type: Type<T>): T;
  /** Shuts the Nest application down (its shutdown hooks run) and keeps the database, to read what the shutdown wrote. */
  closeApplication(): Promise<void>;
  close(): Promise<void>;
}

/** What every module may rely on being there: core, database, and the global modules (settings, metrics, audit, policies). */
@Module({})
class ServicesModule {
  static forRoot(modules: readonly Type[], config: AppConfig, logger: Logger, changes: ChangeBus, clock: Clock): DynamicModule {
    return {
      module: ServicesModule,
      imports: [
        CoreModule.forRoot(config, logger, changes, clock),
        DatabaseModule.forRoot(config),
        SettingsModule,
        MetricsModule,
        AuditModule,
        PoliciesModule,
        ...modules,
      ],
    };
  }
}

/** `modules`: the Nest modules under test (beyond the global ones), as the application imports them. */
export async function startTestServices(modules: readonly Type[] = [], env: Record<string, string> = {}): Promise<TestServices> {
  const db = await createTestDatabase();
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const parsed = parseConfig({
    DATABASE_URL: db.url,
    SESAME_SECRET_KEY: TEST_SECRET_KEY,
    SESAME_ALLOW_INSECURE_PROVIDERS: 'true',
    SESAME_DEMO: 'false',
    LOG_LEVEL: 'debug',
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const config = new AppConfig({
    ...parsed.config,
    databaseUrl: db.url,
    secretKey: TEST_SECRET_KEY,
    embeddedDatabase: db.kind === 'embedded',
    databasePoolSize: 4,
  });
  const clock = new Clock();
  const changes = await createChangeBus(db.url, logger, config.databaseTimeouts);
  let context: INestApplicationContext | undefined;
  try {
    context = await NestFactory.createApplicationContext(ServicesModule.forRoot(modules, config, logger, changes, clock), {
      logger: false,
    });
    await changes.start();
  } catch (error) {
    await context?.close().catch(() => undefined);
    await changes.stop().catch(() => undefined);
    await db.stop();
    throw error;
  }
  const app = context;
  let closed: Promise<void> | undefined;
  const closeApplication = () =>
    (closed ??= (async () => {
      await app.close();
      await changes.stop();
    })());
  return {
    db,
    clock,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    get logs() {
      return lines.flatMap((line) => line.split('\n').filter(Boolean)).map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    get: (type) => app.get(type),
    closeApplication,
    async close() {
      await closeApplication();
      await db.stop();
    },
  };
}

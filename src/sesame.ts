import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import pg from 'pg';
import { AppConfig, type Config } from './config/index.js';
import { AppModule } from './app.module.js';
import { PinoNestLogger } from './common/logger.js';
import { Clock } from './common/clock.js';
import { FastLane } from './common/fast-lane.js';
import { createChangeBus } from './common/postgres-change-bus.js';
import { pgTimeoutOptions, type DatabaseTimeouts } from './common/database-timeouts.js';
import { embeddedDataPath, loadOrCreateSecretKey, startEmbeddedDatabase, type EmbeddedDatabase } from './database/embedded-database.js';
import { fastifyOptions, setupHttp, type RegisteredRoute } from './http-setup.js';
import { ApiTokenService } from './modules/api-token/index.js';
import { MetricsService } from './modules/metrics/index.js';

/** A running Sesame: the Nest app and everything started for it. */
export interface Sesame {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly clock: Clock;
  /** Where it listens (http://127.0.0.1:port), once `listen` was asked for. */
  readonly url: string;
  /** Every route registered, for tests that must cover them all. */
  readonly routes: readonly RegisteredRoute[];
  close(): Promise<void>;
}

export interface StartOptions {
  readonly logger: Logger;
  /** Tests pass their own to move time forward. */
  readonly clock?: Clock;
  /** Listen on the configured port (0 = any free port). Default true. */
  readonly listen?: boolean;
}

const SERVER_POOL_SIZE = 10;
const EMBEDDED_POOL_SIZE = 4;

/** Starts Sesame: database (embedded or server), migrations, the HTTP app, the first admin token. */
export async function startSesame(parsed: Config, options: StartOptions): Promise<Sesame> {
  const { logger } = options;
  const clock = options.clock ?? new Clock();
  const cleanups: (() => Promise<void>)[] = [];
  try {
    let databaseUrl = parsed.databaseUrl;
    let secretKey = parsed.secretKey;
    let embedded: EmbeddedDatabase | undefined;
    if (!databaseUrl) {
      secretKey ??= await resolveEmbeddedSecretKey(parsed.dataDir, logger);
      embedded = await startEmbeddedDatabase({ dataDir: embeddedDataPath(parsed.dataDir), maxConnections: EMBEDDED_POOL_SIZE + 1 });
      cleanups.push(() => embedded!.stop());
      databaseUrl = embedded.url;
      logger.info({ dataDir: parsed.dataDir }, 'using the embedded database (set DATABASE_URL to use a PostgreSQL server)');
    }
    const config = new AppConfig({
      ...parsed,
      databaseUrl,
      secretKey: secretKey!,
      embeddedDatabase: embedded !== undefined,
      databasePoolSize: embedded ? EMBEDDED_POOL_SIZE : SERVER_POOL_SIZE,
    });
    await waitForDatabase(databaseUrl, logger, config.databaseTimeouts);

    const changes = await createChangeBus(databaseUrl, logger, config.databaseTimeouts);
    cleanups.unshift(() => changes.stop());

    const lane = new FastLane(logger);
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, logger, changes, clock),
      new FastifyAdapter(fastifyOptions(config, logger, lane)),
      { logger: new PinoNestLogger(logger), bufferLogs: false, abortOnError: false },
    );
    cleanups.unshift(() => app.close());
    const routes = await setupHttp(app, config, logger, lane);
    app.get(MetricsService).registerHttpMetrics(app.getHttpAdapter().getInstance());
    await app.init();
    // After init: the migrations (which create the change counter) have run.
    await changes.start();
    await app.get(ApiTokenService).ensureBootstrapToken(config.adminToken, logger);

    let url = '';
    if (options.listen ?? true) {
      await app.listen({ port: config.port, host: config.host });
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://127.0.0.1:${port}`;
      logger.info({ url: config.publicUrl, port }, `Sesame is listening on ${config.publicUrl}`);
    }
    return {
      app,
      config,
      clock,
      url,
      routes: [...routes, ...lane.routes()],
      async close() {
        for (const cleanup of cleanups) await cleanup().catch((error) => logger.warn({ err: error }, 'error while stopping'));
      },
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw error;
  }
}

/** Fails with the database's own reason after a few tries, so a typo is reported, not retried forever. */
async function waitForDatabase(url: string, logger: Logger, timeouts: DatabaseTimeouts, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url, ...pgTimeoutOptions(timeouts) });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      const permanent = code === '28P01' || code === '3D000' || code === '28000' || code === 'ENOTFOUND';
      if (permanent || attempt >= attempts) throw error;
      logger.warn({ attempt, reason: (error as Error).message }, 'the database is not reachable yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function resolveEmbeddedSecretKey(dataDir: string, logger: Logger): Promise<string> {
  const { key, created } = await loadOrCreateSecretKey(dataDir);
  if (created)
    logger.warn({ dataDir }, 'generated SESAME_SECRET_KEY into the data folder (secret.key, mode 0600); back it up with the data');
  return key;
}

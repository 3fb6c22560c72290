import 'reflect-metadata';
import { ConfigurationError, loadEnvFile, parseConfig } from './config/index.js';
import { createLogger } from './common/logger.js';
import { startSesame } from './sesame.js';

const envFile = loadEnvFile(process.cwd());
const parsed = envFile.ok ? parseConfig(process.env) : { ok: false as const, errors: [envFile.error] };
if (!parsed.ok) {
  // One line per problem, no stack trace: these are configuration mistakes, not bugs.
  for (const error of parsed.errors) process.stderr.write(`sesame: configuration error: ${error}\n`);
  process.exit(2);
}
const logger = createLogger(parsed.config.logLevel);
if (envFile.ok && envFile.path) logger.info({ file: envFile.path }, 'environment read from file; variables already set were kept');

try {
  const sesame = await startSesame(parsed.config, { logger });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await sesame.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`sesame: configuration error: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`sesame: could not start: ${describeStartError(error)}\n`);
  process.exit(1);
}

/** Start-up failures are usually the environment (database down, port taken): say which. */
function describeStartError(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.code === 'EADDRINUSE') return `port ${e.port} is already in use (PORT)`;
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') {
    return `the database is not reachable (DATABASE_URL): ${e.message}`;
  }
  if (e?.code === '28P01' || e?.code === '3D000' || e?.code === '28000')
    return `the database refused the connection (DATABASE_URL): ${e.message}`;
  return e?.message ?? String(error);
}

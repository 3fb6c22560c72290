import { randomUUID } from 'node:crypto';
import { LogController } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import { ErrorFilter } from './common/error.filter.js';
import { ErrorPageRenderer } from './common/error-page.js';
import { createValidationPipe } from './common/validation.js';
import { registerBodyParsers } from './common/body-parsers.js';
import { registerAdminConsole } from './admin-console.js';
import { buildOpenApiDocument, OPENAPI_PATH } from './common/openapi.js';
import type { FastLane } from './common/fast-lane.js';

/** Large enough for a configuration import, small enough that nobody can exhaust memory. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Options for the Fastify instance under Nest. */
export function fastifyOptions(config: AppConfig, logger: Logger, lane: FastLane) {
  return {
    // The forward-auth check is answered by the lane, before any of the application's hooks.
    serverFactory: lane.serverFactory,
    loggerInstance: logger,
    // Sesame logs one line per request itself (onResponse below), quieter on the hot path.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
  };
}

/** Plugins, pipes, filters and Swagger, in the order Fastify needs them (before listen). */
export async function setupHttp(
  app: NestFastifyApplication,
  config: AppConfig,
  logger: Logger,
  lane: FastLane,
): Promise<RegisteredRoute[]> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorate('fastLane', lane);
  // As Fastify's return503OnClosing: the lane refuses new checks once shutdown begins.
  fastify.addHook('preClose', async () => lane.close());
  const routes: RegisteredRoute[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  registerBodyParsers(app, BODY_LIMIT_BYTES);
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        // Over plain http on a non-loopback host this directive would blank every page.
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies ? undefined : false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const quiet = request.url.startsWith('/auth/check') || request.url.startsWith('/health');
    // A 503 is the database being unavailable: warned once when it starts, not once per request.
    const level = reply.statusCode >= 500 && reply.statusCode !== 503 ? 'error' : quiet ? 'debug' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    logger[level](
      {
        reqId: request.id,
        method: request.method,
        url: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ip: request.ip,
      },
      'request',
    );
  });

  await registerAdminConsole(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter(logger, () => app.get(ErrorPageRenderer)));

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  fastify.get(OPENAPI_PATH, async (_request, reply) => reply.header('cache-control', 'no-cache').send(document));
  return routes;
}

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

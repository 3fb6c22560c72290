import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/** What Fastify hands a `serverFactory`: its own request handler and its resolved options. */
interface ServerOptions {
  readonly keepAliveTimeout?: number;
  readonly requestTimeout?: number;
  readonly connectionTimeout?: number;
}

/**
 * A second, bare Fastify instance that answers a few exact paths before the application does.
 * The application's instance runs, for every request, Nest's middleware engine, helmet, the
 * cookie parser, the request-id and request-log hooks, HTTP metrics and a redacting child logger.
 * The forward-auth check, which every request of every protected application waits on, needs
 * none of them: here it has no plugins, no hooks and no logger — a route logs its own errors.
 */
export class FastLane {
  readonly app: FastifyInstance;
  private readonly paths = new Set<string>();
  private starting: Promise<unknown> | undefined;
  private ready = false;

  constructor(private readonly logger: Logger) {
    this.app = Fastify({ logger: false, genReqId: () => randomUUID(), return503OnClosing: true });
    this.app.setErrorHandler(async (error, request, reply) => {
      this.logger.error({ err: error, reqId: request.id, url: request.url.split('?')[0] }, 'request failed');
      await reply.status(500).send({ statusCode: 500, code: 'INTERNAL', message: 'Internal error', requestId: request.id });
    });
  }

  /** Answers `path` (with any query string) here; register its routes on `app` before the server listens. */
  claim(path: string): FastifyInstance {
    this.paths.add(path);
    return this.app;
  }

  /** For Fastify's `serverFactory` option: the HTTP server, which sends claimed paths to this lane. */
  readonly serverFactory = (handler: RequestListener, options: ServerOptions): Server => {
    const server = createServer((request, response) =>
      this.claims(request.url) ? this.serve(request, response) : handler(request, response),
    );
    // What Fastify sets on the server it would have made itself.
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
    return server;
  };

  async close(): Promise<void> {
    if (this.starting) await this.app.close();
  }

  private claims(url: string | undefined): boolean {
    if (url === undefined || this.paths.size === 0) return false;
    const query = url.indexOf('?');
    return this.paths.has(query === -1 ? url : url.slice(0, query));
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    if (this.ready) return this.app.routing(request, response);
    // Fastify answers only once booted: the first request boots the lane (its routes are all registered by then).
    const starting = (this.starting ??= Promise.resolve(this.app.ready()).then(() => (this.ready = true)));
    starting.then(
      () => this.app.routing(request, response),
      (error: unknown) => {
        this.logger.error({ err: error }, 'the fast lane did not start');
        response.writeHead(500).end();
      },
    );
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Paths answered before the application's plugins and hooks (see FastLane). */
    fastLane?: FastLane;
  }
}

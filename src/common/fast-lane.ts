import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** What Fastify hands a `serverFactory`: its own request handler and its resolved options. */
interface ServerOptions {
  readonly keepAliveTimeout?: number;
  readonly requestTimeout?: number;
  readonly connectionTimeout?: number;
}

/** Answers one claimed path: `search` is the query string without its `?` ('' when there is none). */
export type LaneHandler = (request: IncomingMessage, response: ServerResponse, search: string) => void | Promise<void>;

/** The methods a lane route answers: HEAD as GET without the body, as Fastify does. */
const METHODS = ['GET', 'HEAD'] as const;

/**
 * A few exact paths answered straight from node:http, before the application's Fastify instance
 * sees the request. That instance runs, for every request, Nest's middleware engine, helmet, the
 * cookie parser, the request-id and request-log hooks, HTTP metrics and a redacting child logger,
 * then Fastify's routing and reply. The forward-auth check, which every request of every protected
 * application waits on, needs none of them: here it gets the request and the response and nothing
 * else. A handler answers every outcome itself; what escapes it is logged and answered 500.
 */
export class FastLane {
  private readonly handlers = new Map<string, LaneHandler>();
  private closing = false;

  constructor(private readonly logger: Logger) {}

  /** Answers GET and HEAD `path` (with any query string) here; claim paths before the server listens. */
  claim(path: string, handler: LaneHandler): void {
    this.handlers.set(path, handler);
  }

  /** The routes the lane answers, for the list of the application's routes. */
  routes(): { method: string; url: string }[] {
    return [...this.handlers.keys()].flatMap((url) => METHODS.map((method) => ({ method, url })));
  }

  /** For Fastify's `serverFactory` option: the HTTP server, which sends claimed paths to this lane. */
  readonly serverFactory = (handler: RequestListener, options: ServerOptions): Server => {
    const server = createServer((request, response) => this.serve(request, response) || handler(request, response));
    // What Fastify sets on the server it would have made itself.
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
    return server;
  };

  /** From now on the lane answers 503 and closes the connection, as Fastify's return503OnClosing does. */
  close(): void {
    this.closing = true;
  }

  /** true when the request was the lane's (answered or being answered). */
  private serve(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url;
    if (url === undefined || this.handlers.size === 0) return false;
    const query = url.indexOf('?');
    const handler = this.handlers.get(query === -1 ? url : url.slice(0, query));
    if (handler === undefined) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 }).end();
    } else if (this.closing) {
      response.writeHead(503, { connection: 'close', 'content-length': 0 }).end();
    } else {
      try {
        const answered = handler(request, response, query === -1 ? '' : url.slice(query + 1));
        if (answered) answered.catch((error: unknown) => this.failed(response, error, url));
      } catch (error) {
        this.failed(response, error, url);
      }
    }
    return true;
  }

  private failed(response: ServerResponse, error: unknown, url: string): void {
    const requestId = randomUUID();
    this.logger.error({ err: error, reqId: requestId, url: url.split('?')[0] }, 'request failed');
    if (response.headersSent) return void response.destroy();
    const body = JSON.stringify({ statusCode: 500, code: 'INTERNAL', message: 'Internal error', requestId });
    response.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Paths answered before the application's plugins and hooks (see FastLane). */
    fastLane?: FastLane;
  }
}

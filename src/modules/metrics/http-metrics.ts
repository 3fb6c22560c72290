import type { Registry } from 'prom-client';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { FastHistogram, type FastHistogramChild } from './fast-histogram.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
/** Requests that matched no route: the raw URL would let any client create series at will. */
const UNMATCHED_ROUTE = 'unmatched';

/**
 * Request count and latency by method, route pattern and status class. Every request passes
 * here (forward-auth checks included), so a series is made once per (route, method, status
 * class) and kept: a request then costs two map lookups and one allocation-free observe.
 */
export class HttpMetrics {
  private readonly duration: FastHistogram;
  private readonly series = new Map<string, Map<string, (FastHistogramChild | undefined)[]>>();
  private readonly registered = new WeakSet<FastifyInstance>();

  constructor(registry: Registry) {
    this.duration = new FastHistogram(
      'sesame_http_request_duration_seconds',
      'HTTP request duration by method, route pattern and status class',
      ['method', 'route', 'status_class'],
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registry,
    );
    this.duration.countsAs('sesame_http_requests_total', 'HTTP requests by method, route pattern and status class', registry);
  }

  register(fastify: FastifyInstance): void {
    if (this.registered.has(fastify)) return;
    this.registered.add(fastify);
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      this.observe(request.routeOptions.url, request.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }

  observe(route: string | undefined, method: string, status: number, seconds: number): void {
    const classIndex = Math.min(Math.max(Math.floor(status / 100), 1), 5) - 1;
    this.seriesFor(route ?? UNMATCHED_ROUTE, METHODS.has(method) ? method : 'OTHER', classIndex).observe(seconds);
  }

  private seriesFor(route: string, method: string, classIndex: number): FastHistogramChild {
    let byMethod = this.series.get(route);
    if (!byMethod) this.series.set(route, (byMethod = new Map()));
    let byClass = byMethod.get(method);
    if (!byClass) byMethod.set(method, (byClass = []));
    return (byClass[classIndex] ??= this.duration.child(method, route, STATUS_CLASSES[classIndex]!));
  }
}

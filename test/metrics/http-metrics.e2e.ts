import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MetricsService } from '../../src/modules/metrics/index.js';

function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The HTTP metrics hook on a Fastify instance of its own, as the app registers it on its own server. */
describe('MetricsService.registerHttpMetrics', () => {
  const metrics = new MetricsService();
  const fastify = Fastify();
  beforeAll(async () => {
    metrics.registerHttpMetrics(fastify);
    metrics.registerHttpMetrics(fastify); // a second call must not count every request twice
    fastify.get('/things/:id', async () => ({ ok: true }));
    fastify.post('/things', async (_request, reply) => reply.status(201).send({}));
    fastify.get('/broken', async () => {
      throw new Error('boom');
    });
    await fastify.ready();
  });
  afterAll(() => fastify.close());

  it('counts requests by method, route pattern and status class, never by raw URL', async () => {
    await fastify.inject({ method: 'GET', url: '/things/1' });
    await fastify.inject({ method: 'GET', url: '/things/secret-looking-id?token=abc' });
    await fastify.inject({ method: 'POST', url: '/things' });
    await fastify.inject({ method: 'GET', url: '/broken' });
    await fastify.inject({ method: 'GET', url: '/no/such/path/12345' });

    const text = await metrics.scrape();
    expect(seriesValue(text, 'sesame_http_requests_total{method="GET",route="/things/:id",status_class="2xx"}')).toBe(2);
    expect(seriesValue(text, 'sesame_http_requests_total{method="POST",route="/things",status_class="2xx"}')).toBe(1);
    expect(seriesValue(text, 'sesame_http_requests_total{method="GET",route="/broken",status_class="5xx"}')).toBe(1);
    expect(seriesValue(text, 'sesame_http_requests_total{method="GET",route="unmatched",status_class="4xx"}')).toBe(1);
    expect(seriesValue(text, 'sesame_http_request_duration_seconds_count{method="GET",route="/things/:id",status_class="2xx"}')).toBe(2);
    expect(
      seriesValue(text, 'sesame_http_request_duration_seconds_bucket{method="GET",route="/things/:id",status_class="2xx",le="+Inf"}'),
    ).toBe(2);
    expect(text).not.toContain('secret-looking-id');
    expect(text).not.toContain('12345');
  });

  it('keeps each instance in its own registry', async () => {
    const other = new MetricsService();
    other.backdoorAttempt('success');
    expect(seriesValue(await other.scrape(), 'sesame_backdoor_attempts_total{outcome="success"}')).toBe(1);
    expect(seriesValue(await metrics.scrape(), 'sesame_backdoor_attempts_total{outcome="success"}')).toBe(0);
  });
});

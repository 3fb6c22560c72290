import { describe, expect, it } from '@jest/globals';
import { Histogram, Registry } from 'prom-client';
import { FastHistogram } from './fast-histogram.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];

/** Exposition lines with their labels sorted, so two writers of the same series compare equal. */
function normalise(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (.+)$/.exec(line)!;
      const labels = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
      return `${match[1]}{${labels}} ${Number(match[3])}`;
    })
    .sort();
}

describe('FastHistogram', () => {
  it.each<[string, number[]]>([
    ['no observation', []],
    ['one in each bucket and one above all', [0.0005, 0.005, 0.05, 0.5, 5]],
    ['values on the bucket bounds', [0.001, 0.01, 0.1, 1]],
    ['repeats', [0.002, 0.002, 0.002, 0.3]],
  ])('exposes exactly what a prom-client Histogram exposes for %s', async (_name, observations) => {
    const fastRegistry = new Registry();
    const fast = new FastHistogram('latency_seconds', 'Latency', ['outcome'], BUCKETS, fastRegistry);
    const okFast = fast.child('ok');
    const deniedFast = fast.child('denied');

    const referenceRegistry = new Registry();
    const reference = new Histogram({
      name: 'latency_seconds',
      help: 'Latency',
      labelNames: ['outcome'],
      buckets: BUCKETS,
      registers: [referenceRegistry],
    });
    reference.zero({ outcome: 'ok' });
    reference.zero({ outcome: 'denied' });

    observations.forEach((value, i) => {
      (i % 2 ? deniedFast : okFast).observe(value);
      reference.observe({ outcome: i % 2 ? 'denied' : 'ok' }, value);
    });
    expect(normalise(await fastRegistry.metrics())).toEqual(normalise(await referenceRegistry.metrics()));
  });

  it('ignores values that are not a duration rather than corrupting the sum', async () => {
    const registry = new Registry();
    const histogram = new FastHistogram('h', 'h', ['outcome'], BUCKETS, registry);
    const child = histogram.child('ok');
    child.observe(Number.NaN);
    child.observe(-1);
    child.observe(0.5);
    expect({ count: child.count, sum: child.sum }).toEqual({ count: 1, sum: 0.5 });
  });

  it('exposes the counts as a counter when asked', async () => {
    const registry = new Registry();
    const histogram = new FastHistogram('checks_seconds', 'h', ['outcome'], BUCKETS, registry);
    histogram.countsAs('checks_total', 'Checks', registry);
    const ok = histogram.child('ok');
    histogram.child('denied');
    ok.observe(0.1);
    ok.observe(0.2);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE checks_total counter');
    expect(text).toContain('checks_total{outcome="ok"} 2');
    expect(text).toContain('checks_total{outcome="denied"} 0');
  });
});

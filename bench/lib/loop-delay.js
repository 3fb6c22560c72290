// Event-loop delay of a bench process over one run: how long a ready callback waited because the
// thread was busy or not scheduled. Tells a server's own stalls from time spent waiting on others.
import { monitorEventLoopDelay } from 'node:perf_hooks';

let histogram = null;

export function watchLoop() {
  histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
}

export function loopDelay() {
  histogram.disable();
  const ms = (ns) => ns / 1e6;
  const result = { p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) };
  histogram = null;
  return result;
}

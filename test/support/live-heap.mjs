// Preloaded into a Tessera child process started with --expose-gc (the sustained-load test): on
// SIGUSR2 it collects garbage fully and writes one line with what is left, the live heap, and the
// resident memory, so that a test can tell a leak from garbage not yet collected. Once a second it
// also writes the heap in use (garbage included), the passive sample: the same small cost in every
// run, where scraping /metrics would add the store's token counts to the measured load.
import { performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';
import v8 from 'node:v8';

setInterval(() => {
  process.stderr.write(`heap-sample ${JSON.stringify({ heapUsed: v8.getHeapStatistics().used_heap_size })}\n`);
}, 1000).unref();

process.on('SIGUSR2', () => {
  const started = performance.now();
  globalThis.gc();
  const gcMs = performance.now() - started;
  const usage = process.memoryUsage();
  process.stderr.write(`live-heap ${JSON.stringify({ heapUsed: usage.heapUsed, rss: usage.rss, gcMs })}\n`);
});

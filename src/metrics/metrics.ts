// Prometheus metrics (prom-client), one registry per app: requests by route and status,
// verification outcomes by credential kind and reason, the verdict cache's hits and misses, store
// query latency, tokens by kind and state (counted in the store when scraped), and the process's
// memory and garbage-collection pauses. Labelled children are kept, so a request costs a map lookup
// and an increment, not a label hash.
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
}

export interface CredentialCount {
  readonly kind: string;
  readonly state: 'live' | 'expired' | 'revoked';
  readonly count: number;
}

/** A metric's labelled child, made once per set of label values and kept (no label hashing per use). */
function keptChildren<Child>(make: (...labels: string[]) => Child): (...labels: string[]) => Child {
  const kept = new Map<string, Child>();
  return (...labels) => {
    const key = labels.join('\u0000');
    let child = kept.get(key);
    if (child === undefined) kept.set(key, (child = make(...labels)));
    return child;
  };
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** V8's garbage-collection kinds (perf_hooks `NODE_PERFORMANCE_GC_*` flags) by their number. */
const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

export class Metrics {
  private readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'tessera_http_requests_total', help: 'HTTP requests answered, by method, route and status', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] });
  private readonly durations = new Histogram({ name: 'tessera_http_request_duration_seconds', help: 'Time to answer, by method and route', labelNames: ['method', 'route'] as const, buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly verifications = new Counter({ name: 'tessera_verifications_total', help: 'Credential verifications, by credential kind and outcome (ok or the refusal code)', labelNames: ['kind', 'outcome'] as const, registers: [this.registry] });
  private readonly queries = new Histogram({ name: 'tessera_store_query_duration_seconds', help: 'Store (SQLite or PostgreSQL) query latency', buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly requestCount = keptChildren((method, route, status) => this.requests.labels(method, route, status));
  private readonly requestTime = keptChildren((method, route) => this.durations.labels(method, route));
  private readonly verificationCount = keptChildren((kind, outcome) => this.verifications.labels(kind, outcome));
  private readonly gcPauses: (kind: string) => Histogram.Internal<'kind'>;
  /** The process's memory gauges, each with what it shows of one reading; set by `render`. */
  private readonly memory: [Gauge, (usage: NodeJS.MemoryUsage) => number][];
  /** Watches the process's garbage collections between `start` and `stop` (while the server runs). */
  private gcObserver: PerformanceObserver | undefined;

  /** Sources read when scraped: the verdict cache's counters and the store's token counts. */
  constructor(sources: { cache: () => CacheStats; credentials: () => Promise<readonly CredentialCount[]> }) {
    const registers = [this.registry];
    new Gauge({
      name: 'tessera_verdict_cache_lookups',
      help: 'Verdict cache lookups since start, by result (the hit ratio is hit / (hit + miss))',
      labelNames: ['result'] as const,
      registers,
      collect() {
        const stats = sources.cache();
        this.set({ result: 'hit' }, stats.hits);
        this.set({ result: 'miss' }, stats.misses);
      },
    });
    new Gauge({ name: 'tessera_verdict_cache_entries', help: 'Verdicts held in the cache', registers, collect() { this.set(sources.cache().size); } });
    new Gauge({
      name: 'tessera_credentials',
      help: 'Credentials in the store, by kind and state',
      labelNames: ['kind', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        for (const row of await sources.credentials()) this.set({ kind: row.kind, state: row.state }, row.count);
      },
    });
    // The names prom-client's default metrics give them, so that the usual dashboards read them.
    const memory = (name: string, help: string, read: (usage: NodeJS.MemoryUsage) => number): [Gauge, typeof read] => [new Gauge({ name, help, registers }), read];
    this.memory = [
      memory('process_resident_memory_bytes', 'Resident memory of the process', (usage) => usage.rss),
      memory('nodejs_heap_size_used_bytes', 'V8 heap in use (live objects and garbage not yet collected)', (usage) => usage.heapUsed),
      memory('nodejs_heap_size_total_bytes', 'V8 heap reserved', (usage) => usage.heapTotal),
      memory('nodejs_external_memory_bytes', 'Memory outside the V8 heap held by JavaScript objects (buffers)', (usage) => usage.external),
    ];
    const gc = new Histogram({ name: 'nodejs_gc_duration_seconds', help: 'Garbage-collection pauses, by kind', labelNames: ['kind'] as const, buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers });
    this.gcPauses = keptChildren((kind) => gc.labels(kind));
  }

  start(): void {
    if (this.gcObserver) return;
    this.gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) this.gcPauses(GC_KINDS[entry.detail?.kind ?? 0] ?? 'other').observe(entry.duration / 1000);
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    this.gcObserver?.disconnect();
    this.gcObserver = undefined;
  }

  request(method: string, route: string, status: number, seconds: number): void {
    this.requestCount(method, route, String(status)).inc();
    this.requestTime(method, route).observe(seconds);
  }

  verification(kind: string, outcome: string): void {
    this.verificationCount(kind, outcome).inc();
  }

  query(seconds: number): void {
    this.queries.observe(seconds);
  }

  render(): Promise<string> {
    // One reading for the four memory gauges, so that they describe the same moment.
    const usage = process.memoryUsage();
    for (const [gauge, read] of this.memory) gauge.set(read(usage));
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

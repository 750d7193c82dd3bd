// Prometheus metrics (prom-client), one registry per app: requests by route and status,
// verification outcomes by credential kind and reason, the verdict cache's hits and misses, store
// query latency, and tokens by kind and state (counted in the store when scraped). Labelled
// children are kept, so a request costs a map lookup and an increment, not a label hash.
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

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'tessera_http_requests_total', help: 'HTTP requests answered, by method, route and status', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] });
  private readonly durations = new Histogram({ name: 'tessera_http_request_duration_seconds', help: 'Time to answer, by method and route', labelNames: ['method', 'route'] as const, buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly verifications = new Counter({ name: 'tessera_verifications_total', help: 'Credential verifications, by credential kind and outcome (ok or the refusal code)', labelNames: ['kind', 'outcome'] as const, registers: [this.registry] });
  private readonly queries = new Histogram({ name: 'tessera_store_query_duration_seconds', help: 'Store (SQLite or PostgreSQL) query latency', buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly requestCount = keptChildren((method, route, status) => this.requests.labels(method, route, status));
  private readonly requestTime = keptChildren((method, route) => this.durations.labels(method, route));
  private readonly verificationCount = keptChildren((kind, outcome) => this.verifications.labels(kind, outcome));

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
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

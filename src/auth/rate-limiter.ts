// Fixed-window counters per key (an address, an account, a user). The counts live in a
// CounterStore: in memory for one process (bounded: the oldest keys go first), or in Redis when
// several processes must share them (src/auth/redis-counters.ts).

export interface RateLimit {
  /** Events allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
}

export interface LimitState {
  readonly limited: boolean;
  /** Seconds until the window ends (for Retry-After). */
  readonly retryAfter: number;
  /** Events counted in this window (after this one, for `take`). */
  readonly used: number;
}

export interface CounterStore {
  get(key: string): Promise<number>;
  /** Adds one to the key's count, which lives `ttlMs`; returns the new count (atomically). */
  increment(key: string, ttlMs: number): Promise<number>;
  close(): Promise<void>;
}

export class MemoryCounters implements CounterStore {
  private readonly counts = new Map<string, { count: number; expiresAt: number }>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Promise<number> {
    const entry = this.counts.get(key);
    return Promise.resolve(entry && entry.expiresAt > this.now() ? entry.count : 0);
  }

  increment(key: string, ttlMs: number): Promise<number> {
    const entry = this.counts.get(key);
    if (entry && entry.expiresAt > this.now()) {
      entry.count += 1;
      return Promise.resolve(entry.count);
    } else {
      this.counts.delete(key);
      this.counts.set(key, { count: 1, expiresAt: this.now() + ttlMs });
      if (this.counts.size > this.maxKeys) {
        const oldest = this.counts.keys().next();
        if (!oldest.done) this.counts.delete(oldest.value);
      }
    }
    return Promise.resolve(1);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class RateLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly now: () => number = Date.now,
  ) {}

  private window(key: string, rule: RateLimit): { key: string; endsAt: number } {
    const index = Math.floor(this.now() / rule.windowMs);
    return { key: `${key}:${index}`, endsAt: (index + 1) * rule.windowMs };
  }

  /** Whether `key` has used up its events in this window. */
  async check(key: string, rule: RateLimit): Promise<LimitState> {
    const window = this.window(key, rule);
    const count = await this.store.get(window.key);
    return { limited: count >= rule.limit, retryAfter: Math.max(1, Math.ceil((window.endsAt - this.now()) / 1000)), used: count };
  }

  /** Counts one event for `key`. */
  async hit(key: string, rule: RateLimit): Promise<void> {
    await this.take(key, rule);
  }

  /**
   * Counts one event and says whether it went past the limit, in one atomic step: of many
   * simultaneous events, exactly `limit` get through.
   */
  async take(key: string, rule: RateLimit): Promise<LimitState> {
    const window = this.window(key, rule);
    const count = await this.store.increment(window.key, window.endsAt - this.now() + 1000);
    return { limited: count > rule.limit, retryAfter: Math.max(1, Math.ceil((window.endsAt - this.now()) / 1000)), used: count };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

// Fixed-window counters per key (an address, an account, a user), bounded in memory: the oldest
// windows are dropped first. Several processes share counters through Redis (issue 7, to come);
// this one serves a single process.

export interface RateLimit {
  /** Events allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
}

export interface LimitState {
  readonly limited: boolean;
  /** Seconds until the window ends (for Retry-After). */
  readonly retryAfter: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  private window(key: string, rule: RateLimit): { start: number; count: number } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= rule.windowMs) {
      this.windows.delete(key);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > this.maxKeys) {
        const oldest = this.windows.keys().next();
        if (!oldest.done) this.windows.delete(oldest.value);
      }
    }
    return window;
  }

  /** Whether `key` has used up its events in this window. */
  check(key: string, rule: RateLimit): LimitState {
    const window = this.window(key, rule);
    return { limited: window.count >= rule.limit, retryAfter: Math.max(1, Math.ceil((window.start + rule.windowMs - this.now()) / 1000)) };
  }

  /** Counts one event for `key`. */
  hit(key: string, rule: RateLimit): void {
    this.window(key, rule).count += 1;
  }
}

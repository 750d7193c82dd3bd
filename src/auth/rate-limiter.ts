// Sliding-window limits per key (an address, an account, a user), estimated from two fixed-window
// counters: the events of the current window plus those of the previous one weighted by how much
// of it the sliding window still covers. Unlike fixed windows alone, no count resets at a
// boundary: a burst just before it and another just after cannot both pass. It is an estimate
// (two bursts at the ends of two windows, nearly a window apart, can still come close to twice
// the limit within one window's length), and it errs on the side of waiting: with a small limit,
// Retry-After can reach almost two windows (limit 1: the rest of this window and all of the
// next). The counts live in a CounterStore: in memory for one process (bounded: the oldest keys
// go first), or in Redis when several processes must share them (src/auth/redis-counters.ts).

export interface RateLimit {
  /** Events allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
}

export interface LimitState {
  /** The event went past the limit (`take`), or one more would (`check`). */
  readonly limited: boolean;
  /** Seconds until one more event would be allowed, if no other comes (for Retry-After); at least 1. */
  readonly retryAfter: number;
  /** Whether one more event now would go past the limit. */
  readonly full: boolean;
}

export interface CounterStore {
  get(key: string): Promise<number>;
  /** Adds one to the key's count, which lives `ttlMs`; returns the new count (atomically). */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Takes one back from the key's count (an event refused is not counted); a key gone is left gone. */
  decrement(key: string): Promise<void>;
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

  decrement(key: string): Promise<void> {
    const entry = this.counts.get(key);
    if (entry && entry.count > 0) entry.count -= 1;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A key's two windows: the counts of the previous and the current one, and where in the current one we are. */
interface Windows {
  readonly previous: number;
  readonly current: number;
  /** Milliseconds since the current window began. */
  readonly elapsed: number;
}

export class RateLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The counter keys of the current and previous windows, and where in the current one `at` is. */
  private locate(key: string, rule: RateLimit, at: number): { current: string; previous: string; elapsed: number } {
    const index = Math.floor(at / rule.windowMs);
    return { current: `${key}:${index}`, previous: `${key}:${index - 1}`, elapsed: at - index * rule.windowMs };
  }

  /** Whether one more event for `key` would go past its limit (counts nothing). */
  async check(key: string, rule: RateLimit): Promise<LimitState> {
    const at = this.now();
    const keys = this.locate(key, rule, at);
    const [current, previous] = await Promise.all([this.store.get(keys.current), this.store.get(keys.previous)]);
    const state = slidingState({ previous, current, elapsed: keys.elapsed }, rule);
    return { ...state, limited: state.full };
  }

  /** Counts one event for `key`, unless it goes past the limit (as `take`). */
  async hit(key: string, rule: RateLimit): Promise<void> {
    await this.take(key, rule);
  }

  /**
   * Counts one event and says whether it went past the limit, in one atomic step: of many
   * simultaneous events, those the limit leaves room for get through, and no more. An event past
   * the limit is taken back: only events let through count, so that a client that keeps trying
   * while refused is let through again once its Retry-After has passed.
   */
  async take(key: string, rule: RateLimit): Promise<LimitState> {
    const at = this.now();
    const keys = this.locate(key, rule, at);
    // The current window's count is read again as the previous one through the next window.
    const ttl = 2 * rule.windowMs - keys.elapsed + 1000;
    const [current, previous] = await Promise.all([this.store.increment(keys.current, ttl), this.store.get(keys.previous)]);
    const state = slidingState({ previous, current, elapsed: keys.elapsed }, rule);
    if (!state.limited) return state;
    // A count of 0 is a store that failed open (Redis out of reach): nothing to take back.
    if (current > 0) await this.store.decrement(keys.current);
    // Retry-After as the refused event leaves things: it does not count.
    return { ...slidingState({ previous, current: current - 1, elapsed: keys.elapsed }, rule), limited: true };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * The sliding window's estimate: the current window's events, plus the previous window's weighted
 * by the share of it that the window ending now still covers. Past the limit when over it; full
 * when one more event would be; and how long until one more would fit, if no other event comes.
 * Computed in integers (the estimate times the window's length), so that a count at the limit is
 * not pushed over it by rounding.
 */
export function slidingState(windows: Windows, rule: RateLimit): { limited: boolean; full: boolean; retryAfter: number } {
  const { previous, current, elapsed } = windows;
  const w = rule.windowMs;
  const weighted = current * w + previous * (w - elapsed);
  const room = rule.limit - 1;
  const full = weighted > room * w;
  let retryAfter = 1;
  if (full) {
    // The wait in ms is numerator / denominator: within this window, until the previous window's
    // weight leaves room; otherwise in the next, until this window's weight does.
    const [numerator, denominator] =
      current <= room ? [w * (previous - room + current) - elapsed * previous, previous] : [(2 * w - elapsed) * current - w * room, current];
    retryAfter = Math.max(1, Math.ceil(numerator / (denominator * 1000)));
  }
  return { limited: weighted > rule.limit * w, full, retryAfter };
}

// The abuse limits: failed authentications per client address, failed sign-ins per account, token
// creations per user and leak reports per address. A limited request gets 429 with Retry-After, never 401.
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { RateLimit, RateLimiter } from './rate-limiter.js';

export type Limit = 'failed_auth' | 'failed_signin' | 'token_creation' | 'leak_report';

const BLOCKED_KEPT = 100_000;

/** 429, with the seconds to wait (Retry-After). */
const rateLimited = (retryAfter: number): AppError =>
  new AppError('rate_limited', `too many requests; try again in ${retryAfter} seconds`, undefined, undefined, retryAfter);

export class Throttle {
  private readonly rules: Record<Limit, RateLimit>;
  /**
   * Keys that used up a guarded limit, with the time one more attempt is allowed. A guarded
   * attempt reads only this map, so a credential that verifies costs no counter lookup (nor a
   * Redis round trip).
   */
  private readonly blocked = new Map<string, number>();

  constructor(
    config: Pick<Config, 'failedAuthPerMinute' | 'failedSigninsPer15Minutes' | 'tokensPerHour' | 'leakReportsPerHour'>,
    private readonly limiter: RateLimiter,
    private readonly now: () => number = Date.now,
  ) {
    this.rules = {
      failed_auth: { limit: config.failedAuthPerMinute, windowMs: 60_000 },
      failed_signin: { limit: config.failedSigninsPer15Minutes, windowMs: 15 * 60_000 },
      token_creation: { limit: config.tokensPerHour, windowMs: 3_600_000 },
      leak_report: { limit: config.leakReportsPerHour, windowMs: 3_600_000 },
    };
  }

  /** Throws 429 when `key` has used up `limit` (one more event would go past it). */
  async assertOpen(limit: Limit, key: string): Promise<void> {
    const state = await this.limiter.check(`${limit}:${key}`, this.rules[limit]);
    if (state.limited) throw rateLimited(state.retryAfter);
  }

  /** Counts one event and throws 429 if it went past the limit (atomic, also across processes). */
  async consume(limit: Limit, key: string): Promise<void> {
    const state = await this.limiter.take(`${limit}:${key}`, this.rules[limit]);
    if (state.limited) throw rateLimited(state.retryAfter);
  }

  record(limit: Limit, key: string): Promise<void> {
    return this.limiter.hit(`${limit}:${key}`, this.rules[limit]);
  }

  /**
   * Runs `attempt` unless `key` is blocked; counts it when it fails with a 401 (or as `isFailure`
   * says). The failure that uses up the limit blocks the key here until one more attempt would be
   * allowed. With shared (Redis) counters, another process learns of the block at the first
   * failure it sees from that key (answered 429): only an attempt that succeeds there first goes
   * through, and a guesser's attempts fail.
   */
  async guard<T>(limit: Limit, key: string, attempt: () => Promise<T>, isFailure: (error: AppError) => boolean = (error) => error.status === 401): Promise<T> {
    const id = `${limit}:${key}`;
    const until = this.blocked.get(id);
    if (until !== undefined) {
      const left = until - this.now();
      if (left > 0) throw rateLimited(Math.ceil(left / 1000));
      this.blocked.delete(id);
    }
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof AppError && isFailure(error)) await this.countFailure(limit, id);
      throw error;
    }
  }

  /** Counts a failure; blocks the key when it used up the limit, and throws 429 when it went past. */
  private async countFailure(limit: Limit, id: string): Promise<void> {
    const state = await this.limiter.take(id, this.rules[limit]);
    if (!state.full) return;
    this.blocked.delete(id);
    this.blocked.set(id, this.now() + state.retryAfter * 1000);
    if (this.blocked.size > BLOCKED_KEPT) this.blocked.delete(this.blocked.keys().next().value!);
    if (state.limited) throw rateLimited(state.retryAfter);
  }

  close(): Promise<void> {
    return this.limiter.close();
  }
}

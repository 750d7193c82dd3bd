// The abuse limits: failed authentications per client address, failed sign-ins per account, token
// creations per user and leak reports per address. A limited request gets 429 with Retry-After, never 401.
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { RateLimit, RateLimiter } from './rate-limiter.js';

export type Limit = 'failed_auth' | 'failed_signin' | 'token_creation' | 'leak_report';

export class Throttle {
  private readonly rules: Record<Limit, RateLimit>;

  constructor(
    config: Pick<Config, 'failedAuthPerMinute' | 'failedSigninsPer15Minutes' | 'tokensPerHour' | 'leakReportsPerHour'>,
    private readonly limiter: RateLimiter,
  ) {
    this.rules = {
      failed_auth: { limit: config.failedAuthPerMinute, windowMs: 60_000 },
      failed_signin: { limit: config.failedSigninsPer15Minutes, windowMs: 15 * 60_000 },
      token_creation: { limit: config.tokensPerHour, windowMs: 3_600_000 },
      leak_report: { limit: config.leakReportsPerHour, windowMs: 3_600_000 },
    };
  }

  /** Throws 429 when `key` has used up `limit` in this window. */
  async assertOpen(limit: Limit, key: string): Promise<void> {
    const state = await this.limiter.check(`${limit}:${key}`, this.rules[limit]);
    if (state.limited) {
      throw new AppError('rate_limited', `too many requests; try again in ${state.retryAfter} seconds`, undefined, undefined, state.retryAfter);
    }
  }

  /** Counts one event and throws 429 if it went past the limit (atomic, also across processes). */
  async consume(limit: Limit, key: string): Promise<void> {
    const state = await this.limiter.take(`${limit}:${key}`, this.rules[limit]);
    if (state.limited) {
      throw new AppError('rate_limited', `too many requests; try again in ${state.retryAfter} seconds`, undefined, undefined, state.retryAfter);
    }
  }

  record(limit: Limit, key: string): Promise<void> {
    return this.limiter.hit(`${limit}:${key}`, this.rules[limit]);
  }

  /** Runs `attempt` unless limited; counts it when it fails with a 401. */
  async guard<T>(limit: Limit, key: string, attempt: () => Promise<T>): Promise<T> {
    await this.assertOpen(limit, key);
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof AppError && error.status === 401) await this.record(limit, key);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.limiter.close();
  }
}

// Rate-limit counters in Redis (REDIS_URL), shared by every Tessera process: an increment is INCR
// and PEXPIRE in one round trip, a refused event's take-back a DECR of a key that still exists.
// If Redis cannot be reached the limits fail open (logged), rather than the service failing
// closed for everyone.
import { Redis } from 'ioredis';
import type { CounterStore } from './rate-limiter.js';

const DECREMENT_IF_PRESENT = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0";

export class RedisCounters implements CounterStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void,
  ) {
    // Commands wait for the connection (a bounded time), so that the first requests count too.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1000 });
    this.redis.on('error', (error: unknown) => onError(error));
  }

  async get(key: string): Promise<number> {
    try {
      return Number((await this.redis.get(this.prefix + key)) ?? 0);
    } catch (error) {
      this.onError(error);
      return 0;
    }
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    try {
      const results = await this.redis.multi().incr(this.prefix + key).pexpire(this.prefix + key, ttlMs).exec();
      const [error, count] = results?.[0] ?? [null, 0];
      if (error) throw error;
      return Number(count);
    } catch (error) {
      this.onError(error);
      return 0;
    }
  }

  async decrement(key: string): Promise<void> {
    try {
      // A DECR of a key gone (expired, evicted) would make one at -1 that never expires.
      await this.redis.eval(DECREMENT_IF_PRESENT, 1, this.prefix + key);
    } catch (error) {
      this.onError(error);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

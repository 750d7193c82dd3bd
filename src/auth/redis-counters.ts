// Rate-limit counters in Redis (REDIS_URL), shared by every Tessera process: INCR and PEXPIRE in
// one round trip. If Redis cannot be reached the limits fail open (logged), rather than the
// service failing closed for everyone.
import { Redis } from 'ioredis';
import type { CounterStore } from './rate-limiter.js';

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
      await this.redis.decr(this.prefix + key);
    } catch (error) {
      this.onError(error);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

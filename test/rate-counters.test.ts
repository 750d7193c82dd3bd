// The rate-limit counter stores (src/auth/rate-limiter.ts MemoryCounters, src/auth/redis-counters.ts
// RedisCounters on the test Redis) against one contract: an increment counts and gives the new
// count, a count lives its TTL, a take-back takes one off, and a take-back of a key that is gone
// leaves it gone (in Redis a DECR would make a key at -1 that never expires). Then the Throttle's
// guard over them: failures past the limit block the key with Retry-After, successes cost nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { MemoryCounters, RateLimiter, type CounterStore } from '../src/auth/rate-limiter.js';
import { RedisCounters } from '../src/auth/redis-counters.js';
import { Throttle } from '../src/auth/throttle.js';
import { AppError } from '../src/errors.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `tessera-test-${randomBytes(6).toString('hex')}:`;
const raw = new Redis(REDIS_URL);
const errors: unknown[] = [];
const stores: [string, () => CounterStore][] = [
  ['in memory', () => new MemoryCounters()],
  ['in Redis', () => new RedisCounters(REDIS_URL, prefix, (error) => errors.push(error))],
];

after(async () => {
  const keys = await raw.keys(`${prefix}*`);
  if (keys.length > 0) await raw.del(...keys);
  await raw.quit();
});

for (const [name, make] of stores) {
  describe(`rate-limit counters ${name}`, () => {
    const store = make();
    after(() => store.close());

    it('counts, takes back, and forgets a count after its TTL', async () => {
      assert.equal(await store.increment('a', 60_000), 1);
      assert.equal(await store.increment('a', 60_000), 2);
      await store.decrement('a');
      assert.equal(await store.get('a'), 1);
      assert.equal(await store.increment('short', 100), 1);
      await sleep(250);
      assert.equal(await store.get('short'), 0, 'gone after its TTL');
      assert.deepEqual(errors, []);
    });

    it('leaves a key that is gone gone when taking back', async () => {
      await store.decrement('never-counted');
      assert.equal(await store.get('never-counted'), 0);
      assert.equal(await store.increment('never-counted', 60_000), 1, 'a take-back of nothing left no count below zero');
      if (name === 'in Redis') assert.equal(await raw.exists(`${prefix}never-counted-2`), 0);
      await store.decrement('never-counted-2');
      if (name === 'in Redis') assert.equal(await raw.exists(`${prefix}never-counted-2`), 0, 'no key made (it would never expire)');
    });
  });
}

describe('Throttle.guard', () => {
  const clock = { now: 1_000_000 };
  const throttle = new Throttle(
    { failedAuthPerMinute: 3, failedSigninsPer15Minutes: 10, tokensPerHour: 100, leakReportsPerHour: 60 },
    new RateLimiter(new MemoryCounters(1000, () => clock.now), () => clock.now),
    () => clock.now,
  );
  const unauthorized = (): Promise<never> => Promise.reject(new AppError('unauthorized', 'bad credential'));
  const status = async (attempt: () => Promise<unknown>): Promise<number> => {
    try {
      await throttle.guard('failed_auth', '10.0.0.1', attempt);
      return 200;
    } catch (error) {
      assert.ok(error instanceof AppError);
      return error.status;
    }
  };

  it('lets successes through without counting them, and blocks the key at its limit of failures with Retry-After', async () => {
    for (let i = 0; i < 5; i++) assert.equal(await status(() => Promise.resolve('ok')), 200);
    assert.equal(await status(unauthorized), 401);
    assert.equal(await status(unauthorized), 401);
    assert.equal(await status(unauthorized), 401, 'the third failure is still a 401: it is within the limit');
    let refused: AppError | undefined;
    try {
      await throttle.guard('failed_auth', '10.0.0.1', () => Promise.resolve('a good credential'));
    } catch (error) {
      refused = error as AppError;
    }
    assert.equal(refused?.status, 429, 'blocked: even a good credential waits');
    const retryAfter = refused.retryAfter!;
    assert.ok(retryAfter > 0 && retryAfter <= 120, `Retry-After ${retryAfter}`);
    assert.equal(await throttle.guard('failed_auth', '10.0.0.2', () => Promise.resolve(200)), 200, 'another address is not blocked');
    clock.now += (retryAfter - 1) * 1000;
    assert.equal(await status(() => Promise.resolve('ok')), 429, 'a second before Retry-After');
    clock.now += 1000;
    assert.equal(await status(() => Promise.resolve('ok')), 200, 'at Retry-After');
  });
});

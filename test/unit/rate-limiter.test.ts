// The sliding-window rate limiter (src/auth/rate-limiter.ts) on in-memory counters, with a clock
// the test moves: the limit holds within a window and across a window boundary, old windows stop
// counting, Retry-After is the time one more event needs (also for any counts, windows and limits,
// generated), and simultaneous events get exactly the room the limit leaves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MemoryCounters, RateLimiter, slidingState, type RateLimit } from '../../src/auth/rate-limiter.js';

const MINUTE = 60_000;
const rule: RateLimit = { limit: 10, windowMs: MINUTE };

/** A limiter on memory counters, and its clock (ms since the epoch of window 0). */
function limiter(start = 0): { limiter: RateLimiter; clock: { now: number } } {
  const clock = { now: start };
  return { limiter: new RateLimiter(new MemoryCounters(1000, () => clock.now), () => clock.now), clock };
}

/** Takes `n` events for `key` one after the other; how many got through. */
async function takeMany(l: RateLimiter, key: string, n: number): Promise<number> {
  let passed = 0;
  for (let i = 0; i < n; i++) if (!(await l.take(key, rule)).limited) passed++;
  return passed;
}

describe('RateLimiter (sliding window)', () => {
  it('lets the limit through in a window and refuses the next, and check agrees without counting', async () => {
    const { limiter: l } = limiter(5_000);
    assert.equal((await l.check('k', rule)).limited, false);
    for (let i = 0; i < 9; i++) assert.equal((await l.take('k', rule)).full, false, `event ${i + 1} leaves room`);
    const tenth = await l.take('k', rule);
    assert.deepEqual([tenth.limited, tenth.full], [false, true], 'the tenth event passes and fills the limit');
    assert.equal((await l.check('k', rule)).limited, true);
    assert.equal((await l.check('k', rule)).limited, true, 'check counts nothing');
    assert.equal((await l.take('k', rule)).limited, true, 'the eleventh goes past');
    assert.equal((await l.check('other', rule)).limited, false, 'keys are counted apart');
  });

  it('does not let a burst at the end of a window and another at the start of the next pass twice the limit', async () => {
    const { limiter: l, clock } = limiter(59_000);
    assert.equal(await takeMany(l, 'k', 10), 10);
    clock.now = 61_000; // the next window, a second in: the previous one still weighs 59/60
    assert.equal(await takeMany(l, 'k', 10), 0, 'a fixed window would let 10 more through here');
    clock.now = 90_000; // half way: the previous window weighs 5
    assert.equal(await takeMany(l, 'k', 10), 5, 'the refused events before did not count');
    clock.now = 150_000; // the window before last no longer counts; the last (5 events) weighs half
    assert.equal(await takeMany(l, 'k', 10), 7);
    clock.now = 240_000; // two windows later: nothing counts
    assert.equal(await takeMany(l, 'k', 12), 10);
  });

  it('answers Retry-After with the seconds one more event needs, neither fewer nor more', async () => {
    // Events spread over two windows in different patterns; at each refusal, one more event must
    // be refused a second before Retry-After has passed and allowed once it has.
    const patterns: [number, number][][] = [
      [[0, 10]], // 10 events at the start of a window: the next in 66 s
      [[30_000, 10]],
      [[59_999, 10]],
      [[10_000, 8], [70_000, 3]], // the current window has room, the previous window's weight must fall
      [[50_000, 10], [65_000, 1]],
      [[0, 25]], // far past the limit
    ];
    for (const pattern of patterns) {
      const { limiter: l, clock } = limiter();
      for (const [at, count] of pattern) {
        clock.now = at;
        await takeMany(l, 'k', count);
      }
      const state = await l.check('k', rule);
      assert.equal(state.limited, true, `limited after ${JSON.stringify(pattern)}`);
      const refused = await l.take('k', rule);
      assert.deepEqual([refused.limited, refused.retryAfter], [true, state.retryAfter], 'a refused event answers the same Retry-After as check, and does not count');
      const refusedAt = clock.now;
      if (state.retryAfter > 1) {
        clock.now = refusedAt + (state.retryAfter - 1) * 1000;
        assert.equal((await l.check('k', rule)).limited, true, `still limited a second before Retry-After ${state.retryAfter} (${JSON.stringify(pattern)})`);
      }
      clock.now = refusedAt + state.retryAfter * 1000;
      assert.equal((await l.take('k', rule)).limited, false, `one more event allowed after Retry-After ${state.retryAfter} (${JSON.stringify(pattern)})`);
    }
  });

  it('gives 10 events at the start of a window 66 s to wait: the rest of the window, then until their weight leaves room', async () => {
    const { limiter: l } = limiter(120_000);
    await takeMany(l, 'k', 10);
    assert.equal((await l.check('k', rule)).retryAfter, 66);
  });

  it('computes Retry-After without rounding errors where the wait is a whole number of seconds', () => {
    // Floating-point arithmetic answered 21 s, 59 s and an estimate of 3.0000000000000004 here.
    assert.equal(slidingState({ previous: 3, current: 7, elapsed: 0 }, { limit: 10, windowMs: MINUTE }).retryAfter, 20);
    assert.equal(slidingState({ previous: 0, current: 3, elapsed: 42_000 }, { limit: 2, windowMs: MINUTE }).retryAfter, 58);
    assert.equal(slidingState({ previous: 0, current: 9, elapsed: 0 }, { limit: 4, windowMs: MINUTE }).retryAfter, 100);
    assert.equal(slidingState({ previous: 9, current: 0, elapsed: 40_000 }, { limit: 4, windowMs: MINUTE }).full, false);
  });

  it('lets exactly the room the limit leaves through of many simultaneous events', async () => {
    const { limiter: l, clock } = limiter(0);
    await takeMany(l, 'k', 8);
    clock.now = 75_000; // the previous window's 8 events weigh 6: room for 4
    const results = await Promise.all(Array.from({ length: 30 }, () => l.take('k', rule)));
    assert.equal(results.filter((r) => !r.limited).length, 4);
  });

  it('gives, for any counts, window and limit, a Retry-After after which one more event fits, and not a second sooner', () => {
    /** The two windows `ms` later, if no event comes meanwhile. */
    const later = (previous: number, current: number, elapsed: number, w: number, ms: number): { previous: number; current: number; elapsed: number } => {
      const at = elapsed + ms;
      if (at < w) return { previous, current, elapsed: at };
      if (at < 2 * w) return { previous: current, current: 0, elapsed: at - w };
      return { previous: 0, current: 0, elapsed: at % w };
    };
    fc.assert(
      fc.property(
        fc.record({
          limit: fc.integer({ min: 1, max: 1000 }),
          w: fc.constantFrom(1000, 60_000, 15 * 60_000, 3_600_000),
          previous: fc.integer({ min: 0, max: 2000 }),
          // Above the limit too: processes sharing Redis may count past it for a moment.
          current: fc.integer({ min: 0, max: 2000 }),
          fraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        }),
        ({ limit, w, previous, current, fraction }) => {
          const rule = { limit, windowMs: w };
          const elapsed = Math.floor(fraction * w);
          const state = slidingState({ previous, current, elapsed }, rule);
          if (!state.full) return state.retryAfter === 1;
          const after = slidingState(later(previous, current, elapsed, w, state.retryAfter * 1000), rule);
          const before = state.retryAfter > 1 ? slidingState(later(previous, current, elapsed, w, (state.retryAfter - 1) * 1000), rule) : { full: true };
          return !after.full && before.full;
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

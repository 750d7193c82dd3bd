import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache } from '../../src/auth/lru-cache.js';

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its bound', () => {
    const cache = new LruCache<string, number>(2, 60_000);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.get('a'), 1);
    cache.set('c', 3);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
    assert.equal(cache.size, 2);
  });

  it('forgets entries after their lifetime', () => {
    let now = 1000;
    const cache = new LruCache<string, number>(10, 500, () => now);
    cache.set('a', 1);
    now += 499;
    assert.equal(cache.get('a'), 1);
    now += 1;
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 0);
  });

  it('drops an entry on delete and keeps nothing when sized zero', () => {
    const cache = new LruCache<string, number>(10, 500);
    cache.set('a', 1);
    cache.delete('a');
    assert.equal(cache.get('a'), undefined);
    const none = new LruCache<string, number>(0, 500);
    none.set('a', 1);
    assert.equal(none.get('a'), undefined);
  });
});

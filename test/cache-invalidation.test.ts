// Announcing a cache invalidation (src/auth/cache-invalidation.ts) when this process's store
// connections are lost while the other processes' hold: the announcement is kept and sent again
// until it goes through, so that the others drop the verdict without waiting for their TTL.
// PostgreSQL only (NOTIFY); this process reaches the store through a proxy the test stops, the
// listener (standing in for the other processes) reaches it directly.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ANNOUNCE_RETRY_MS, CacheInvalidation } from '../src/auth/cache-invalidation.js';
import { loadConfig } from '../src/config.js';
import { openStore, type Store } from '../src/db/database.js';
import { storeKind } from './support/server.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const skip = storeKind !== 'postgres' && 'PostgreSQL only (NOTIFY)';

describe('announcing cache invalidations while the store is out of reach', { skip }, () => {
  const channel = `tessera_test_${randomBytes(6).toString('hex')}`;
  let proxy: TcpProxy;
  let store: Store;
  let listener: pg.Client;
  /** What the other processes heard. */
  const heard: string[] = [];
  /** What this process dropped from its own cache. */
  const dropped: string[] = [];
  const errors: unknown[] = [];
  /** NOTIFY queries this process sent (or tried). */
  let notifyQueries = 0;
  let invalidation: CacheInvalidation;

  before(async () => {
    const target = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(target);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    store = openStore(loadConfig({ DATABASE_URL: proxied.toString() }), { onQuery: (event) => void (event.query.sql.includes('pg_notify') && notifyQueries++) });
    listener = new pg.Client({ connectionString: target.toString() });
    await listener.connect();
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    invalidation = new CacheInvalidation({ delete: (digest) => dropped.push(digest), clear: () => undefined }, { db: store.db, connectionString: proxied.toString(), channel }, (error) => errors.push(error));
  });

  after(async () => {
    await invalidation?.stop();
    await listener?.end();
    await store?.close();
    await proxy?.close();
  });

  /** Waits until the listener heard `digests` (bounded). */
  async function hear(digests: string[], withinMs: number): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (!digests.every((d) => heard.includes(d))) {
      assert.ok(Date.now() < deadline, `heard ${JSON.stringify(heard)}, waiting for ${JSON.stringify(digests)}`);
      await sleep(20);
    }
  }

  it('announces a forgotten digest to the other processes, once', async () => {
    invalidation.forget('first');
    assert.deepEqual(dropped, ['first'], 'dropped here at once');
    await invalidation.settle();
    await hear(['first'], 2000);
    await sleep(ANNOUNCE_RETRY_MS + 200);
    assert.deepEqual(heard, ['first'], 'announced once');
    assert.deepEqual(errors, []);
  });

  it("announces the digests forgotten together (a grant's tokens) in one query", async () => {
    const before = notifyQueries;
    for (const digest of ['grant-1', 'grant-2', 'grant-3']) invalidation.forget(digest);
    await invalidation.settle();
    await hear(['grant-1', 'grant-2', 'grant-3'], 2000);
    assert.equal(notifyQueries - before, 1);
  });

  it('keeps the announcements that failed and sends them once the store is reachable again', async () => {
    proxy.stop();
    invalidation.forget('second');
    invalidation.forget('third');
    assert.deepEqual(dropped.slice(-2), ['second', 'third'], 'dropped here at once, whatever the store');
    await invalidation.settle();
    assert.ok(errors.length >= 1, 'the failed announcement was reported');
    await sleep(2 * ANNOUNCE_RETRY_MS + 200);
    assert.ok(!heard.includes('second') && !heard.includes('third'), 'nothing reached the others while the store was out of reach');
    proxy.resume();
    await hear(['second', 'third'], 3 * ANNOUNCE_RETRY_MS);
    await sleep(ANNOUNCE_RETRY_MS + 200);
    assert.deepEqual([heard.filter((d) => d === 'second').length, heard.filter((d) => d === 'third').length], [1, 1], 'each announced once it went through, and not again');
  });
});

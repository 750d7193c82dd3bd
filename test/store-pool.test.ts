// The PostgreSQL pool's size (TESSERA_DB_POOL_SIZE): at one connection, every kind of write and
// read still completes (no request needs a second connection while it holds one, which would wait
// for itself until the connect timeout), concurrent requests queue for it, and the process never
// holds more than its size.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openStore, type Store } from '../src/db/database.js';
import { call, createToken, daysFromNow, seedWorkspace, signUp, type Account } from './support/client.js';
import { apiToken, awxToken, pair, plugin, refresh, shareLink } from './support/credential-kinds.js';
import { seedDtable } from './support/seatable.js';
import { freshLocation, startServer, storeKind, type TestServer } from './support/server.js';

describe('a pool of one PostgreSQL connection', { skip: storeKind !== 'postgres' && 'PostgreSQL only' }, () => {
  const location = storeKind === 'postgres' ? freshLocation() : null;
  let server: TestServer;
  let admin: Store;
  let ann: Account;
  /** The most connections the server held at once, sampled while the tests run. */
  let most = 0;
  let sampling: NodeJS.Timeout | undefined;

  before(async () => {
    server = await startServer({ TESSERA_DB_POOL_SIZE: '1' }, location!);
    admin = openStore(loadConfig({ DATABASE_URL: location!.env.DATABASE_URL }));
    const schema = location!.env.TESSERA_DB_SCHEMA!;
    sampling = setInterval(() => {
      void sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${`tessera/${schema}`}`
        .execute(admin.db)
        .then((result) => void (most = Math.max(most, result.rows[0]!.n)), () => undefined);
    }, 5);
    ann = await signUp(server);
  });
  after(async () => {
    clearInterval(sampling);
    await server?.close();
    await admin?.close();
  });

  it('issues, refreshes, uses and revokes every kind of credential with one connection', async () => {
    const ws = await seedDtable(server, ann);
    const records = `/api/table/${ws.tableId}/record`;
    const pat = await createToken(server, ann, { name: 'one', scopes: ['record|read', 'record|create'], hasFullAccess: true, expiredTime: daysFromNow(5) });
    assert.equal((await call(server, 'POST', records, { token: pat.token as string, body: { records: [{ fields: { Title: 'a' } }] } })).status, 201);
    const refreshed = await call(server, 'POST', `/api/access-token/${pat.id as string}/refresh`, { cookie: ann.cookie, body: {} });
    assert.equal(refreshed.status, 200, refreshed.text);
    const p = await plugin(server, ann, ws.baseId);
    const first = await pair(server, ann, p, ws.baseId);
    const second = await refresh(server, p, first.refreshToken);
    assert.equal(second.status, 201, second.text);
    assert.equal((await call(server, 'GET', records, { token: second.body.accessToken as string })).status, 200);
    const awx = await awxToken(server, ann);
    assert.equal((await call(server, 'GET', records, { token: awx })).status, 200);
    const api = await apiToken(server, ann, ws);
    const jwt = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', { headers: { authorization: `Token ${api}` } });
    assert.equal(jwt.status, 200, jwt.text);
    const link = await shareLink(server, ann, ws);
    assert.equal((await call(server, 'GET', `/api/v2.1/dtable/share-link-access-token/?token=${encodeURIComponent(link.token)}`)).status, 200);
    const uninstalled = await call(server, 'DELETE', `/api/base/${ws.baseId}/plugin/${p.id}`, { cookie: ann.cookie });
    assert.equal(uninstalled.status, 200, uninstalled.text);
    assert.equal((await call(server, 'GET', records, { token: second.body.accessToken as string })).status, 401, 'the uninstall revoked the plugin token');
    assert.equal((await call(server, 'DELETE', `/api/access-token/${pat.id as string}`, { cookie: ann.cookie })).status, 200);
  });

  it('queues concurrent requests for the one connection and answers them all', async () => {
    const ws = await seedWorkspace(server, ann);
    const pat = await createToken(server, ann, { name: 'many', scopes: ['record|read'], hasFullAccess: true, expiredTime: daysFromNow(5) });
    const replies = await Promise.all([
      ...Array.from({ length: 20 }, () => call(server, 'GET', `/api/table/${ws.tableId}/record`, { token: pat.token as string })),
      ...Array.from({ length: 10 }, (_, i) => call(server, 'POST', '/api/access-token', { cookie: ann.cookie, body: { name: `c${i}`, scopes: ['record|read'], hasFullAccess: true, expiredTime: daysFromNow(5) } })),
    ]);
    assert.deepEqual(replies.map((r) => r.status), [...Array<number>(20).fill(200), ...Array<number>(10).fill(201)]);
    assert.equal(most, 1, 'the process never held more than one connection');
  });
});

// Writes are all-or-nothing when the store fails mid-request (PostgreSQL only). First, a failure
// placed between a write's statements (a trigger that fails one insert as a lost connection
// would, SQLSTATE 08006): a plugin's code exchange and refresh must leave nothing half-made.
// Then faults at random moments (connections cut by a proxy, or by pg_terminate_backend) while
// clients create, refresh and delete tokens, exchange and refresh plugin tokens and get base
// access tokens: afterwards every acknowledged write holds and verifies, nothing is half-made, no
// refresh half-rotated, and every unacknowledged write went one way or the other wholly.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { digestSecret } from '../../src/crypto/digest.js';
import type { Store } from '../../src/db/database.js';
import { call, daysFromNow, seedWorkspace, signUp, type Account, type Json, type Reply } from '../support/client.js';
import { authCode, exchange, pair, plugin, refresh, tokenAuth, type Plugin } from '../support/credential-kinds.js';
import type { TesseraProcess } from '../support/process.js';
import type { Dtable } from '../support/seatable.js';
import { freshLocation, startServer, storeKind, type TestServer } from '../support/server.js';
import { dtableOf, startProxiedTessera, type ProxiedTessera } from '../support/proxied-tessera.js';
import type { TcpProxy } from '../support/tcp-proxy.js';

const skip = storeKind !== 'postgres' && 'PostgreSQL only: connections cannot be cut on the embedded SQLite store (kill -9 is restart.test.ts)';

/**
 * Grants that are half-made: without an access token or a refresh token, with as many of one as of
 * the other (each pair is written together), or live with no unused refresh token (a rotation that
 * spent the old one without writing the new); and used codes that made no grant.
 */
async function halfMade(store: Store, schema: string): Promise<{ grants: unknown[]; codes: unknown[] }> {
  const grants = await sql<{ id: string; access: number; refresh: number; unused: number; revoked: boolean }>`
    SELECT g.id,
      (SELECT count(*)::int FROM ${sql.id(schema, 'access_tokens')} a WHERE a.grant_id = g.id) AS access,
      (SELECT count(*)::int FROM ${sql.id(schema, 'plugin_refresh_tokens')} r WHERE r.grant_id = g.id) AS refresh,
      (SELECT count(*)::int FROM ${sql.id(schema, 'plugin_refresh_tokens')} r WHERE r.grant_id = g.id AND r.used_time IS NULL) AS unused,
      g.revoked_time IS NOT NULL AS revoked
    FROM ${sql.id(schema, 'plugin_grants')} g`.execute(store.db);
  const codes = await sql<{ code_digest: string }>`
    SELECT c.code_digest FROM ${sql.id(schema, 'plugin_auth_codes')} c
    WHERE c.used_time IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM ${sql.id(schema, 'plugin_grants')} g
      WHERE g.plugin_id = c.plugin_id AND g.base_id = c.base_id AND g.user_id = c.user_id AND g.created_time = c.used_time)`.execute(store.db);
  return {
    grants: grants.rows.filter((g) => g.access === 0 || g.refresh === 0 || g.access !== g.refresh || (!g.revoked && g.unused !== 1)),
    codes: codes.rows,
  };
}

/** Polls `query` (a count `n`) on `client` every 10 ms until `done(n)`; fails after 500 tries, saying what it waited for. */
async function until(client: pg.Client, query: string, params: unknown[], done: (n: number) => boolean, what: string): Promise<void> {
  for (let i = 0; ; i++) {
    const result = await client.query<{ n: number }>(query, params);
    if (done(result.rows[0]!.n)) return;
    assert.ok(i < 500, what);
    await sleep(10);
  }
}

describe('a write failing between its statements', { skip }, () => {
  let server: TestServer;
  let ann: Account;
  let ws: { spaceId: string; baseId: string; tableId: string };
  let thePlugin: Plugin;
  let schema: string;
  before(async () => {
    server = await startServer();
    schema = server.store.schema!;
    ann = await signUp(server);
    ws = await seedWorkspace(server, ann);
    thePlugin = await plugin(server, ann, ws.baseId);
  });
  after(() => server?.close());

  /** While it is on, inserting a plugin access token fails as a lost connection would. */
  async function failingPluginTokenInserts<T>(work: () => Promise<T>): Promise<T> {
    const fn = sql.id(schema, 'fail_plugin_token');
    await sql`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.kind = 'plugin_access_token' THEN RAISE EXCEPTION 'injected: the connection is lost' USING ERRCODE = '08006'; END IF;
        RETURN NEW;
      END $$`.execute(server.store.db);
    await sql`CREATE TRIGGER fail_plugin_token BEFORE INSERT ON ${sql.id(schema, 'access_tokens')} FOR EACH ROW EXECUTE FUNCTION ${fn}()`.execute(server.store.db);
    try {
      return await work();
    } finally {
      await sql`DROP FUNCTION ${fn}() CASCADE`.execute(server.store.db);
    }
  }

  const readBase = (token: string): Promise<Reply<Json>> => call(server, 'GET', `/api/table/${ws.tableId}/record`, { token });

  it('a code exchange leaves the code unused and no grant, and the code works once the store does', async () => {
    const code = await authCode(server, ann, thePlugin, ws.baseId);
    const failed = await failingPluginTokenInserts(() => exchange(server, thePlugin, ws.baseId, code));
    assert.equal(failed.status, 503, failed.text);
    assert.deepEqual(await halfMade(server.store, schema), { grants: [], codes: [] }, 'nothing half-made');
    const row = await server.store.db.selectFrom('plugin_auth_codes').select('used_time').where('code_digest', '=', digestSecret(code)).executeTakeFirstOrThrow();
    assert.equal(row.used_time, null, 'the code is not spent');
    const retried = await exchange(server, thePlugin, ws.baseId, code);
    assert.equal(retried.status, 201, retried.text);
    assert.equal((await readBase(retried.body.accessToken as string)).status, 200);
  });

  it('a refresh leaves the old refresh token unused and no new pair, and it refreshes once the store does', async () => {
    const first = await exchange(server, thePlugin, ws.baseId, await authCode(server, ann, thePlugin, ws.baseId));
    assert.equal(first.status, 201, first.text);
    const failed = await failingPluginTokenInserts(() => refresh(server, thePlugin, first.body.refreshToken as string));
    assert.equal(failed.status, 503, failed.text);
    assert.deepEqual(await halfMade(server.store, schema), { grants: [], codes: [] }, 'nothing half-made');
    // Not rotated: the old refresh token still refreshes (were it spent, this would revoke the family).
    const retried = await refresh(server, thePlugin, first.body.refreshToken as string);
    assert.equal(retried.status, 201, retried.text);
    assert.equal((await readBase(retried.body.accessToken as string)).status, 200);
    const next = await refresh(server, thePlugin, retried.body.refreshToken as string);
    assert.equal(next.status, 201, next.text);
  });
});

const CLIENTS = 6;
const LOAD_MS = 4000;
const LOAD_LIMIT_MS = 20_000;
/** The writes each run must have seen acknowledged (a few times each) before it stops. */
const KINDS = ['create', 'refresh', 'delete', 'exchange', 'plugin refresh', 'base access token'];

/** What the clients were told, to check against the store and the API afterwards. */
interface Ledger {
  /** Personal access tokens acknowledged (created or refreshed) and not deleted: id -> current secret. */
  live: Map<string, string>;
  /** Acknowledged refreshes: the secret each replaced. */
  replaced: string[];
  /** Acknowledged deletions: secret. */
  deleted: string[];
  /** Unacknowledged creations, by their unique name: each made wholly or not at all. */
  unsureCreations: string[];
  /** Unacknowledged refreshes and deletions: token id -> the secret it had. */
  unsure: Map<string, string>;
  /** Plugin pairs acknowledged (by exchange or refresh), the latest of each grant: refresh token -> access token. */
  pairs: Map<string, string>;
  /** Refresh tokens whose rotation was acknowledged. */
  spent: string[];
  /** SeaTable API tokens acknowledged, and base access tokens (JWTs) issued with them. */
  apiTokens: string[];
  jwts: string[];
  statuses: Map<string, number[]>;
}

describe('faults at random moments under write load', { skip }, () => {
  const location = storeKind === 'postgres' ? freshLocation() : null;
  let proxy: TcpProxy;
  let server: TesseraProcess;
  let admin: Store;
  let tessera: ProxiedTessera | undefined;
  let ann: Account;
  let dtable: Dtable;
  let thePlugin: Plugin;
  before(async () => {
    tessera = await startProxiedTessera(location!);
    ({ proxy, server, admin } = tessera);
    ann = await signUp(server);
    dtable = await dtableOf(tessera.db, await seedWorkspace(server, ann));
    thePlugin = await plugin(server, ann, dtable.baseId);
  });
  after(() => tessera?.stop());

  /** One client: a random write at a time until `running()` is false; each answer recorded in the ledger. */
  async function client(n: number, ledger: Ledger, running: () => boolean): Promise<void> {
    const mine = new Map<string, string>();
    const myPairs: { refresh: string; access: string }[] = [];
    let seatable: string | undefined;
    const note = (what: string, status: number): void => {
      const list = ledger.statuses.get(what) ?? [];
      list.push(status);
      ledger.statuses.set(what, list);
    };
    for (let i = 0; running(); i++) {
      const pick = Math.random();
      const ids = [...mine.keys()];
      if (pick < 0.25 || ids.length === 0) {
        const name = `c${n}-${i}-${randomBytes(3).toString('hex')}`;
        const reply = await call(server, 'POST', '/api/access-token', { cookie: ann.cookie, body: { name, scopes: ['table|read', 'record|read'], hasFullAccess: true, expiredTime: daysFromNow(5) } });
        note('create', reply.status);
        if (reply.status === 201) {
          mine.set(reply.body.id as string, reply.body.token as string);
          ledger.live.set(reply.body.id as string, reply.body.token as string);
        } else ledger.unsureCreations.push(name);
      } else if (pick < 0.4) {
        const id = ids[Math.floor(Math.random() * ids.length)]!;
        const old = mine.get(id)!;
        const reply = await call(server, 'POST', `/api/access-token/${id}/refresh`, { cookie: ann.cookie, body: {} });
        note('refresh', reply.status);
        if (reply.status === 201 || reply.status === 200) {
          mine.set(id, reply.body.token as string);
          ledger.live.set(id, reply.body.token as string);
          ledger.replaced.push(old);
        } else {
          mine.delete(id);
          ledger.live.delete(id);
          ledger.unsure.set(id, old);
        }
      } else if (pick < 0.5) {
        const id = ids[Math.floor(Math.random() * ids.length)]!;
        const secret = mine.get(id)!;
        mine.delete(id);
        ledger.live.delete(id);
        const reply = await call(server, 'DELETE', `/api/access-token/${id}`, { cookie: ann.cookie });
        note('delete', reply.status);
        if (reply.status === 200) ledger.deleted.push(secret);
        else ledger.unsure.set(id, secret);
      } else if (pick < 0.65 || myPairs.length === 0) {
        const code = await call(server, 'POST', `/api/plugin/${thePlugin.id}/authCode`, { cookie: ann.cookie, body: { baseId: dtable.baseId } });
        note('authCode', code.status);
        if (code.status !== 201) continue;
        const reply = await exchange(server, thePlugin, dtable.baseId, code.text);
        note('exchange', reply.status);
        if (reply.status === 201) {
          myPairs.push({ refresh: reply.body.refreshToken as string, access: reply.body.accessToken as string });
          ledger.pairs.set(reply.body.refreshToken as string, reply.body.accessToken as string);
        }
      } else if (pick < 0.85) {
        const index = Math.floor(Math.random() * myPairs.length);
        const current = myPairs[index]!;
        const reply = await refresh(server, thePlugin, current.refresh);
        note('plugin refresh', reply.status);
        if (reply.status === 201) {
          ledger.pairs.delete(current.refresh);
          ledger.spent.push(current.refresh);
          myPairs[index] = { refresh: reply.body.refreshToken as string, access: reply.body.accessToken as string };
          ledger.pairs.set(reply.body.refreshToken as string, reply.body.accessToken as string);
        } else {
          // Unknown whether it rotated: this family is checked by the store's invariants only.
          ledger.pairs.delete(current.refresh);
          myPairs.splice(index, 1);
        }
      } else {
        if (seatable === undefined) {
          const path = `/api/v2.1/workspace/${dtable.workspaceId}/dtable/${encodeURIComponent(dtable.name)}/api-tokens/`;
          const reply = await call(server, 'POST', path, { cookie: ann.cookie, body: { app_name: `app-${n}-${i}`, permission: 'r' } });
          note('api token', reply.status);
          if (reply.status !== 201) continue;
          seatable = reply.body.api_token as string;
          ledger.apiTokens.push(seatable);
        }
        const reply = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(seatable));
        note('base access token', reply.status);
        if (reply.status === 200) ledger.jwts.push(reply.body.access_token as string);
      }
    }
  }

  it('holds every acknowledged write, makes nothing by halves, and rotates wholly or not at all', async () => {
    const ledger: Ledger = { live: new Map(), replaced: [], deleted: [], unsureCreations: [], unsure: new Map(), pairs: new Map(), spent: [], apiTokens: [], jwts: [], statuses: new Map() };
    const schema = location!.env.TESSERA_DB_SCHEMA!;
    const db = admin.db.withSchema(schema);
    let running = true;
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n, ledger, () => running));
    const faults = { cut: 0, terminated: 0 };
    const started = performance.now();
    try {
      // At least LOAD_MS, and until each kind of write has been acknowledged a few times, however
      // slow the machine (LOAD_LIMIT_MS at most).
      const enough = (): boolean => KINDS.every((kind) => (ledger.statuses.get(kind) ?? []).filter((status) => status < 300).length >= 3);
      while (performance.now() - started < LOAD_MS || (!enough() && performance.now() - started < LOAD_LIMIT_MS)) {
        await sleep(50 + Math.random() * 250);
        if (Math.random() < 0.5) faults.cut += proxy.cut();
        else {
          const killed = await sql<{ n: number }>`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = ${`tessera/${schema}`}`.execute(admin.db);
          faults.terminated += killed.rows[0]!.n;
        }
      }
    } finally {
      running = false;
      await Promise.all(clients);
    }
    const loadMs = performance.now() - started;
    // Service is back by itself.
    for (let tries = 0; (await call(server, 'GET', '/readyz')).status !== 200; tries++) {
      assert.ok(tries < 100, 'ready again');
      await sleep(100);
    }

    const summary = Object.fromEntries([...ledger.statuses].map(([what, list]) => [what, `${list.filter((s) => s < 300).length}/${list.length}`]));
    const unexpected = [...ledger.statuses].flatMap(([what, list]) => list.filter((s) => s >= 300 && s !== 503).map((s) => `${what} ${s}`));
    assert.deepEqual(unexpected, [], 'only successes and 503s');
    assert.ok(faults.cut + faults.terminated > 0, 'connections were cut');

    const works = async (token: string): Promise<number> => (await call(server, 'GET', `/api/table/${dtable.tableId}/record`, { token })).status;
    for (const [id, secret] of ledger.live) assert.equal(await works(secret), 200, `acknowledged token ${id} verifies`);
    for (const secret of ledger.replaced) assert.equal(await works(secret), 401, 'a secret replaced by an acknowledged refresh is refused');
    for (const secret of ledger.deleted) assert.equal(await works(secret), 401, 'a token whose deletion was acknowledged is refused');
    const listed = await call(server, 'GET', '/api/access-token', { cookie: ann.cookie });
    const listedIds = new Set((listed.body as { id: string }[]).map((t) => t.id));
    for (const id of ledger.live.keys()) assert.ok(listedIds.has(id), `acknowledged token ${id} is listed`);

    // Unacknowledged writes went one way or the other: a creation made at most one row; a refresh
    // left the old secret working exactly when the stored digest is still its own; a deletion left
    // the token working exactly when its row is not revoked.
    const names = ledger.unsureCreations.length === 0 ? [] : await db.selectFrom('access_tokens').select('name').where('name', 'in', ledger.unsureCreations).execute();
    assert.ok(names.length <= ledger.unsureCreations.length && new Set(names.map((r) => r.name)).size === names.length, 'an unacknowledged creation made one row or none');
    let unsureApplied = 0;
    for (const [id, secret] of ledger.unsure) {
      const row = await db.selectFrom('access_tokens').select(['secret_digest', 'revoked_time']).where('id', '=', id).executeTakeFirstOrThrow();
      const intact = row.secret_digest === digestSecret(secret) && row.revoked_time === null;
      if (!intact) unsureApplied++;
      assert.equal(await works(secret), intact ? 200 : 401, `token ${id}: its secret works exactly when the store still has it`);
    }

    // Plugin pairs: each acknowledged latest pair works and its refresh token is unused; each
    // acknowledged rotation spent its old refresh token; no grant or code is half-made.
    for (const [refreshToken, accessToken] of ledger.pairs) {
      assert.equal(await works(accessToken), 200, 'an acknowledged plugin access token reads the base');
      const row = await db.selectFrom('plugin_refresh_tokens').select('used_time').where('secret_digest', '=', digestSecret(refreshToken)).executeTakeFirstOrThrow();
      assert.equal(row.used_time, null, 'the latest acknowledged refresh token is unused');
    }
    for (const refreshToken of ledger.spent) {
      const row = await db.selectFrom('plugin_refresh_tokens').select('used_time').where('secret_digest', '=', digestSecret(refreshToken)).executeTakeFirstOrThrow();
      assert.notEqual(row.used_time, null, 'a refresh token whose rotation was acknowledged is spent');
    }
    assert.deepEqual(await halfMade(admin, schema), { grants: [], codes: [] }, 'no half-made grant, no code spent without its grant');

    // SeaTable: acknowledged API tokens and the base access tokens issued with them work.
    for (const token of ledger.apiTokens) assert.equal((await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(token))).status, 200, 'an acknowledged API token works');
    for (const jwt of ledger.jwts) {
      const rows = await call(server, 'GET', `/dtable-server/api/v1/dtables/${dtable.uuid}/rows/?table_name=Tasks`, tokenAuth(jwt));
      assert.equal(rows.status, 200, `an issued base access token reads the rows: ${rows.text}`);
    }
    assert.equal(server.child.exitCode, null, 'the process survived');
    console.log(
      `ℹ ${faults.cut} connections cut by the proxy, ${faults.terminated} terminated by pg_terminate_backend in ${Math.round(loadMs)} ms; acknowledged/sent: ${JSON.stringify(summary)}; checked ${ledger.live.size} live, ${ledger.replaced.length} replaced, ${ledger.deleted.length} deleted tokens, ${ledger.unsure.size} unacknowledged refreshes/deletions (${unsureApplied} applied), ${ledger.unsureCreations.length} unacknowledged creations (${names.length} made), ${ledger.pairs.size} plugin pairs, ${ledger.spent.length} rotations, ${ledger.jwts.length} base access tokens`,
    );
  });

  it('drops the cached verdict of a token whose deletion committed but whose answer was lost', async () => {
    const schema = location!.env.TESSERA_DB_SCHEMA!;
    const records = `/api/table/${dtable.tableId}/record`;
    const created = await call(server, 'POST', '/api/access-token', { cookie: ann.cookie, body: { name: 'lost answer', scopes: ['record|read'], hasFullAccess: true, expiredTime: daysFromNow(5) } });
    assert.equal(created.status, 201, created.text);
    const { id, token } = created.body as { id: string; token: string };
    assert.equal((await call(server, 'GET', records, { token })).status, 200, 'verified, and its verdict cached');
    // The token's row held, so that the deletion's UPDATE waits for it; meanwhile the store's
    // answers are held by the proxy, then the row let go: the UPDATE commits, its answer is lost.
    const holder = new pg.Client({ connectionString: location!.env.DATABASE_URL });
    await holder.connect();
    let deleted: Reply<Json>;
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM ${pg.escapeIdentifier(schema)}.access_tokens WHERE id = $1 FOR UPDATE`, [id]);
      const deleting = call(server, 'DELETE', `/api/access-token/${id}`, { cookie: ann.cookie });
      await until(holder, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [`tessera/${schema}`], (n) => n > 0, 'the deletion reached the held row');
      proxy.mute();
      await holder.query('COMMIT');
      deleted = await deleting;
    } finally {
      proxy.resume();
      await holder.end();
    }
    assert.equal(deleted.status, 503, deleted.text);
    const row = await admin.db.withSchema(schema).selectFrom('access_tokens').select('revoked_time').where('id', '=', id).executeTakeFirstOrThrow();
    assert.notEqual(row.revoked_time, null, 'the deletion committed');
    const used = await call(server, 'GET', records, { token });
    assert.equal(used.status, 401, `a token whose deletion committed is refused at once, not accepted from the cache: ${used.text}`);
  });

  it("drops the cached verdicts of a plugin's access tokens when its uninstall committed but its answer was lost", async () => {
    // The grants' revocation is one transaction whose access-token digests come back before its
    // commit. A deferred trigger makes the commit sleep (once, for the earlier test's grants of
    // this plugin go with it); while it sleeps, the proxy holds the store's answers: the commit
    // happens, its answer is lost.
    const schema = location!.env.TESSERA_DB_SCHEMA!;
    const table = (name: string): string => `${pg.escapeIdentifier(schema)}.${name}`;
    const records = `/api/table/${dtable.tableId}/record`;
    const { accessToken } = await pair(server, ann, thePlugin, dtable.baseId);
    assert.equal((await call(server, 'GET', records, { token: accessToken })).status, 200, 'verified, and its verdict cached');
    const holder = new pg.Client({ connectionString: location!.env.DATABASE_URL });
    await holder.connect();
    let uninstalled: Reply<Json>;
    try {
      await holder.query(`CREATE FUNCTION ${table('slow_commit')}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          -- Once per transaction, however many grants it revokes.
          IF current_setting('tessera_test.slept', true) IS DISTINCT FROM 'yes' THEN
            PERFORM set_config('tessera_test.slept', 'yes', true);
            PERFORM pg_sleep(1);
          END IF;
          RETURN NULL;
        END $$`);
      await holder.query(`CREATE CONSTRAINT TRIGGER slow_commit AFTER UPDATE ON ${table('plugin_grants')} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${table('slow_commit')}()`);
      const uninstalling = call(server, 'DELETE', `/api/base/${dtable.baseId}/plugin/${thePlugin.id}`, { cookie: ann.cookie });
      await until(holder, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event = 'PgSleep'`, [`tessera/${schema}`], (n) => n > 0, 'the revocation reached its commit');
      proxy.mute();
      await until(holder, `SELECT count(*)::int AS n FROM ${table('access_tokens')} WHERE secret_digest = $1 AND revoked_time IS NULL`, [digestSecret(accessToken)], (n) => n === 0, 'the revocation committed');
      uninstalled = await uninstalling;
    } finally {
      proxy.resume();
      await holder.query(`DROP TRIGGER IF EXISTS slow_commit ON ${table('plugin_grants')}`);
      await holder.query(`DROP FUNCTION IF EXISTS ${table('slow_commit')}()`);
      await holder.end();
    }
    assert.equal(uninstalled.status, 503, uninstalled.text);
    const used = await call(server, 'GET', records, { token: accessToken });
    assert.equal(used.status, 401, `a plugin access token whose revocation committed is refused at once, not accepted from the cache: ${used.text}`);
  });
});

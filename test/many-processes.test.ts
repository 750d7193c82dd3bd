// Two Tessera processes over one PostgreSQL: whatever one process revokes, deletes, refreshes or
// narrows, the other refuses within a second, though its cache would trust the old verdict for an
// hour (PostgreSQL LISTEN/NOTIFY). A process whose listening connection is killed drops its cache
// and listens again by itself. SQLite is one process's store: the file is skipped there.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openStore, type Store } from '../src/db/database.js';
import { withDdlLock } from '../src/db/migrate.js';
import { call, createToken, seedWorkspace, signUp, type Account, type Reply } from './support/client.js';
import { startProcess, type TesseraProcess } from './support/process.js';
import { storeKind } from './support/server.js';

const onPostgres = storeKind === 'postgres';
const WITHIN_MS = 1000;

/** Polls `attempt` until `refused` holds for its answer; fails if that takes more than a second. */
async function refusedWithin(label: string, attempt: () => Promise<Reply>, refused: (reply: Reply) => boolean): Promise<void> {
  const deadline = Date.now() + WITHIN_MS;
  let last: Reply;
  do {
    last = await attempt();
    if (refused(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  } while (Date.now() < deadline);
  assert.fail(`${label}: still accepted after ${WITHIN_MS} ms (${last.status} ${last.text.slice(0, 200)})`);
}

const is401 = (reply: Reply): boolean => reply.status === 401;

describe('many processes over one PostgreSQL', { skip: onPostgres ? false : 'PostgreSQL only (TESSERA_TEST_STORE=postgres)' }, () => {
  const schema = `t_${randomBytes(8).toString('hex')}`;
  let store: Store;
  let a: TesseraProcess;
  let b: TesseraProcess;
  let admin: Account;
  let seeded: { spaceId: string; baseId: string; tableId: string };

  before(async () => {
    const env = {
      DATABASE_URL: process.env.TEST_DATABASE_URL ?? '',
      TESSERA_DB_SCHEMA: schema,
      TESSERA_SECRET: randomBytes(32).toString('hex'),
      // Without invalidation, the other process would trust its cached verdicts for an hour.
      TESSERA_TOKEN_CACHE_TTL_SECONDS: '3600',
      TESSERA_RATE_FAILED_AUTH: '1000000',
      TESSERA_RATE_TOKEN_CREATION: '1000000',
    };
    store = openStore(loadConfig(env));
    [a, b] = await Promise.all([startProcess(env), startProcess(env)]);
    admin = await signUp(a);
    seeded = await seedWorkspace(a, admin);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await withDdlLock(store, async (db) => void (await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db)));
    await store.close();
  });

  /** A personal access token that `b` has verified (and so cached). */
  async function cachedOnB(fields: Record<string, unknown> = { scopes: ['record|read'], hasFullAccess: true }): Promise<{ id: string; token: string }> {
    const created = await createToken(a, admin, fields);
    assert.equal((await call(b, 'GET', '/api/auth/user', { token: created.token })).status, 200);
    return created;
  }

  it('refuses a token deleted through the other process', async () => {
    const { id, token } = await cachedOnB();
    assert.equal((await call(a, 'DELETE', `/api/access-token/${id}`, { cookie: admin.cookie })).status, 200);
    await refusedWithin('deleted token', () => call(b, 'GET', '/api/auth/user', { token }), is401);
  });

  it("refuses the old secret of a token refreshed through the other process, and takes the new one", async () => {
    const { id, token } = await cachedOnB();
    const refreshed = await call(a, 'POST', `/api/access-token/${id}/refresh`, { cookie: admin.cookie });
    assert.equal(refreshed.status, 200, refreshed.text);
    await refusedWithin('refreshed token', () => call(b, 'GET', '/api/auth/user', { token }), is401);
    assert.equal((await call(b, 'GET', '/api/auth/user', { token: refreshed.body.token })).status, 200);
  });

  it('narrows a token whose scopes were cut through the other process', async () => {
    const { id, token } = await cachedOnB({ scopes: ['record|read', 'table|read'], hasFullAccess: true });
    const read = (): Promise<Reply> => call(b, 'GET', `/api/table/${seeded.tableId}/record`, { token });
    assert.equal((await read()).status, 200);
    const updated = await call(a, 'PUT', `/api/access-token/${id}`, { cookie: admin.cookie, body: { name: 'narrowed', scopes: ['table|read'] } });
    assert.equal(updated.status, 200, updated.text);
    await refusedWithin('narrowed token', read, (reply) => reply.status === 403);
  });

  it("refuses a token once its owner is removed from the token's space", async () => {
    const member = await signUp(a);
    const added = await call(a, 'POST', `/api/space/${seeded.spaceId}/collaborator`, {
      cookie: admin.cookie,
      body: { collaborators: [{ principalId: member.id, principalType: 'user' }], role: 'viewer' },
    });
    assert.ok(added.status < 300, added.text);
    const { token } = await createToken(a, member, { scopes: ['record|read'], spaceIds: [seeded.spaceId] });
    const read = (): Promise<Reply> => call(b, 'GET', `/api/table/${seeded.tableId}/record`, { token });
    assert.equal((await read()).status, 200);
    const removed = await call(a, 'DELETE', `/api/space/${seeded.spaceId}/collaborators?principalId=${member.id}&principalType=user`, { cookie: admin.cookie });
    assert.ok(removed.status < 300, removed.text);
    await refusedWithin('owner removed', read, (reply) => reply.status === 403 || reply.status === 404);
  });

  it('refuses a token the admin revoked, and one reported leaked, through the other process', async () => {
    const revoked = await cachedOnB();
    assert.equal((await call(a, 'DELETE', `/api/admin/tokens/${revoked.id}`, { cookie: admin.cookie })).status, 200);
    await refusedWithin('admin-revoked token', () => call(b, 'GET', '/api/auth/user', { token: revoked.token }), is401);
    const leaked = await cachedOnB();
    assert.equal((await call(a, 'POST', '/api/token-leaks', { body: { tokens: [leaked.token] } })).status, 202);
    await refusedWithin('leaked token', () => call(b, 'GET', '/api/auth/user', { token: leaked.token }), is401);
  });

  it('refuses a session signed out through the other process', async () => {
    const user = await signUp(a);
    assert.equal((await call(b, 'GET', '/api/auth/user', { cookie: user.cookie })).status, 200);
    assert.ok((await call(a, 'POST', '/api/auth/signout', { cookie: user.cookie })).status < 300);
    await refusedWithin('signed-out session', () => call(b, 'GET', '/api/auth/user', { cookie: user.cookie }), is401);
  });

  it('refuses an AWX token deleted through the other process', async () => {
    const me = await call(a, 'GET', '/api/v2/me/', { cookie: admin.cookie });
    const num = me.body.results[0].id as number;
    const created = await call(a, 'POST', `/api/v2/users/${num}/personal_tokens/`, { cookie: admin.cookie, body: { scope: 'read' } });
    assert.equal(created.status, 201, created.text);
    assert.equal((await call(b, 'GET', '/api/v2/me/', { token: created.body.token })).status, 200);
    assert.equal((await call(a, 'DELETE', `/api/v2/tokens/${created.body.id}/`, { cookie: admin.cookie })).status, 204);
    await refusedWithin('deleted AWX token', () => call(b, 'GET', '/api/v2/me/', { token: created.body.token }), is401);
  });

  it('refuses a SeaTable API token deleted through the other process', async () => {
    const workspaces = await call(a, 'GET', '/api/v2.1/workspaces/', { cookie: admin.cookie });
    const workspaceId = workspaces.body.workspace_list[0].id as number;
    const tokens = `/api/v2.1/workspace/${workspaceId}/dtable/Base/api-tokens/`;
    const created = await call(a, 'POST', tokens, { cookie: admin.cookie, body: { app_name: 'sync', permission: 'r' } });
    assert.equal(created.status, 201, created.text);
    const exchange = (): Promise<Reply> => call(b, 'GET', '/api/v2.1/dtable/app-access-token/', { headers: { authorization: `Token ${created.body.api_token}` } });
    assert.equal((await exchange()).status, 200);
    assert.ok((await call(a, 'DELETE', `${tokens}sync/`, { cookie: admin.cookie })).status < 300);
    await refusedWithin('deleted API token', exchange, is401);
  });

  it('drops its cache when its listening connection is killed, and listens again by itself', async () => {
    const first = await cachedOnB();
    // Kill every listening connection: both processes go deaf for a moment.
    const killed = await sql<{ ok: boolean }>`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'tessera-listener' AND pid <> pg_backend_pid()`.execute(store.db);
    assert.ok(killed.rows.length >= 2, `expected both listeners, found ${killed.rows.length}`);
    assert.equal((await call(a, 'DELETE', `/api/access-token/${first.id}`, { cookie: admin.cookie })).status, 200);
    await refusedWithin('token revoked while the listener was down', () => call(b, 'GET', '/api/auth/user', { token: first.token }), is401);

    // Listening again: a later revocation still reaches the other process.
    const listening = async (): Promise<number> =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'tessera-listener'`.execute(store.db)).rows[0]?.n ?? 0);
    const deadline = Date.now() + 10_000;
    while ((await listening()) < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok((await listening()) >= 2, 'the listeners did not come back');
    const second = await cachedOnB();
    assert.equal((await call(a, 'DELETE', `/api/access-token/${second.id}`, { cookie: admin.cookie })).status, 200);
    await refusedWithin('token revoked after the listener came back', () => call(b, 'GET', '/api/auth/user', { token: second.token }), is401);
  });
});

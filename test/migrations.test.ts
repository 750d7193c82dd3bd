// Migrations go up over existing data, number old rows in creation order, and come back down.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NO_MIGRATIONS, sql } from 'kysely';
import { migrateTo, migrateToLatest, migrationStatus } from '../src/db/migrate.js';
import { SequenceRepository } from '../src/db/sequence-repository.js';
import { startServer, type TestServer } from './support/server.js';

describe('migrations', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('go all the way down and up again', async () => {
    const down = await migrateTo(server.store, NO_MIGRATIONS);
    assert.ok(down.length >= 4 && down.every((line) => line.startsWith('Down ') && line.endsWith(': Success')), down.join('\n'));
    assert.ok((await migrationStatus(server.store)).every((m) => m.executedAt === null));
    await migrateToLatest(server.store);
    assert.ok((await migrationStatus(server.store)).every((m) => m.executedAt !== null));
  });

  it('number the users and tokens of an older store in creation order, and continue from there', async () => {
    await migrateTo(server.store, NO_MIGRATIONS);
    await migrateTo(server.store, '20261124T1100_initial');
    for (const [id, time] of [['usrB', '2026-01-02T00:00:00.000Z'], ['usrA', '2026-01-01T00:00:00.000Z']] as const) {
      await sql`INSERT INTO users (id, email, name, password_hash, is_admin, created_time) VALUES (${id}, ${`${id}@example.com`}, ${id}, 'x', 0, ${time})`.execute(server.store.db);
    }
    await sql`INSERT INTO access_tokens (id, user_id, name, scopes, has_full_access, secret_digest, expired_time, created_time)
      VALUES ('accA', 'usrA', 'old', '["record|read"]', 1, 'digest-a', '2030-01-01T00:00:00.000Z', '2026-01-03T00:00:00.000Z')`.execute(server.store.db);

    await migrateToLatest(server.store);
    const users = await server.store.db.selectFrom('users').select(['id', 'num']).orderBy('num').execute();
    assert.deepEqual(users, [{ id: 'usrA', num: 1 }, { id: 'usrB', num: 2 }]);
    const token = await server.store.db.selectFrom('access_tokens').select(['kind', 'num', 'modified_time']).executeTakeFirstOrThrow();
    assert.deepEqual(token, { kind: 'personal_access_token', num: 1, modified_time: '2026-01-03T00:00:00.000Z' });
    const sequences = new SequenceRepository(server.store.db);
    assert.equal(await sequences.next('users'), 3);
    assert.equal(await sequences.next('access_tokens'), 2);
  });

  it('give live API tokens of one base that share an app name (a race before the unique index) distinct names, and refuse a new duplicate', async () => {
    await migrateTo(server.store, '20261125T1000_user_disabled_time');
    const db = server.store.db;
    await db.deleteFrom('access_tokens').execute();
    const token = (id: string, name: string, base: string, created: string, revoked: string | null = null) => ({
      // usrA: made by the test before.
      id, kind: 'base_api_token' as const, user_id: 'usrA', name, description: null, scopes: '["r"]', space_ids: null, base_ids: JSON.stringify([base]),
      has_full_access: 0, secret_digest: `digest-${id}`, expired_time: '2030-01-01T00:00:00.000Z', created_time: created,
      modified_time: created, last_used_time: null, revoked_time: revoked, num: Number(id.slice(3)),
    });
    await db.insertInto('access_tokens').values([
      token('acc1', 'app', 'bseX', '2026-01-01T00:00:00.000Z'),
      token('acc2', 'app', 'bseX', '2026-01-02T00:00:00.000Z'),
      token('acc3', 'app', 'bseX', '2026-01-03T00:00:00.000Z'),
      token('acc4', 'app (2)', 'bseX', '2026-01-04T00:00:00.000Z'),
      token('acc5', 'app', 'bseX', '2026-01-05T00:00:00.000Z', '2026-01-06T00:00:00.000Z'),
      token('acc6', 'app', 'bseY', '2026-01-06T00:00:00.000Z'),
    ]).execute();
    await migrateToLatest(server.store);
    const names = await db.selectFrom('access_tokens').select(['id', 'name']).orderBy('id').execute();
    assert.deepEqual(names.map((row) => `${row.id}:${row.name}`), ['acc1:app', 'acc2:app (3)', 'acc3:app (4)', 'acc4:app (2)', 'acc5:app', 'acc6:app']);
    await assert.rejects(db.insertInto('access_tokens').values(token('acc7', 'app', 'bseX', '2026-01-07T00:00:00.000Z')).execute(), 'the store refuses a live duplicate');
    await db.insertInto('access_tokens').values(token('acc8', 'app', 'bseX', '2026-01-08T00:00:00.000Z', '2026-01-08T00:00:00.000Z')).execute();
    await db.deleteFrom('access_tokens').execute();
  });
});

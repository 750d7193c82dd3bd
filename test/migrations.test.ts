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
});

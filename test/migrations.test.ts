// Migrations go up over existing data, number old rows in creation order, and come back down.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.js';
import { migrations } from '../src/db/migrations/index.js';
import { SequenceRepository } from '../src/db/sequence-repository.js';
import { startServer, type TestServer } from './support/server.js';

describe('migrations', () => {
  let server: TestServer;
  let migrator: Migrator;

  before(async () => {
    server = await startServer();
    migrator = new Migrator({
      db: server.store.db,
      provider: { getMigrations: () => Promise.resolve(migrations) },
      ...(server.store.schema ? { migrationTableSchema: server.store.schema } : {}),
    });
  });
  after(() => server.close());

  it('go all the way down and up again', async () => {
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    assert.equal(down.error, undefined);
    assert.ok((down.results ?? []).every((r) => r.status === 'Success'));
    await migrateToLatest(server.store);
    const status = await migrator.getMigrations();
    assert.ok(status.every((m) => m.executedAt !== undefined));
  });

  it('number the users and tokens of an older store in creation order, and continue from there', async () => {
    await migrator.migrateTo(NO_MIGRATIONS);
    await migrator.migrateTo('20261124T1100_initial');
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

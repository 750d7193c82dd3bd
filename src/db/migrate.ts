// Runs the timestamped migrations, up to the latest or one step down. On PostgreSQL the work runs
// under a session advisory lock on one connection: processes sharing a database migrate one at a
// time, and Kysely's look at the catalog never races another migration's DDL.
import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import type { Store } from './database.js';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';

type MigrationStore = Pick<Store, 'db' | 'schema' | 'dialect'>;

/** An arbitrary constant naming Tessera's DDL lock among a database's advisory locks. */
const DDL_LOCK = 0x7e55e7a;

/** Runs `work` while holding the DDL lock (PostgreSQL), on the locking connection. */
export async function withDdlLock<T>(store: MigrationStore, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (store.dialect !== 'postgres') return work(store.db);
  return store.db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${DDL_LOCK})`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`SELECT pg_advisory_unlock(${DDL_LOCK})`.execute(connection);
    }
  });
}

function migrator(db: Kysely<Database>, schema: string | null): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    // With a schema, the bookkeeping tables live in it too (and the schema is created if missing).
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) throw result.error instanceof Error ? result.error : new Error(`migration failed: ${JSON.stringify(result.error)}`);
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}: ${r.status}`);
}

export function migrateToLatest(store: MigrationStore): Promise<string[]> {
  return withDdlLock(store, async (db) => unwrap(await migrator(db, store.schema).migrateToLatest()));
}

/** Applies the next pending migration (one step, so that a caller can report each); its name, or null when none was pending. */
export function migrateUp(store: MigrationStore): Promise<string | null> {
  return withDdlLock(store, async (db) => {
    const result = await migrator(db, store.schema).migrateUp();
    unwrap(result);
    return result.results?.[0]?.migrationName ?? null;
  });
}

export function migrateDown(store: MigrationStore): Promise<string[]> {
  return withDdlLock(store, async (db) => unwrap(await migrator(db, store.schema).migrateDown()));
}

/** Moves to the named migration (or below all of them with NO_MIGRATIONS). */
export function migrateTo(store: MigrationStore, target: Parameters<Migrator['migrateTo']>[0]): Promise<string[]> {
  return withDdlLock(store, async (db) => unwrap(await migrator(db, store.schema).migrateTo(target)));
}

export function migrationStatus(store: MigrationStore): Promise<{ name: string; executedAt: Date | null }[]> {
  return withDdlLock(store, async (db) => (await migrator(db, store.schema).getMigrations()).map((m) => ({ name: m.name, executedAt: m.executedAt ?? null })));
}

/**
 * How many migrations this code knows that the store has not applied. It reads Kysely's table
 * directly, without the lock and without Kysely's Migrator, which creates its tables if missing
 * (DDL that can collide with another schema's migration on a busy server).
 */
export async function pendingMigrations(store: MigrationStore): Promise<number> {
  const table = store.schema ? sql`${sql.id(store.schema)}.${sql.id('kysely_migration')}` : sql.id('kysely_migration');
  const applied = await sql<{ name: string }>`SELECT name FROM ${table}`.execute(store.db);
  const done = new Set(applied.rows.map((row) => row.name));
  return Object.keys(migrations).filter((name) => !done.has(name)).length;
}

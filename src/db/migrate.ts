// Runs the timestamped migrations, up to the latest or one step down.
import { Migrator, type MigrationResultSet } from 'kysely';
import type { Store } from './database.js';
import { migrations } from './migrations/index.js';

function migrator(store: Pick<Store, 'db' | 'schema'>): Migrator {
  return new Migrator({
    db: store.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    // With a schema, the bookkeeping tables live in it too (and the schema is created if missing).
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) throw result.error instanceof Error ? result.error : new Error(`migration failed: ${JSON.stringify(result.error)}`);
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}: ${r.status}`);
}

export async function migrateToLatest(store: Pick<Store, 'db' | 'schema'>): Promise<string[]> {
  return unwrap(await migrator(store).migrateToLatest());
}

export async function migrateDown(store: Pick<Store, 'db' | 'schema'>): Promise<string[]> {
  return unwrap(await migrator(store).migrateDown());
}

export async function migrationStatus(store: Pick<Store, 'db' | 'schema'>): Promise<{ name: string; executedAt: Date | null }[]> {
  const list = await migrator(store).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}

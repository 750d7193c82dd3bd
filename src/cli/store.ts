// The store and services a command works on: configuration from the environment (as the server
// reads it), the store brought up to date first (as the server does at start-up, each migration
// reported), and everything closed at the end, once the announcements of revocations (NOTIFY, on
// PostgreSQL) have gone out to the running servers.
import { loadConfig, type Config } from '../config.js';
import { openStore, type Store } from '../db/database.js';
import { migrateUp, migrationStatus } from '../db/migrate.js';
import { createServices, type Services } from '../services.js';
import { errorLine, note } from './output.js';

/** Runs `work` on the store named by the environment, and closes it. */
export async function withStore<T>(work: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = openStore(config);
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}

/** Applies the pending migrations one at a time, each reported on stderr; returns their names. */
export async function applyPending(store: Store): Promise<string[]> {
  const pending = (await migrationStatus(store)).filter((m) => m.executedAt === null);
  const applied: string[] = [];
  for (const [i, migration] of pending.entries()) {
    note(`migrating ${i + 1}/${pending.length}: ${migration.name}`);
    const started = Date.now();
    const name = await migrateUp(store);
    // Another process may have applied the rest meanwhile.
    if (name === null) break;
    note(`migrated ${name} in ${Date.now() - started} ms`);
    applied.push(name);
  }
  return applied;
}

/** Runs `work` with the services over an up-to-date store, and closes everything. */
export function withServices<T>(work: (services: Services, store: Store, config: Config) => Promise<T>): Promise<T> {
  return withStore(async (store, config) => {
    await applyPending(store);
    // A failure off the command's path (an audit write, a NOTIFY) is worth a warning, not a failed command.
    const services = createServices(store, config, (error) => note(`warning: ${errorLine(error).slice('tessera: '.length)}`));
    try {
      return await work(services, store, config);
    } finally {
      await services.invalidation.settle();
      // A command does not wait for the store to come back: what it could not announce is said.
      const unsent = services.invalidation.unsentCount;
      if (unsent > 0) note(`warning: ${unsent} cache invalidations could not be announced to running servers; they trust those verdicts until their TTL (TESSERA_TOKEN_CACHE_TTL_SECONDS)`);
      await services.invalidation.stop();
      await services.throttle.close();
    }
  });
}

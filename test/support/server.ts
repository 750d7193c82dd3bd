// A real Tessera server on a fresh store for one test file: SQLite in a temporary directory, or
// (TESSERA_TEST_STORE=postgres) a schema of its own in TEST_DATABASE_URL, dropped at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openStore, type Store } from '../../src/db/database.js';
import { migrateToLatest, withDdlLock } from '../../src/db/migrate.js';
import { freePort } from './free-port.js';

export interface TestServer {
  readonly url: string;
  readonly store: Store;
  readonly config: Config;
  /**
   * Queries the store has run since the server started, apart from the audit log's writes (failed
   * authentications are written behind, on a timer, off the request's path).
   */
  queries(): number;
  /** Every log line the server wrote. */
  logs(): string;
  /** Every route the server registered (HEAD twins left out). */
  readonly routes: readonly { method: string; url: string }[];
  close(): Promise<void>;
}

export const storeKind = process.env.TESSERA_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** Where a store lives (the environment that names it), and how to get rid of it. */
export interface StoreLocation {
  readonly env: Record<string, string>;
  drop(store: Store): Promise<void>;
}

/** A store of its own for a test: a temporary SQLite directory, or a fresh PostgreSQL schema. */
export function freshLocation(): StoreLocation {
  if (storeKind === 'postgres') {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('TESSERA_TEST_STORE=postgres needs TEST_DATABASE_URL');
    const schema = `t_${randomBytes(8).toString('hex')}`;
    return {
      // Tessera creates the schema itself when it migrates.
      env: { DATABASE_URL: base, TESSERA_DB_SCHEMA: schema },
      // Under the DDL lock, so that no other file's migration looks at the catalog meanwhile.
      drop: (store) => withDdlLock(store, async (db) => void (await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db))),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-test-'));
  return { env: { TESSERA_DATA_DIR: dir }, drop: () => fs.promises.rm(dir, { recursive: true, force: true }) };
}

/** A server on a fresh store, or on `location` (which other processes share, e.g. the CLI); closing it drops the store. */
export async function startServer(env: Record<string, string> = {}, location: StoreLocation = freshLocation()): Promise<TestServer> {
  const port = await freePort();
  const config = loadConfig({
    LOG_LEVEL: 'info',
    TESSERA_SECRET: randomBytes(32).toString('hex'),
    TESSERA_PUBLIC_URL: `http://127.0.0.1:${port}`,
    // The suites throw many bad credentials from one address: limits are tested on their own.
    TESSERA_RATE_FAILED_AUTH: '1000000',
    TESSERA_RATE_FAILED_SIGNIN: '1000000',
    TESSERA_RATE_TOKEN_CREATION: '1000000',
    ...location.env,
    ...env,
  });
  let count = 0;
  let logs = '';
  const store = openStore(config, { onQuery: (event) => void (event.query.sql.includes('audit_events') ? 0 : count++) });
  await migrateToLatest(store);
  const app = buildApp(config, store, { logStream: { write: (line) => void (logs += line) } });
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  const address = await app.listen({ port, host: '127.0.0.1' });
  return {
    url: address,
    store,
    config,
    routes,
    queries: () => count,
    logs: () => logs,
    close: async () => {
      await app.close();
      if (store.dialect === 'postgres') await location.drop(store);
      await store.close();
      if (store.dialect === 'sqlite') await location.drop(store);
    },
  };
}

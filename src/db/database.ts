// The Kysely instance over either dialect: SQLite (better-sqlite3, embedded default) or PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Where the data lives, for people: a file path or the URL without credentials. */
  readonly location: string;
  /** The PostgreSQL schema, when one is configured. */
  readonly schema: string | null;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Called after every query; the tests use it to prove that some requests never reach the store. */
  onQuery?: (event: LogEvent) => void;
}

export function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databaseSchema'>, options: StoreOptions = {}): Store {
  const log = options.onQuery;
  if (config.databaseUrl) {
    const schema = config.databaseSchema;
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      connectionTimeoutMillis: 5000,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client that loses its connection must not crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) });
    const url = new URL(config.databaseUrl);
    url.password = '';
    url.username = '';
    return { db, dialect: 'postgres', location: url.toString(), schema, close: () => db.destroy() };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'tessera.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), ...(log ? { log } : {}) });
  return { db, dialect: 'sqlite', location: file, schema: null, close: () => db.destroy() };
}

// The Kysely instance over either dialect: SQLite (better-sqlite3, embedded default) or PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database } from './schema.js';
import { checkpointInWorker } from './sqlite-checkpoints.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Where the data lives, for people: a file path or the URL without credentials. */
  readonly location: string;
  /** The PostgreSQL schema, when one is configured. */
  readonly schema: string | null;
  /** Calls `listener` after every query (the metrics time the store with it). */
  observeQueries(listener: (event: LogEvent) => void): void;
  /**
   * SQLite only: whether another process (the command line, say) has committed to the file since
   * the last call, read from `PRAGMA data_version` (a counter in shared memory, no disk access).
   */
  readonly foreignCommits?: () => boolean;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Called after every query; the tests use it to prove that some requests never reach the store. */
  onQuery?: (event: LogEvent) => void;
  /**
   * The store a server answers requests from. On PostgreSQL every wait is bounded by the configured
   * timeouts (connecting, each statement), so that a request on a store that is down or does not
   * answer gets 503 quickly; on SQLite checkpoints run in a worker thread, off the event loop
   * (sqlite-checkpoints.ts). Migrations (which may wait on another process's), the command line
   * and the tests' short-lived stores wait as long as it takes and checkpoint as SQLite does.
   */
  serving?: boolean;
}

/** node-postgres's words for a statement that outlived `query_timeout`. */
const READ_TIMEOUT = 'Query read timeout';

/**
 * A statement that timed out leaves its connection waiting for the answer: node-postgres gives up
 * on the statement but keeps the connection, which goes back to the pool with the statement (and,
 * in a transaction, the transaction) still open on it, and whatever is sent next would run behind
 * it, perhaps inside that transaction. Cut the connection instead: it leaves the pool, and the
 * server rolls back what was open on it.
 */
function cutOnTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  Object.assign(client, {
    query: (...args: unknown[]): unknown => {
      const result = query(...args);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          if (error instanceof Error && error.message === READ_TIMEOUT) client.connection.stream.destroy();
        });
      }
      return result;
    },
  });
}

const STATEMENTS_KEPT = 500;

/**
 * Kysely prepares every query anew; SQLite's preparation costs as much as a small query. Keep the
 * prepared statements by their SQL text (bounded: the least recently used go first).
 */
function preparedOnce(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      let statement = statements.get(text);
      if (statement) statements.delete(text);
      else {
        statement = sqlite.prepare(text);
        if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value!);
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

export function openStore(
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databaseSchema' | 'databaseConnectTimeoutMs' | 'databaseQueryTimeoutMs' | 'databasePoolSize'>,
  options: StoreOptions = {},
): Store {
  const listeners: ((event: LogEvent) => void)[] = options.onQuery ? [options.onQuery] : [];
  const log = (event: LogEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const observeQueries = (listener: (event: LogEvent) => void): void => void listeners.push(listener);
  if (config.databaseUrl) {
    const schema = config.databaseSchema;
    const bounded = options.serving === true;
    const settings = [
      ...(schema ? [`-c search_path=${schema}`] : []),
      // The server gives up too (a statement, or a transaction whose client went quiet), so that
      // what a vanished client held does not stay locked.
      ...(bounded ? [`-c statement_timeout=${config.databaseQueryTimeoutMs}`, `-c idle_in_transaction_session_timeout=${5 * config.databaseQueryTimeoutMs}`] : []),
    ];
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.databasePoolSize,
      // Also how long a request waits for a free connection when all of them are busy.
      connectionTimeoutMillis: bounded ? config.databaseConnectTimeoutMs : 5000,
      ...(bounded ? { query_timeout: config.databaseQueryTimeoutMs } : {}),
      // Notices a peer that vanished (a network partition) on an idle connection.
      keepAlive: true,
      // Names the instance in pg_stat_activity (and lets a test find this process's connections).
      application_name: `tessera${schema ? `/${schema}` : ''}`.slice(0, 63),
      ...(settings.length > 0 ? { options: settings.join(' ') } : {}),
    });
    // A client that loses its connection must not crash the process: an idle one is dropped by
    // the pool ('error' on the pool), and one checked out between two queries (a transaction, a
    // lock held) emits 'error' on itself, which would be unhandled; its next query fails instead,
    // and the request gets 503.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
      if (bounded) cutOnTimeout(client);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    const url = new URL(config.databaseUrl);
    url.password = '';
    url.username = '';
    return { db, dialect: 'postgres', location: url.toString(), schema, observeQueries, close: () => db.destroy() };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'tessera.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Room for the token index's hot pages (the default is 2 MiB), so that a store of millions of
  // tokens answers lookups from memory.
  sqlite.pragma('cache_size = -32768');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: preparedOnce(sqlite) }), log });
  // data_version changes only when another connection commits, never for this one's own writes.
  const dataVersion = (): unknown => sqlite.pragma('data_version', { simple: true });
  let seen = dataVersion();
  const foreignCommits = (): boolean => {
    const now = dataVersion();
    const changed = now !== seen;
    seen = now;
    return changed;
  };
  const checkpoints = options.serving === true ? checkpointInWorker(sqlite, file) : null;
  const close = async (): Promise<void> => {
    await checkpoints?.stop();
    await db.destroy();
  };
  return { db, dialect: 'sqlite', location: file, schema: null, observeQueries, foreignCommits, close };
}

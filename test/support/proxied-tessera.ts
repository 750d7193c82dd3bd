// A Tessera process whose PostgreSQL is reached through a test-controlled TCP proxy
// (./tcp-proxy.ts), on a fresh schema, with a connection of the test's own straight to PostgreSQL
// (past the proxy, outside its faults) for looking at the store and cleaning up; for the store
// outage and all-or-nothing tests.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { openStore, type Store } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { startProcess, type TesseraProcess } from './process.js';
import type { Dtable } from './seatable.js';
import type { StoreLocation } from './server.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export interface ProxiedTessera {
  readonly proxy: TcpProxy;
  readonly server: TesseraProcess;
  /**
   * Straight to PostgreSQL, outside the schema: named `tessera` in pg_stat_activity, so that its
   * connections are not among those a test cuts by the process's name (`tessera/<schema>`).
   */
  readonly admin: Store;
  /** `admin`'s queries in the process's schema. */
  readonly db: Kysely<Database>;
  /** Resumes the proxy, stops the process and the proxy, drops the schema. */
  stop(): Promise<void>;
}

/** Starts the proxy and the process behind it (limits lifted: they would only turn load into 429s). */
export async function startProxiedTessera(location: StoreLocation, env: Record<string, string> = {}): Promise<ProxiedTessera> {
  const target = new URL(location.env.DATABASE_URL!);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(target);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  const server = await startProcess({
    ...location.env,
    DATABASE_URL: proxied.toString(),
    TESSERA_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'fatal',
    TESSERA_RATE_TOKEN_CREATION: '1000000000',
    TESSERA_RATE_FAILED_AUTH: '1000000000',
    TESSERA_RATE_FAILED_SIGNIN: '1000000000',
    ...env,
  });
  const admin = openStore(loadConfig({ DATABASE_URL: location.env.DATABASE_URL }));
  return {
    proxy,
    server,
    admin,
    db: admin.db.withSchema(location.env.TESSERA_DB_SCHEMA!),
    stop: async () => {
      proxy.resume();
      await server.stop();
      await proxy.close();
      await location.drop(admin);
      await admin.close();
    },
  };
}

/** A seeded base under SeaTable's names, read from the store. */
export async function dtableOf(db: Kysely<Database>, ws: { spaceId: string; baseId: string; tableId: string }): Promise<Dtable> {
  const space = await db.selectFrom('spaces').select('num').where('id', '=', ws.spaceId).executeTakeFirstOrThrow();
  const base = await db.selectFrom('bases').select(['uuid', 'name']).where('id', '=', ws.baseId).executeTakeFirstOrThrow();
  return { ...ws, workspaceId: Number(space.num), name: base.name, uuid: base.uuid };
}

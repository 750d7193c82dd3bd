// serve(config): open the store, migrate, listen; on SIGTERM or SIGINT drain and stop. Draining:
// /readyz and any new request answer 503 at once (a load balancer stops sending), the listener
// closes, requests in flight finish (up to TESSERA_SHUTDOWN_TIMEOUT_SECONDS, then their connections are cut), the
// write-behind state (lastUsedTime, failed-authentication counts) is flushed, the store closed.
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openStore } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';

export async function serve(config: Config): Promise<void> {
  // Migrations may wait for another process's: on a store of their own, without the timeouts.
  const migrating = openStore(config);
  try {
    await migrateToLatest(migrating);
  } finally {
    await migrating.close();
  }
  const store = openStore(config, { serving: true });
  const app = buildApp(config, store);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const deadline = setTimeout(() => {
      app.log.warn({ timeoutMs: config.shutdownTimeoutMs }, 'requests still in flight at the shutdown deadline: closing their connections');
      app.server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    deadline.unref();
    app
      .close()
      .then(() => store.close())
      .then(
        () => {
          app.log.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          app.log.error({ err: error }, 'the shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ store: store.dialect, location: store.location }, 'tessera is serving');
}

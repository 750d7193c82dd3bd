// Entry point: serve Tessera (migrations run first), stop cleanly on SIGTERM/SIGINT.
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openStore } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';

export async function serve(config: Config): Promise<void> {
  const store = openStore(config);
  await migrateToLatest(store);
  const app = buildApp(config, store);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ store: store.dialect, location: store.location }, 'tessera is serving');
}

function fail(error: unknown): never {
  process.stderr.write(`tessera: ${error instanceof ConfigError ? `configuration error: ${error.message}` : String(error)}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  fail(error);
}
serve(config).catch(fail);

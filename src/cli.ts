// Administrative commands: `migrate [up|down|status]`, `user create <email> <password> [--admin]`.
import { LOCAL_ORIGIN } from './audit/audit-log.js';
import { ConfigError, loadConfig } from './config.js';
import { openStore } from './db/database.js';
import { migrateDown, migrateToLatest, migrationStatus } from './db/migrate.js';
import { createServices } from './services.js';

const USAGE = `usage: tessera migrate [up|down|status]
       tessera user create <email> <password> [--name NAME] [--admin]
       tessera keys rotate|list`;

const reportError = (error: unknown): void => void process.stderr.write(`tessera: ${error instanceof Error ? error.message : String(error)}\n`);

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const store = openStore(config);
  try {
    const [command, sub, ...rest] = argv;
    if (command === 'migrate') {
      const lines =
        sub === 'down'
          ? await migrateDown(store)
          : sub === 'status'
            ? (await migrationStatus(store)).map((m) => `${m.name}: ${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending'}`)
            : await migrateToLatest(store);
      process.stdout.write(`${lines.length > 0 ? lines.join('\n') : 'nothing to do'}\n`);
    } else if (command === 'user' && sub === 'create' && rest.length >= 2) {
      await migrateToLatest(store);
      const [email, password] = rest as [string, string];
      const nameAt = rest.indexOf('--name');
      const name = nameAt >= 0 ? rest[nameAt + 1] : undefined;
      const services = createServices(store, config, reportError);
      const user = await services.users.create({ email, password, name }, LOCAL_ORIGIN, { admin: rest.includes('--admin') });
      process.stdout.write(`${JSON.stringify({ id: user.id, email: user.email, admin: user.is_admin === 1 })}\n`);
      await services.throttle.close();
    } else if (command === 'keys' && (sub === 'rotate' || sub === 'list')) {
      await migrateToLatest(store);
      const services = createServices(store, config, reportError);
      if (sub === 'rotate') process.stdout.write(`${JSON.stringify({ kid: await services.keys.rotate(LOCAL_ORIGIN, null) })}\n`);
      else process.stdout.write(`${JSON.stringify(await services.keys.list())}\n`);
      await services.throttle.close();
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`tessera: ${error instanceof ConfigError ? `configuration error: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

// `tessera migrate [up|down|status]`: the store's timestamped migrations, each step reported on stderr.
import { actionError, parse } from './args.js';
import type { Command } from './command.js';
import { note, orDash, result, table } from './output.js';

const HELP = `usage: tessera migrate [up|down|status] [--json]

  up        apply every pending migration, one at a time (the default)
  down      roll back the latest applied migration
  status    list every migration: applied (when) or pending

Each migration is reported on stderr as it starts and ends. The server also
migrates at start-up; on PostgreSQL migrations take a lock, so processes may
start together.

options:
  --json        print the result as JSON
  -h, --help    show this help

examples:
  tessera migrate
  tessera migrate status --json`;

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending migrations, roll back the latest, or list them',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parse('migrate', argv, {}, { min: 0, max: 1, names: 'up, down or status' });
    const json = values.json === true;
    const action = positionals[0] ?? 'up';
    if (action !== 'up' && action !== 'down' && action !== 'status') throw actionError('migrate', action, ['up', 'down', 'status']);
    const { migrateDown, migrationStatus } = await import('../db/migrate.js');
    const { applyPending, withStore } = await import('./store.js');
    await withStore(async (store) => {
      if (action === 'status') {
        const status = await migrationStatus(store);
        const rows = status.map((m) => ({ name: m.name, applied: m.executedAt !== null, appliedTime: m.executedAt?.toISOString() ?? null }));
        result(json, rows, () => table(['MIGRATION', 'APPLIED'], rows.map((m) => [m.name, m.applied ? orDash(m.appliedTime) : 'pending'])));
      } else if (action === 'up') {
        const applied = await applyPending(store);
        const latest = (await migrationStatus(store)).filter((m) => m.executedAt !== null).at(-1)?.name ?? null;
        result(json, { applied, latest }, () => [
          applied.length === 0 ? `nothing to do: the store is up to date (${orDash(latest)})` : `applied ${applied.length} migration${applied.length === 1 ? '' : 's'}; the store is at ${orDash(latest)}`,
        ]);
      } else {
        const latest = (await migrationStatus(store)).filter((m) => m.executedAt !== null).at(-1)?.name ?? null;
        if (latest !== null) note(`rolling back ${latest}`);
        const started = Date.now();
        const rolledBack = (await migrateDown(store)).length > 0 ? latest : null;
        if (rolledBack !== null) note(`rolled back ${rolledBack} in ${Date.now() - started} ms`);
        result(json, { rolledBack }, () => [rolledBack === null ? 'nothing to roll back' : `rolled back ${rolledBack}`]);
      }
    });
  },
};

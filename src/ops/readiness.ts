// Whether this process should receive traffic: the store answers, its migrations are current, and
// the process is not shutting down (a load balancer stops sending before the listener closes).
import { sql } from 'kysely';
import type { Store } from '../db/database.js';
import { pendingMigrations } from '../db/migrate.js';

const CHECK_TIMEOUT_MS = 2000;

export type Readiness = { ready: true } | { ready: false; reason: string };

export class ReadinessCheck {
  private stopping = false;

  constructor(private readonly store: Pick<Store, 'db' | 'dialect' | 'schema'>) {}

  /** From now on, not ready: the process is draining. */
  markStopping(): void {
    this.stopping = true;
  }

  async check(): Promise<Readiness> {
    if (this.stopping) return { ready: false, reason: 'shutting down' };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Readiness>((resolve) => {
      timer = setTimeout(() => resolve({ ready: false, reason: `the store did not answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
    });
    const probe = (async (): Promise<Readiness> => {
      try {
        await sql`SELECT 1`.execute(this.store.db);
      } catch {
        return { ready: false, reason: 'the store is unreachable' };
      }
      const pending = await pendingMigrations(this.store).catch(() => -1);
      if (pending < 0) return { ready: false, reason: 'the migrations could not be read' };
      return pending === 0 ? { ready: true } : { ready: false, reason: `${pending} migration(s) pending` };
    })();
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

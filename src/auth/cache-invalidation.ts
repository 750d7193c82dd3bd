// Invalidation of the verdict cache across every process sharing a store. Forgetting a digest
// drops it here and, on PostgreSQL, announces it with NOTIFY; each process LISTENs and drops what
// others announce. A process that loses its listening connection clears its whole cache (it may
// have missed announcements), clears it again at every failed reconnection (every half second),
// and once more when it listens again. SQLite has no NOTIFY: once a second, a process asks the
// file whether another process (the command line) has committed since, and if so clears its cache.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { PgListener } from '../db/pg-listener.js';

export interface VerdictCache {
  delete(digest: string): void;
  clear(): void;
}

/**
 * Runs a write that changes or ends the credential with this digest, then drops its cached verdict
 * whatever the outcome: a write that failed may have committed all the same (the store lost after
 * the commit, before its answer), and a verdict kept then would accept a dead credential until it
 * expires. Dropping a verdict that still holds costs one lookup.
 */
export async function forgetting<T>(forget: (digest: string) => void, digest: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    forget(digest);
  }
}

/**
 * As `forgetting`, for a write that learns the digests it ends as it goes (a transaction revoking
 * a family of tokens, whose digests come back before its commit): `write` pushes each to `found`,
 * and every one pushed is dropped whatever the write answered, a lost commit's answer included.
 */
export async function forgettingFound<T>(forget: (digest: string) => void, write: (found: string[]) => Promise<T>): Promise<T> {
  const found: string[] = [];
  try {
    return await write(found);
  } finally {
    for (const digest of found) forget(digest);
  }
}

/** The channel name for one store (a database may hold several Tessera schemas). */
export function invalidationChannel(schema: string | null): string {
  return `tessera_forget_${schema ?? 'public'}`.slice(0, 63);
}

/** How often a process on SQLite looks for other processes' commits. */
export const FOREIGN_COMMIT_CHECK_MS = 1000;

export class CacheInvalidation {
  private listener: PgListener | undefined;
  private watch: NodeJS.Timeout | undefined;
  private deaf = false;
  /** NOTIFYs on their way, for `settle`. */
  private readonly announcing = new Set<Promise<void>>();

  constructor(
    private readonly cache: VerdictCache,
    /** On PostgreSQL: where to announce and listen; null for a store that no other process shares. */
    private readonly shared: { readonly db: Kysely<Database>; readonly connectionString: string; readonly channel: string } | null,
    private readonly onError: (error: unknown) => void,
    /** On SQLite: whether another process has committed since the last call. */
    private readonly foreignCommits?: () => boolean,
  ) {}

  /** Drops a digest's cached verdict here and in every other process. */
  forget(digest: string): void {
    this.cache.delete(digest);
    if (!this.shared) return;
    const sent = sql`SELECT pg_notify(${this.shared.channel}, ${digest})`.execute(this.shared.db).then(() => undefined, this.onError);
    this.announcing.add(sent);
    void sent.then(() => this.announcing.delete(sent));
  }

  /** Resolves once every announcement made so far is sent (a short-lived process, the CLI, waits for it before closing the store). */
  async settle(): Promise<void> {
    await Promise.all([...this.announcing]);
  }

  /** Drops what another process forgot; while not listening, trusts nothing cached. */
  private heard(digest: string): void {
    this.cache.delete(digest);
  }

  async start(): Promise<void> {
    const foreignCommits = this.foreignCommits;
    if (foreignCommits && !this.watch) {
      this.watch = setInterval(() => {
        try {
          if (foreignCommits()) this.cache.clear();
        } catch (error) {
          this.onError(error);
        }
      }, FOREIGN_COMMIT_CHECK_MS);
      this.watch.unref();
    }
    if (!this.shared || this.listener) return;
    this.listener = new PgListener(this.shared.connectionString, this.shared.channel, {
      message: (digest) => this.heard(digest),
      lost: (error) => {
        this.deaf = true;
        this.cache.clear();
        this.onError(error);
      },
      listening: () => {
        // Whatever was cached while deaf may be stale.
        if (this.deaf) this.cache.clear();
        this.deaf = false;
      },
    });
    await this.listener.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.watch);
    this.watch = undefined;
    await this.listener?.stop();
    this.listener = undefined;
  }
}

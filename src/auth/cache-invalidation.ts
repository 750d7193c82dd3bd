// Invalidation of the verdict cache across every process sharing a store. Forgetting a digest
// drops it here and, on PostgreSQL, announces it with NOTIFY; each process LISTENs and drops what
// others announce. A process that loses its listening connection clears its whole cache (it may
// have missed announcements), clears it again at every failed reconnection (every half second),
// and once more when it listens again. An announcement that fails (this process's connections to
// the store lost while the others' hold) is kept and sent again every second until it goes
// through, so that a revocation committed just before does not wait for the others' TTL. SQLite
// has no NOTIFY: once a second, a process asks the file whether another process (the command
// line) has committed since, and if so clears its cache.
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
export function forgetting<T>(forget: (digest: string) => void, digest: string, write: () => Promise<T>): Promise<T> {
  return forgettingFound(forget, (found) => {
    found.push(digest);
    return write();
  });
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

/** How often announcements that failed are sent again. */
export const ANNOUNCE_RETRY_MS = 1000;
/** Announcements kept for sending again at most; past it the oldest is given up (logged). */
const UNSENT_KEPT = 10_000;

export class CacheInvalidation {
  private listener: PgListener | undefined;
  private watch: NodeJS.Timeout | undefined;
  private deaf = false;
  /** NOTIFYs on their way, for `settle`. */
  private readonly announcing = new Set<Promise<void>>();
  /** Digests forgotten in this turn of the event loop, to announce in one query (a grant's tokens). */
  private batch: string[] = [];
  /** Digests whose announcement failed, oldest first, to send again. */
  private unsent = new Set<string>();
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

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
    this.batch.push(digest);
    if (this.batch.length > 1) return;
    this.track(
      Promise.resolve().then(() => {
        const digests = this.batch;
        this.batch = [];
        return this.announce(digests);
      }),
    );
  }

  /** Announcements that failed and were not sent again yet. */
  get unsentCount(): number {
    return this.unsent.size;
  }

  private track(sending: Promise<void>): void {
    this.announcing.add(sending);
    void sending.then(() => this.announcing.delete(sending));
  }

  /** One NOTIFY per digest, in one query; what fails is kept to be sent again. */
  private announce(digests: string[]): Promise<void> {
    const shared = this.shared!;
    return sql`SELECT pg_notify(${shared.channel}, digest) FROM unnest(${digests}::text[]) AS digest`.execute(shared.db).then(
      () => undefined,
      (error: unknown) => {
        this.onError(error);
        this.keep(digests);
      },
    );
  }

  /** Keeps digests whose announcement failed, and has the unsent ones sent again soon. */
  private keep(failed: string[]): void {
    if (this.stopped) return;
    // Those that failed now are older than those kept meanwhile: they go first, and out first.
    const kept = [...new Set([...failed, ...this.unsent])];
    const over = kept.length - UNSENT_KEPT;
    if (over > 0) this.onError(new Error(`more than ${UNSENT_KEPT} cache invalidations could not be announced; the ${over} oldest are given up (other processes trust their verdicts until their TTL)`));
    this.unsent = new Set(over > 0 ? kept.slice(over) : kept);
    this.retry ??= setTimeout(() => {
      this.retry = undefined;
      const digests = [...this.unsent];
      this.unsent.clear();
      this.track(this.announce(digests));
    }, ANNOUNCE_RETRY_MS).unref();
  }

  /**
   * Resolves once every announcement made so far has been tried (a short-lived process, the CLI,
   * waits for it before closing the store); one that failed is not waited for again.
   */
  async settle(): Promise<void> {
    await Promise.all([...this.announcing]);
  }

  /** Drops what another process forgot; while not listening, trusts nothing cached. */
  private heard(digest: string): void {
    this.cache.delete(digest);
  }

  async start(): Promise<void> {
    this.stopped = false;
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
    this.stopped = true;
    clearTimeout(this.retry);
    this.retry = undefined;
    await this.listener?.stop();
    this.listener = undefined;
  }
}

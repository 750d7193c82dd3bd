// A dedicated PostgreSQL connection that LISTENs on one channel. When the connection is lost, the
// owner is told at once (what it heard may be incomplete) and the listener reconnects by itself.
import pg from 'pg';

export interface ListenerHandlers {
  /** A notification's payload. */
  readonly message: (payload: string) => void;
  /** The connection was lost or could not be made: notifications may have been missed. */
  readonly lost: (error: unknown) => void;
  /** Listening again after a loss (or for the first time). */
  readonly listening?: () => void;
}

const RETRY_MS = 500;

export class PgListener {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly handlers: ListenerHandlers,
  ) {}

  /** Resolves once listening, or after the first failure (then retries in the background). */
  start(): Promise<void> {
    this.stopped = false;
    return this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000, application_name: 'tessera-listener' });
    this.client = client;
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.handlers.lost(error);
      this.retry = setTimeout(() => void this.connect(), RETRY_MS);
      this.retry.unref();
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('the listening connection ended')));
    client.on('notification', (note) => {
      if (note.channel === this.channel && note.payload !== undefined) this.handlers.message(note.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
      this.handlers.listening?.();
    } catch (error) {
      fail(error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }
}

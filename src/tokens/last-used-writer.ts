// Write-behind of `lastUsedTime`: never on the request's path, coalesced to at most one write a
// minute per token, flushed on a timer and at shutdown.

const MIN_INTERVAL_MS = 60_000;

export class LastUsedWriter {
  private readonly pending = new Set<string>();
  private readonly written = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (ids: readonly string[], at: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly flushEveryMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  touch(id: string): void {
    const last = this.written.get(id);
    if (last !== undefined && this.now() - last < MIN_INTERVAL_MS) return;
    this.pending.add(id);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.flushEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    const now = this.now();
    for (const [id, at] of this.written) if (now - at >= MIN_INTERVAL_MS) this.written.delete(id);
    if (this.pending.size === 0) return;
    const ids = [...this.pending];
    this.pending.clear();
    for (const id of ids) this.written.set(id, now);
    try {
      await this.write(ids, new Date(now).toISOString());
    } catch (error) {
      for (const id of ids) this.written.delete(id);
      this.onError(error);
    }
  }
}

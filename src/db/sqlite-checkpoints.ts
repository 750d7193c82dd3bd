// SQLite's checkpoints, off the event loop. In WAL mode a checkpoint copies the log back into the
// database file and syncs it; by default it runs inside the commit that grows the log past 1,000
// pages, and better-sqlite3 is synchronous, so every request in flight waited for it (5 to 38 ms,
// every few hundred writes: the slowest answers under load, docs/reliability.md). Here the serving
// connection never checkpoints; a worker thread with a connection of its own runs a PASSIVE
// checkpoint every second, which copies what no reader still needs and never blocks the writer.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** How often the worker checkpoints. */
const EVERY_MS = 1000;
/** SQLite's own default, restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

/** The worker, as a CommonJS script: it needs no build step and runs the same under tsx and from dist/. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpoints {
  /** Stops the worker (its connection closed) before the serving connection closes, which then checkpoints what is left. */
  stop(): Promise<void>;
}

/**
 * Moves `sqlite`'s checkpoints to a worker. Should the worker fail or exit on its own, the
 * connection checkpoints in its commits again, as SQLite does by default, so the log never grows
 * without bound.
 */
export function checkpointInWorker(sqlite: SQLite.Database, file: string): Checkpoints {
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), file, everyMs: EVERY_MS },
  });
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const fallBack = (): void => {
    if (!stopping && sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('error', fallBack);
  worker.once('exit', fallBack);
  return {
    stop: async () => {
      stopping = true;
      // Unreferenced so that an open store does not keep a process alive; waited for here.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

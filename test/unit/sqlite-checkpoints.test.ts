// SQLite's checkpoints run in a worker, not in the commits of the store a server serves from
// (`serving`; src/db/sqlite-checkpoints.ts): a commit that grows the log far past SQLite's
// 1,000-page threshold leaves the database file as it was, and the worker copies the log into it
// within a few seconds; closing the store leaves no log behind.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { openStore } from '../../src/db/database.js';

describe('SQLite checkpoints', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-checkpoints-'));
  const file = path.join(dataDir, 'tessera.sqlite');
  const config = { dataDir, databaseUrl: null, databaseSchema: null, databaseConnectTimeoutMs: 1000, databaseQueryTimeoutMs: 1500, databasePoolSize: 10 };
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('are not run by a commit, but by the worker soon after, and the log is gone once the store is closed', async () => {
    const store = openStore(config, { serving: true });
    await sql`create table filler (id integer primary key, data blob)`.execute(store.db);
    // Let the worker copy the table's creation, so that the file's size is settled.
    await sleep(1500);
    const before = fs.statSync(file).size;
    // About 2,500 pages of 4 KiB in one commit: SQLite would checkpoint inside it by default.
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 2500) insert into filler (data) select randomblob(4000) from n`.execute(store.db);
    assert.equal(fs.statSync(file).size, before, 'the commit left the database file alone (no checkpoint in it)');
    assert.ok(fs.statSync(`${file}-wal`).size > 2500 * 4000, 'the rows are in the log');

    const deadline = Date.now() + 5000;
    while (fs.statSync(file).size < before + 2500 * 4000) {
      assert.ok(Date.now() < deadline, 'the worker copied the log into the database file within 5 s');
      await sleep(50);
    }
    const rows = await sql<{ n: number }>`select count(*) as n from filler`.execute(store.db);
    assert.equal(rows.rows[0]!.n, 2500);

    await store.close();
    assert.equal(fs.existsSync(`${file}-wal`), false, 'closing the store checkpointed the rest and removed the log');
  });
});

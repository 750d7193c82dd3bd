// The store's connections cut while requests are in flight (PostgreSQL, pg_terminate_backend):
// the process survives, every request gets a whole answer (its success, or 503 in the family's
// body, never a 500 or a dropped connection), and it serves again by itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openStore, type Store } from '../src/db/database.js';
import { call, createToken, daysFromNow, signUp } from './support/client.js';
import { startProcess, type TesseraProcess } from './support/process.js';
import { freshLocation, storeKind } from './support/server.js';

describe('store connections cut under load', { skip: storeKind !== 'postgres' && 'PostgreSQL only' }, () => {
  const location = storeKind === 'postgres' ? freshLocation() : null;
  let server: TesseraProcess;
  let admin: Store;
  before(async () => {
    // The limits are tested on their own; here they would only turn load into 429s.
    server = await startProcess({ ...location!.env, LOG_LEVEL: 'fatal', TESSERA_RATE_TOKEN_CREATION: '1000000000', TESSERA_RATE_FAILED_AUTH: '1000000000' });
    // Outside the schema, so that its connection is not among those cut.
    admin = openStore(loadConfig({ DATABASE_URL: location!.env.DATABASE_URL }));
  });
  after(async () => {
    await server?.stop();
    if (admin) {
      await location!.drop(admin);
      await admin.close();
    }
  });

  it('survives, answers 503 or success, and recovers', async () => {
    const ann = await signUp(server);
    const pat = await createToken(server, ann, { name: 'p', scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(5) });
    const schema = location!.env.TESSERA_DB_SCHEMA!;
    const statuses: number[] = [];
    let running = true;
    const worker = async (i: number): Promise<void> => {
      while (running) {
        const reply =
          i % 2 === 0
            ? await call(server, 'POST', '/api/access-token', { cookie: ann.cookie, body: { name: 'x', scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(5) } })
            : await call(server, 'GET', '/api/space', { token: pat.token });
        statuses.push(reply.status);
        if (reply.status === 503) assert.equal(typeof reply.body.message, 'string', 'the family body');
      }
    };
    const workers = Array.from({ length: 6 }, (_, i) => worker(i));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let round = 0; round < 3; round++) {
        // Once the process has connected again (on a loaded machine that may take a while; 10 s at most).
        let killed = 0;
        for (let tries = 0; killed === 0 && tries < 200; tries++) {
          if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 50));
          const result = await sql<{ n: number }>`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = ${`tessera/${schema}`}`.execute(admin.db);
          killed = result.rows[0]!.n;
        }
        assert.ok(killed > 0, 'connections of the process were cut');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      running = false;
      await Promise.all(workers);
    }
    const unexpected = statuses.filter((s) => ![200, 201, 503].includes(s));
    assert.deepEqual(unexpected, [], 'only successes and 503s');
    assert.ok(statuses.filter((s) => s < 300).length > 0);
    for (let tries = 0; tries < 20; tries++) {
      if ((await call(server, 'GET', '/readyz')).status === 200 && (await call(server, 'GET', '/api/space', { token: pat.token })).status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal((await call(server, 'GET', '/api/space', { token: pat.token })).status, 200, 'serves again');
    assert.equal((await call(server, 'GET', '/readyz')).status, 200);
    assert.equal(server.child.exitCode, null, 'the process is alive');
  });
});

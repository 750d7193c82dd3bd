// kill -9 under write load (both stores): clients create and delete personal access tokens against
// a real process, the process is SIGKILLed mid-load, and a new process on the same store must hold
// every acknowledged write: each token whose creation was answered 201 (and not deleted) verifies,
// each token whose deletion was answered 200 stays refused. Writes in flight at the kill may go
// either way; they are not checked.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/db/database.js';
import { call, daysFromNow, signUp, type Account, type Json, type Reply } from '../support/client.js';
import { startProcess, type TesseraProcess } from '../support/process.js';
import { freshLocation } from '../support/server.js';

const CLIENTS = 6;
const ROUNDS = 3;
const LOAD_MS = 1500;

interface Acknowledged {
  /** Tokens whose creation was answered 201 and whose deletion was never sent. */
  live: Map<string, string>;
  /** Tokens whose deletion was answered 200. */
  deleted: Map<string, string>;
}

describe('kill -9 under write load', () => {
  const location = freshLocation();
  const env = {
    ...location.env,
    TESSERA_SECRET: randomBytes(32).toString('hex'),
    TESSERA_RATE_TOKEN_CREATION: '1000000',
    TESSERA_RATE_FAILED_AUTH: '1000000',
    LOG_LEVEL: 'fatal',
  };
  let server: TesseraProcess | undefined;
  after(async () => {
    await server?.stop();
    const store = openStore(loadConfig(env));
    await location.drop(store);
    await store.close();
  });

  /** Clients creating tokens and deleting some of theirs until the process dies; what was acknowledged. */
  async function load(target: TesseraProcess, owner: Account, acked: Acknowledged, counts: { created: number; deleted: number; lost: number }): Promise<void> {
    const client = async (): Promise<void> => {
      const mine: { id: string; token: string }[] = [];
      for (let i = 0; ; i++) {
        let reply: Reply<Json>;
        const deleting = i % 3 === 2 ? mine.shift() : undefined;
        try {
          reply = deleting
            ? await call(target, 'DELETE', `/api/access-token/${deleting.id}`, { cookie: owner.cookie })
            : await call(target, 'POST', '/api/access-token', { cookie: owner.cookie, body: { name: `load ${i}`, scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(5) } });
        } catch {
          // The process is gone: this write's fate is unknown.
          if (deleting) acked.live.delete(deleting.id);
          counts.lost++;
          return;
        }
        if (deleting) {
          assert.equal(reply.status, 200, reply.text);
          acked.live.delete(deleting.id);
          acked.deleted.set(deleting.id, deleting.token);
          counts.deleted++;
        } else {
          assert.equal(reply.status, 201, reply.text);
          const created = { id: reply.body.id as string, token: reply.body.token as string };
          acked.live.set(created.id, created.token);
          mine.push(created);
          counts.created++;
        }
      }
    };
    let stopped = 0;
    const clients = Array.from({ length: CLIENTS }, () => client().finally(() => void stopped++));
    // At least LOAD_MS, and until every client has had a deletion acknowledged however slow the
    // machine (60 s at most), unless a client stopped on an unexpected answer.
    const started = performance.now();
    while ((performance.now() - started < LOAD_MS || counts.deleted < CLIENTS) && stopped === 0 && performance.now() - started < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const exited = new Promise<NodeJS.Signals | null>((resolve) => target.child.once('exit', (_code, signal) => resolve(signal)));
    target.child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    await Promise.all(clients);
  }

  it(`keeps every acknowledged creation and deletion across ${ROUNDS} SIGKILLs`, async (t) => {
    server = await startProcess(env);
    const owner = await signUp(server);
    const acked: Acknowledged = { live: new Map(), deleted: new Map() };
    for (let round = 1; round <= ROUNDS; round++) {
      const counts = { created: 0, deleted: 0, lost: 0 };
      await load(server, owner, acked, counts);
      const started = performance.now();
      server = await startProcess(env);
      const restartMs = Math.round(performance.now() - started);
      const verify = async (tokens: Map<string, string>): Promise<number[]> => {
        const statuses: number[] = [];
        // A few at a time, so as not to trip anything on a loaded machine.
        const entries = [...tokens.values()];
        for (let i = 0; i < entries.length; i += 10) {
          statuses.push(...(await Promise.all(entries.slice(i, i + 10).map(async (token) => (await call(server!, 'GET', '/api/auth/user', { token })).status))));
        }
        return statuses;
      };
      const live = await verify(acked.live);
      const deleted = await verify(acked.deleted);
      t.diagnostic(
        `round ${round}: ${counts.created} creations and ${counts.deleted} deletions acknowledged, ${counts.lost} in flight at the kill; ` +
          `${acked.live.size} live and ${acked.deleted.size} deleted checked after a ${restartMs} ms restart`,
      );
      assert.ok(counts.created > 0 && counts.deleted > 0, 'the load made acknowledged writes of both kinds');
      assert.deepEqual(live.filter((s) => s !== 200), [], 'every acknowledged, undeleted token verifies after the restart');
      assert.deepEqual(deleted.filter((s) => s !== 401), [], 'every acknowledged deletion stays refused after the restart');
      const sessions = await call(server, 'GET', '/api/access-token', { cookie: owner.cookie });
      assert.equal(sessions.status, 200, 'the session survives the restart');
      const listed = new Set((sessions.body as { id: string }[]).map((token) => token.id));
      for (const id of acked.live.keys()) assert.ok(listed.has(id), `acknowledged token ${id} is listed`);
      for (const id of acked.deleted.keys()) assert.ok(!listed.has(id), `deleted token ${id} is not listed`);
    }
  });
});

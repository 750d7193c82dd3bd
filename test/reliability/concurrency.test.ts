// Many clients at once on one credential, against a real server on a fresh store (both stores):
// simultaneous refreshes of one personal access token, simultaneous exchanges of one plugin
// authorization code, use of a token while it is deleted, use of a token while its scopes and reach
// are changed (in the same process, and on PostgreSQL through another process), and token creation
// up to the per-user limit. The outcomes must be those of some serial order of the same requests,
// and none is a 5xx. At the end, no secret handed out is in a store, a log, an error answer or /metrics.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { call, createToken, seedWorkspace, signUp, type Account, type Endpoint, type Reply } from '../support/client.js';
import { authCode, exchange, plugin } from '../support/credential-kinds.js';
import { startProcess, type TesseraProcess } from '../support/process.js';
import { auditFlushed, findSecrets, readTables, scrapeMetrics, SecretCollector, sweepServer, type SweepResult } from '../support/secret-sweep.js';
import { freshLocation, startServer, storeKind, type TestServer } from '../support/server.js';

const CLIENTS = 20;
const ROUNDS = 3;
const HAMMERS = 8;
const me = (server: TestServer, token: string): Promise<Reply> => call(server, 'GET', '/api/auth/user', { token });
/** Polls until `done` holds; fails after 30 s (a machine slow beyond that is a failure too). */
async function waitFor(label: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`waited 30 s for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const fiveHundreds = (replies: Reply[]): string[] => replies.filter((r) => r.status >= 500).map((r) => `${r.status} ${r.text.slice(0, 200)}`);

/** Every secret handed out in this file, for the sweep at the end of each server. */
const collector = new SecretCollector();
after(() => collector.close());
const assertSwept = (t: { diagnostic: (message: string) => void }, result: SweepResult): void => {
  t.diagnostic(result.summary);
  assert.ok(result.secrets >= 4 && result.auditRows >= 5 && result.logBytes > 10_000, 'the sweep searched a real run');
  assert.deepEqual(result.found, []);
};

describe('concurrency on one credential', () => {
  let server: TestServer;
  let owner: Account;
  before(async () => {
    server = await startServer();
    owner = await signUp(server);
  });
  after(() => server.close());

  it(`${CLIENTS} simultaneous refreshes of one token: distinct secrets, only the last one works`, async (t) => {
    const refreshOutcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const created = await createToken(server, owner, { scopes: ['space|read'], hasFullAccess: true });
      assert.equal((await me(server, created.token)).status, 200);
      const replies = await Promise.all(
        Array.from({ length: CLIENTS }, () => call(server, 'POST', `/api/access-token/${created.id}/refresh`, { cookie: owner.cookie })),
      );
      assert.deepEqual(fiveHundreds(replies), [], 'no refresh is a 5xx');
      // A refresh replaces the secret it read (compare and swap): one that lost the race to another
      // is 409 conflict and changed nothing, as if it had come first and failed (PostgreSQL runs
      // them side by side; SQLite's one connection serialises them, so all succeed there).
      const refused = replies.filter((r) => r.status !== 200);
      for (const reply of refused) assert.equal(`${reply.status} ${reply.body?.code}`, '409 conflict', reply.text);
      const secrets = replies.filter((r) => r.status === 200).map((r) => r.body.token as string);
      assert.ok(secrets.length > 0, 'some refresh succeeded');
      refreshOutcomes.push(`${secrets.length}/${CLIENTS}`);
      assert.equal(new Set(secrets).size, secrets.length, 'every successful refresh returned a distinct secret');
      assert.ok(!secrets.includes(created.token));
      const uses = await Promise.all(secrets.map((secret) => me(server, secret)));
      const working = uses.flatMap((reply, i) => (reply.status === 200 ? [i] : []));
      assert.equal(working.length, 1, `exactly one issued secret works afterwards (the last issued), not ${working.length}`);
      assert.deepEqual(uses.filter((r) => r.status !== 200 && r.status !== 401).map((r) => r.status), [], 'the others are 401');
      assert.equal((await me(server, created.token)).status, 401, 'the original secret is refused');
      // The survivor is the token's current secret: one more refresh replaces it.
      const survivor = secrets[working[0]!]!;
      const again = await call(server, 'POST', `/api/access-token/${created.id}/refresh`, { cookie: owner.cookie });
      assert.equal(again.status, 200, again.text);
      assert.equal((await me(server, survivor)).status, 401);
      assert.equal((await me(server, again.body.token as string)).status, 200);
    }
    t.diagnostic(`refreshes that succeeded per round: ${refreshOutcomes.join(', ')}`);
  });

  it(`${CLIENTS} simultaneous exchanges of one plugin authorization code: exactly one gets tokens`, async () => {
    const seeded = await seedWorkspace(server, owner);
    const p = await plugin(server, owner, seeded.baseId);
    for (let round = 0; round < ROUNDS; round++) {
      const code = await authCode(server, owner, p, seeded.baseId);
      const replies = await Promise.all(Array.from({ length: CLIENTS }, () => exchange(server, p, seeded.baseId, code)));
      assert.deepEqual(fiveHundreds(replies), [], 'no exchange is a 5xx');
      const winners = replies.filter((r) => r.status === 201);
      assert.equal(winners.length, 1, `exactly one exchange succeeds: ${replies.map((r) => r.status).join(',')}`);
      const losers = replies.filter((r) => r.status !== 201);
      assert.deepEqual(losers.map((r) => r.status), Array<number>(CLIENTS - 1).fill(400), 'the others are refused with 400');
      for (const loser of losers) assert.equal(loser.body.code, 'invalid_grant', loser.text);
      const { accessToken } = winners[0]!.body as { accessToken: string };
      const read = await call(server, 'GET', `/api/table/${seeded.tableId}/record`, { token: accessToken });
      assert.equal(read.status, 200, `the winner's access token works: ${read.text}`);
      assert.equal((await exchange(server, p, seeded.baseId, code)).status, 400, 'the code stays used');
    }
  });

  it('using a token while it is deleted: every use after the DELETE answered is 401, none is 5xx', async (t) => {
    const seen: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { id, token } = await createToken(server, owner, { scopes: ['space|read'], hasFullAccess: true });
      let deletedAt = Number.POSITIVE_INFINITY;
      let stop = false;
      const uses: { startedAt: number; reply: Reply }[] = [];
      const hammer = async (): Promise<void> => {
        while (!stop) {
          const startedAt = performance.now();
          uses.push({ startedAt, reply: await me(server, token) });
        }
      };
      const clients = Array.from({ length: HAMMERS }, () => hammer());
      // However slow the machine: the token has been used, then the DELETE, then many uses begun after it.
      try {
        await waitFor('a use of the token', () => uses.some((u) => u.reply.status === 200));
        const deleted = await call(server, 'DELETE', `/api/access-token/${id}`, { cookie: owner.cookie });
        deletedAt = performance.now();
        assert.equal(deleted.status, 200, deleted.text);
        await waitFor('uses begun after the deletion', () => uses.filter((u) => u.startedAt >= deletedAt).length >= HAMMERS * 5);
      } finally {
        stop = true;
        await Promise.all(clients);
      }
      assert.deepEqual(fiveHundreds(uses.map((u) => u.reply)), [], 'no use is a 5xx');
      assert.deepEqual(uses.filter((u) => u.reply.status !== 200 && u.reply.status !== 401).map((u) => u.reply.status), [], 'every use is 200 or 401');
      const before = uses.filter((u) => u.startedAt < deletedAt);
      const later = uses.filter((u) => u.startedAt >= deletedAt);
      assert.ok(before.some((u) => u.reply.status === 200), 'the token worked before the deletion');
      assert.ok(later.length > 0, 'some uses started after the deletion answered');
      assert.deepEqual(later.filter((u) => u.reply.status !== 401).map((u) => u.reply.status), [], 'every use started after the DELETE answered is 401');
      seen.push(`${before.filter((u) => u.reply.status === 200).length} accepted and ${before.filter((u) => u.reply.status === 401).length} refused before, ${later.length} refused after`);
    }
    t.diagnostic(`uses per round: ${seen.join('; ')}`);
  });

  it('leaves no secret handed out above in the store, the logs, an error answer or /metrics', async (t) => {
    assertSwept(t, await sweepServer(server, collector));
  });
});

describe('token creation up to the per-user limit', () => {
  const LIMIT = 10;
  let server: TestServer;
  before(async () => {
    server = await startServer({ TESSERA_RATE_TOKEN_CREATION: String(LIMIT) });
  });
  after(() => server.close());

  it(`30 simultaneous creations with a limit of ${LIMIT}: exactly ${LIMIT} succeed, the rest 429, ${LIMIT} rows`, async () => {
    const owner = await signUp(server);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(server, 'POST', '/api/access-token', { cookie: owner.cookie, body: { name: `t${i}`, scopes: ['space|read'], hasFullAccess: true, expiredTime: new Date(Date.now() + 86_400_000 * 5).toISOString().slice(0, 10) } }),
      ),
    );
    assert.deepEqual(fiveHundreds(replies), []);
    assert.equal(replies.filter((r) => r.status === 201).length, LIMIT, replies.map((r) => r.status).join(','));
    assert.equal(replies.filter((r) => r.status === 429).length, 30 - LIMIT);
    for (const refused of replies.filter((r) => r.status === 429)) assert.ok(Number(refused.headers.get('retry-after')) > 0, 'with Retry-After');
    const rows = await server.store.db.selectFrom('access_tokens').select('id').where('user_id', '=', owner.id).where('kind', '=', 'personal_access_token').execute();
    assert.equal(rows.length, LIMIT, `exactly ${LIMIT} rows exist`);
    const created = replies.filter((r) => r.status === 201).map((r) => r.body.id as string).sort();
    assert.deepEqual(rows.map((r) => r.id).sort(), created, 'the rows are the acknowledged ones');
    const uses = await Promise.all(replies.filter((r) => r.status === 201).map((r) => me(server, r.body.token as string)));
    assert.deepEqual(uses.map((r) => r.status), Array<number>(LIMIT).fill(200), 'each created token works');
  });

  it('leaves no secret handed out above in the store, the logs, an error answer or /metrics', async (t) => {
    const result = await sweepServer(server, collector);
    t.diagnostic(result.summary);
    assert.ok(result.auditRows >= LIMIT, 'the sweep searched the audit rows of the creations');
    assert.deepEqual(result.found, []);
  });
});

/** A grant a personal access token may be given: the body of its PUT. */
interface Grant {
  readonly label: string;
  readonly body: Record<string, unknown>;
}

/** A use of the token: which probe, when it began and ended, and its status. */
interface Use {
  readonly probe: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number;
}

/** An update of the token's grant: to which grant, when it was sent and when it was answered. */
interface Update {
  readonly grant: number;
  readonly sentAt: number;
  readonly answeredAt: number;
}

/**
 * Clients use one token in a loop on routes that need different scopes and bases, while the owner
 * switches the token between grants that each open a different one of those routes. Every use
 * begun `withinMs` after an update was answered must get the status that update's grant gives
 * serially (or a later update's, if sent before the use ended), never an older grant's.
 */
async function scopeRace(
  t: { diagnostic: (message: string) => void },
  { updateVia, useVia, owner, withinMs, updates }: { updateVia: Endpoint; useVia: Endpoint; owner: Account; withinMs: number; updates: number },
): Promise<void> {
  const one = await seedWorkspace(updateVia, owner);
  const two = await seedWorkspace(updateVia, owner);
  const grants: Grant[] = [
    { label: 'record|read on base one', body: { scopes: ['record|read'], baseIds: [one.baseId], spaceIds: null, hasFullAccess: false } },
    { label: 'record|read and table|read in space two', body: { scopes: ['record|read', 'table|read'], spaceIds: [two.spaceId], baseIds: null, hasFullAccess: false } },
    { label: 'table|read everywhere', body: { scopes: ['table|read'], spaceIds: null, baseIds: null, hasFullAccess: true } },
  ];
  const probes = [`/api/table/${one.tableId}/record`, `/api/table/${two.tableId}/record`, `/api/base/${one.baseId}/table`];
  const { id, token } = await createToken(updateVia, owner, { ...grants[0]!.body });
  const put = (grant: number): Promise<Reply> => call(updateVia, 'PUT', `/api/access-token/${id}`, { cookie: owner.cookie, body: { name: 'raced', ...grants[grant]!.body } });
  const use = (probe: number): Promise<Reply> => call(useVia, 'GET', probes[probe]!, { token });

  // What each grant gives on each route, serially (waiting out the other process's bound).
  const expected: number[][] = [];
  for (let g = 0; g < grants.length; g++) {
    assert.equal((await put(g)).status, 200);
    if (withinMs > 0) await new Promise((resolve) => setTimeout(resolve, withinMs));
    expected.push(await Promise.all(probes.map(async (_, p) => (await use(p)).status)));
  }
  for (let p = 0; p < probes.length; p++) {
    const column = expected.map((row) => row[p]);
    assert.equal(column.filter((s) => s === 200).length, 1, `route ${p} is opened by exactly one grant: ${column.join(',')}`);
  }
  t.diagnostic(`serial statuses per grant (${probes.length} routes): ${expected.map((row, g) => `${grants[g]!.label}: ${row.join('/')}`).join('; ')}`);

  const applied: Update[] = [];
  const uses: Use[] = [];
  let stop = false;
  const hammer = async (): Promise<void> => {
    while (!stop) {
      const probe = Math.floor(Math.random() * probes.length);
      const startedAt = performance.now();
      const reply = await use(probe);
      uses.push({ probe, startedAt, endedAt: performance.now(), status: reply.status });
    }
  };
  // The token starts on the last grant measured; each update moves it to the next one.
  let current = grants.length - 1;
  applied.push({ grant: current, sentAt: Number.NEGATIVE_INFINITY, answeredAt: Number.NEGATIVE_INFINITY });
  const clients = Array.from({ length: HAMMERS }, () => hammer());
  try {
    for (let n = 0; n < updates; n++) {
      const last = applied.at(-1)!;
      // However slow the machine: enough uses judged by the last update before the next one.
      await waitFor('uses after an update', () => uses.filter((u) => u.startedAt >= last.answeredAt + withinMs).length >= HAMMERS * 2);
      current = (current + 1) % grants.length;
      const sentAt = performance.now();
      const reply = await put(current);
      assert.equal(reply.status, 200, reply.text);
      applied.push({ grant: current, sentAt, answeredAt: performance.now() });
    }
    const last = applied.at(-1)!;
    await waitFor('uses after the last update', () => uses.filter((u) => u.startedAt >= last.answeredAt + withinMs).length >= HAMMERS * 2);
  } finally {
    stop = true;
    await Promise.all(clients);
  }

  assert.deepEqual(uses.filter((u) => u.status >= 500).map((u) => u.status), [], 'no use is a 5xx');
  const stale: string[] = [];
  let judged = 0;
  let open = 0;
  let late = 0;
  let maxLateMs = 0;
  for (const u of uses) {
    // The latest update whose answer (plus the bound) came before the use began, and any later one sent before it ended.
    let k = 0;
    for (let j = 0; j < applied.length; j++) if (applied[j]!.answeredAt + withinMs <= u.startedAt) k = j;
    const allowed = new Set(applied.slice(k).filter((a, j) => j === 0 || a.sentAt < u.endedAt).map((a) => expected[a.grant]![u.probe]));
    judged++;
    if (allowed.size > 1) open++;
    if (!allowed.has(u.status)) stale.push(`route ${u.probe} answered ${u.status} ${Math.round(u.startedAt - applied[k]!.answeredAt)} ms after update ${k} (${grants[applied[k]!.grant]!.label}) was answered; allowed ${[...allowed].join(' or ')}`);
    // Uses that began after an update was answered, with none in flight, yet got an older grant's answer (allowed within the bound).
    const latest = applied.findLast((a) => a.answeredAt <= u.startedAt)!;
    const quiet = applied.every((a) => a.sentAt >= u.endedAt || a.answeredAt <= u.startedAt);
    if (latest !== applied[0] && quiet && u.status !== expected[latest.grant]![u.probe]) {
      late++;
      maxLateMs = Math.max(maxLateMs, u.startedAt - latest.answeredAt);
    }
  }
  t.diagnostic(
    `${applied.length - 1} updates, ${judged} uses (${open} overlapping an update, so with two allowed answers); ` +
      `statuses: ${[...new Set(uses.map((u) => u.status))].map((s) => `${uses.filter((u) => u.status === s).length} × ${s}`).join(', ')}` +
      `; ${late} uses begun after an update was answered got an older grant's answer` +
      (late > 0 ? ` (the latest ${Math.round(maxLateMs)} ms after; bound ${withinMs} ms)` : ''),
  );
  assert.deepEqual(stale, [], 'every use is judged by the latest answered update (or one sent meanwhile)');
}

describe('scope updates while the token is used, in one process', () => {
  let server: TestServer;
  let owner: Account;
  before(async () => {
    // The verdict cache trusts an entry for an hour here: only its invalidation by the update can make the change visible.
    server = await startServer({ TESSERA_TOKEN_CACHE_TTL_SECONDS: '3600' });
    owner = await signUp(server);
  });
  after(() => server.close());

  it(`${HAMMERS} clients use a token on three routes while its grant is switched 30 times: every use after an update answered is judged by it`, async (t) => {
    await scopeRace(t, { updateVia: server, useVia: server, owner, withinMs: 0, updates: 30 });
  });

  it('leaves no secret handed out above in the store, the logs, an error answer or /metrics', async (t) => {
    assertSwept(t, await sweepServer(server, collector));
  });
});

// PostgreSQL: the update goes through one process (a server in this one), the uses through another
// (a child process on the same schema), whose cache learns of it by NOTIFY; README bounds that to a
// second.
describe('scope updates while the token is used, through another process', { skip: storeKind === 'postgres' ? false : 'PostgreSQL only (TESSERA_TEST_STORE=postgres)' }, () => {
  const WITHIN_MS = 1000;
  const env = {
    TESSERA_SECRET: randomBytes(32).toString('hex'),
    TESSERA_TOKEN_CACHE_TTL_SECONDS: '3600',
    TESSERA_RATE_FAILED_AUTH: '1000000',
    TESSERA_RATE_TOKEN_CREATION: '1000000',
  };
  collector.keep('instance secret (TESSERA_SECRET)', env.TESSERA_SECRET);
  const location = freshLocation();
  let a: TestServer;
  let b: TesseraProcess;
  let owner: Account;
  before(async () => {
    a = await startServer(env, location);
    b = await startProcess({ ...env, ...location.env, LOG_LEVEL: 'info' });
    owner = await signUp(a);
  });
  after(async () => {
    await b?.stop();
    await a?.close();
  });

  it(`updates through one process reach the other's verdicts within ${WITHIN_MS} ms, never later`, async (t) => {
    await scopeRace(t, { updateVia: a, useVia: b, owner, withinMs: WITHIN_MS, updates: 4 });
  });

  it("leaves no secret handed out above in the store, either process's logs, an error answer or /metrics", async (t) => {
    const metrics = [{ where: '/metrics of this process', text: await scrapeMetrics(a) }, { where: '/metrics of the other process', text: await scrapeMetrics(b) }];
    await b.stop();
    await auditFlushed(a);
    const tables = await readTables(a.store, a.config.databaseSchema);
    const logs = [{ where: 'the logs of this process', text: a.logs() }, { where: 'the output of the other process', text: b.output() }];
    assert.ok(b.output().includes('"request completed"'), 'the other process logged its requests');
    assertSwept(t, findSecrets(collector.secrets, { tables, logs, errors: collector.errors, metrics }));
  });
});

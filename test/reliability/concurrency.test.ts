// Many clients at once on one credential, against a real server on a fresh store (both stores):
// simultaneous refreshes of one personal access token, simultaneous exchanges of one plugin
// authorization code, use of a token while it is deleted, and token creation up to the per-user
// limit. The outcomes must be those of some serial order of the same requests, and none is a 5xx.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, createToken, seedWorkspace, signUp, type Account, type Reply } from '../support/client.js';
import { authCode, exchange, plugin } from '../support/credential-kinds.js';
import { startServer, type TestServer } from '../support/server.js';

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
});

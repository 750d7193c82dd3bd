// Abuse limits: failed authentications per address, failed sign-ins per account, token creations
// per user, leak reports per address; a share link's refusals (unknown link, wrong password) count
// as failed authentications. A limited request gets 429 with Retry-After, never a 401 or 403.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { call, createToken, daysFromNow, signUp, type Account, type Json, type Reply } from './support/client.js';
import { seedDtable } from './support/seatable.js';
import { startServer, type TestServer } from './support/server.js';

const LIMITS = { TESSERA_RATE_FAILED_AUTH: '3', TESSERA_RATE_FAILED_SIGNIN: '2', TESSERA_RATE_TOKEN_CREATION: '2', TESSERA_RATE_LEAK_REPORTS: '2' };
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Counters in memory, and in Redis (each server with keys of its own unless it shares them). */
const COUNTERS: [string, () => Record<string, string>][] = [
  ['in memory', () => ({})],
  ['in Redis', () => ({ REDIS_URL, TESSERA_REDIS_PREFIX: `tessera-test-${randomBytes(6).toString('hex')}:` })],
];

for (const [counters, redisEnv] of COUNTERS) describe(`rate limits, counters ${counters}`, () => {
  let server: TestServer;
  let ann: Account;

  before(async () => {
    server = await startServer({ ...LIMITS, ...redisEnv() });
    ann = await signUp(server);
  });
  after(() => server.close());

  it('limits token creation per user, in every family', async () => {
    await createToken(server, ann, { scopes: ['space|read'], hasFullAccess: true });
    await createToken(server, ann, { scopes: ['space|read'], hasFullAccess: true });
    const third = await call(server, 'POST', '/api/access-token', { cookie: ann.cookie, body: { name: 'x', scopes: ['space|read'], expiredTime: daysFromNow(3) } });
    assert.equal(third.status, 429, third.text);
    assert.equal(third.body.code, 'rate_limited');
    assert.ok(Number(third.headers.get('retry-after')) > 0);
    const awx = await call(server, 'POST', '/api/v2/users/1/personal_tokens/', { cookie: ann.cookie, body: {} });
    assert.equal(awx.status, 429);
    assert.match(awx.body.detail, /^Request was throttled\. Expected available in \d+ seconds\.$/);
  });

  it('lets exactly the limit through of many simultaneous token creations and leak reports', async () => {
    const bob = await signUp(server);
    const creations = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(server, 'POST', '/api/access-token', { cookie: bob.cookie, body: { name: `t${i}`, scopes: ['space|read'], expiredTime: daysFromNow(3) } }),
      ),
    );
    assert.deepEqual(creations.map((r) => r.status).sort(), [...Array<number>(2).fill(201), ...Array<number>(10).fill(429)]);
    const reports = await Promise.all(Array.from({ length: 12 }, () => call(server, 'POST', '/api/token-leaks', { body: { tokens: ['tess_pat_nothing'] } })));
    assert.deepEqual(reports.map((r) => r.status).sort(), [...Array<number>(2).fill(202), ...Array<number>(10).fill(429)]);
  });

  it('limits failed sign-ins per account, then refuses even the right password with 429', async () => {
    const wrong = { email: ann.email, password: 'wrong-passw0rd' };
    assert.equal((await call(server, 'POST', '/api/auth/signin', { body: wrong })).status, 401);
    assert.equal((await call(server, 'POST', '/api/auth/signin', { body: wrong })).status, 401);
    const limited = await call(server, 'POST', '/api/auth/signin', { body: { email: ann.email, password: 'passw0rd-test' } });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const seatable = await call(server, 'POST', '/api2/auth-token/', { body: { username: ann.email.toUpperCase(), password: 'passw0rd-test' } });
    assert.equal(seatable.status, 429, 'the account is the same whatever the letter case and the family');
  });

  it('limits failed authentications per address: past the limit even a good credential gets 429, never 401', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await call(server, 'GET', '/api/auth/user', { token: 'tess_pat_garbage' })).status, 401);
    const limited = await call(server, 'GET', '/api/auth/user', { cookie: ann.cookie });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const awx = await call(server, 'GET', '/api/v2/me/', { token: 'tess_pat_garbage' });
    assert.equal(awx.status, 429);
    const seatable = await call(server, 'GET', '/api/v2.1/workspaces/', { token: 'tess_pat_garbage' });
    assert.equal(seatable.status, 429);
    assert.ok('error_msg' in seatable.body);
  });
});

for (const [counters, redisEnv] of COUNTERS) describe(`share-link refusals count as failed authentications, counters ${counters}`, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ ...LIMITS, ...redisEnv() });
  });
  after(() => server.close());

  it('limits guessing links and their passwords per address: past the limit even the right password gets 429', async () => {
    const owner = await signUp(server);
    const d = await seedDtable(server, owner);
    const made = await call(server, 'POST', '/api/v2.1/dtables/share-links/', { cookie: owner.cookie, body: { workspace_id: d.workspaceId, table_name: d.name, permission: 'r', password: 'correct horse' } });
    assert.equal(made.status, 201, made.text);
    const open = (token: string, password: string): Promise<Reply<Json>> =>
      call(server, 'GET', `/api/v2.1/dtable/share-link-access-token/?token=${encodeURIComponent(token)}&password=${encodeURIComponent(password)}`);
    assert.equal((await open(`${made.body.token as string}x`, 'correct horse')).status, 403, 'an unknown link');
    assert.equal((await open(made.body.token as string, 'wrong horse')).status, 403, 'a wrong password');
    assert.equal((await open(made.body.token as string, 'wrong again')).status, 403, 'the third refusal is still a 403: within the limit');
    const limited = await open(made.body.token as string, 'correct horse');
    assert.equal(limited.status, 429, limited.text);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal(typeof limited.body.error_msg, 'string', "SeaTable's error body");
  });
});

describe('rate limits shared through Redis', () => {
  it('counts failed authentications across two Tessera processes sharing one Redis', async () => {
    const shared = { ...LIMITS, REDIS_URL, TESSERA_REDIS_PREFIX: `tessera-test-${randomBytes(6).toString('hex')}:` };
    const first = await startServer(shared);
    const second = await startServer(shared);
    try {
      for (let i = 0; i < 3; i++) assert.equal((await call(first, 'GET', '/api/auth/user', { token: 'tess_pat_garbage' })).status, 401);
      const limited = await call(second, 'GET', '/api/auth/user', { token: 'tess_pat_garbage' });
      assert.equal(limited.status, 429, "the second process saw the first one's failures");
    } finally {
      await first.close();
      await second.close();
    }
  });
});

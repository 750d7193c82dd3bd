// Abuse limits: failed authentications per address, failed sign-ins per account, token creations
// per user. A limited request gets 429 with Retry-After, never a 401. (Counters in memory.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, createToken, daysFromNow, signUp, type Account } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

describe('rate limits', () => {
  let server: TestServer;
  let ann: Account;

  before(async () => {
    server = await startServer({ TESSERA_RATE_FAILED_AUTH: '3', TESSERA_RATE_FAILED_SIGNIN: '2', TESSERA_RATE_TOKEN_CREATION: '2' });
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

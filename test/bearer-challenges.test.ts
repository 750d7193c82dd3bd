// RFC 6750 challenges on refusals, and the warning header of a token close to its expiry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, createToken, daysFromNow, seedWorkspace, signUp, type Account } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

describe('WWW-Authenticate challenges (RFC 6750)', () => {
  let server: TestServer;
  let ann: Account;
  let bob: Account;
  let tableId: string;
  let spaceId: string;

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    bob = await signUp(server);
    ({ tableId, spaceId } = await seedWorkspace(server, ann));
  });
  after(() => server.close());

  it('challenges a request without a credential, without an error code', async () => {
    const reply = await call(server, 'GET', `/api/table/${tableId}/record`);
    assert.equal(reply.status, 401);
    assert.equal(reply.headers.get('www-authenticate'), 'Bearer realm="tessera"');
  });

  it('answers a bad bearer token with error="invalid_token", in every family', async () => {
    for (const path of [`/api/table/${tableId}/record`, '/api/v2/me/', '/api/v2.1/workspaces/']) {
      const reply = await call(server, 'GET', path, { headers: { authorization: 'Bearer tess_pat_nope' } });
      assert.equal(reply.status, 401, path);
      assert.equal(reply.headers.get('www-authenticate'), 'Bearer realm="tessera", error="invalid_token"', path);
    }
  });

  it('answers a token without the scope with error="insufficient_scope" naming the scope', async () => {
    const { token } = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
    const reply = await call(server, 'POST', `/api/table/${tableId}/record`, { token, body: { records: [{ fields: {} }] } });
    assert.equal(reply.status, 403);
    assert.equal(reply.headers.get('www-authenticate'), 'Bearer realm="tessera", error="insufficient_scope", scope="record|create"');
  });

  it('sends no challenge to a refused session (not a bearer request)', async () => {
    await call(server, 'POST', `/api/space/${spaceId}/collaborator`, {
      cookie: ann.cookie,
      body: { collaborators: [{ principalId: bob.id, principalType: 'user' }], role: 'viewer' },
    });
    const reply = await call(server, 'POST', `/api/table/${tableId}/record`, { cookie: bob.cookie, body: { records: [{ fields: {} }] } });
    assert.equal(reply.status, 403);
    assert.equal(reply.headers.get('www-authenticate'), null);
  });
});

describe('Tessera-Token-Expiration', () => {
  let server: TestServer;
  let ann: Account;

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
  });
  after(() => server.close());

  it('tells a token that expires within 7 days when, on every answer', async () => {
    const soon = await createToken(server, ann, { scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(3) });
    const reply = await call(server, 'GET', '/api/auth/user', { token: soon.token });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('tessera-token-expiration'), soon.expiredTime);
    const refused = await call(server, 'POST', '/api/space', { token: soon.token, body: {} });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('tessera-token-expiration'), soon.expiredTime);
  });

  it('says nothing to a token with more time, nor to a session', async () => {
    const later = await createToken(server, ann, { scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(30) });
    assert.equal((await call(server, 'GET', '/api/auth/user', { token: later.token })).headers.get('tessera-token-expiration'), null);
    assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: ann.cookie })).headers.get('tessera-token-expiration'), null);
  });
});

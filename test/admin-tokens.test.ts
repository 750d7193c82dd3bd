// An instance admin lists and revokes anyone's tokens; nobody else may.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertTeableError } from './support/assertions.js';
import { call, createToken, signUp, type Account } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

describe('GET and DELETE /api/admin/tokens', () => {
  let server: TestServer;
  let admin: Account;
  let bob: Account;

  before(async () => {
    server = await startServer();
    admin = await signUp(server); // the first account is the instance admin
    bob = await signUp(server);
  });
  after(() => server.close());

  it("lists every user's live tokens of every kind, filtered by user and kind", async () => {
    const bobs = await createToken(server, bob, { scopes: ['record|read'], hasFullAccess: true });
    const awx = await call(server, 'POST', '/api/v2/users/2/personal_tokens/', { cookie: bob.cookie, body: { scope: 'read' } });
    assert.equal(awx.status, 201, awx.text);
    await createToken(server, admin, { scopes: ['record|read'], hasFullAccess: true });

    const all = await call(server, 'GET', '/api/admin/tokens', { cookie: admin.cookie });
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.total, 3);
    const mine = await call(server, 'GET', `/api/admin/tokens?userId=${bob.id}`, { cookie: admin.cookie });
    assert.deepEqual(mine.body.tokens.map((t: { kind: string }) => t.kind).sort(), ['personal_access_token', 'user_personal_token']);
    const kind = await call(server, 'GET', '/api/admin/tokens?kind=user_personal_token', { cookie: admin.cookie });
    assert.equal(kind.body.total, 1);
    assert.ok(!JSON.stringify(all.body).includes(bobs.token), 'no secret in the list');
    assert.ok(all.body.tokens.every((t: Record<string, unknown>) => !('token' in t)));
  });

  it("revokes another user's token at once", async () => {
    const { token, id } = await createToken(server, bob, { scopes: ['space|read'], hasFullAccess: true });
    assert.equal((await call(server, 'GET', '/api/auth/user', { token })).status, 200);
    assert.equal((await call(server, 'DELETE', `/api/admin/tokens/${id}`, { cookie: admin.cookie })).status, 200);
    assertTeableError(await call(server, 'GET', '/api/auth/user', { token }), 401, 'token_revoked');
    assertTeableError(await call(server, 'DELETE', `/api/admin/tokens/${id}`, { cookie: admin.cookie }), 404, 'not_found');
  });

  it('refuses anyone but the admin, and the admin through a token', async () => {
    const target = await createToken(server, admin, { scopes: ['space|read'], hasFullAccess: true });
    assertTeableError(await call(server, 'GET', '/api/admin/tokens', { cookie: bob.cookie }), 403, 'restricted_resource');
    assertTeableError(await call(server, 'DELETE', `/api/admin/tokens/${target.id}`, { cookie: bob.cookie }), 403, 'restricted_resource');
    assertTeableError(await call(server, 'GET', '/api/admin/tokens', { token: target.token }), 403, 'restricted_resource');
    assert.equal((await call(server, 'GET', '/api/auth/user', { token: target.token })).status, 200, 'the refused revocation changed nothing');
  });
});

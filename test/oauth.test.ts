// RFC 7662 introspection and RFC 7009 revocation over every kind of token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, createToken, seedWorkspace, signUp, type Account } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

const form = (fields: Record<string, string>) => ({ rawBody: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' });
const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

describe('/oauth/introspect and /oauth/revoke', () => {
  let server: TestServer;
  let admin: Account;
  let bob: Account;
  let ws: { spaceId: string; baseId: string; tableId: string };
  let plugin: { id: string; secret: string };
  let pair: { accessToken: string; refreshToken: string };

  before(async () => {
    server = await startServer();
    admin = await signUp(server);
    bob = await signUp(server);
    ws = await seedWorkspace(server, admin);
    const registered = await call(server, 'POST', '/api/plugin', { cookie: admin.cookie, body: { name: 'Chart', scopes: ['record|read'] } });
    plugin = { id: registered.body.id, secret: registered.body.secret };
    await call(server, 'POST', `/api/base/${ws.baseId}/plugin`, { cookie: admin.cookie, body: { pluginId: plugin.id } });
    const code = (await call(server, 'POST', `/api/plugin/${plugin.id}/authCode`, { cookie: admin.cookie, body: { baseId: ws.baseId } })).text;
    const exchanged = await call(server, 'POST', `/api/plugin/${plugin.id}/token`, {
      body: { baseId: ws.baseId, secret: plugin.secret, scopes: ['record|read'], authCode: code },
    });
    pair = exchanged.body;
  });
  after(() => server.close());

  const introspect = (token: string, who: { cookie?: string; headers?: Record<string, string> } = { cookie: admin.cookie }) =>
    call(server, 'POST', '/oauth/introspect', { ...who, ...form({ token }) });

  it('refuses callers that are neither a plugin client nor an admin, with 401 invalid_client', async () => {
    const { token } = await createToken(server, admin, { scopes: ['record|read'], hasFullAccess: true });
    const malformed = { headers: basic(plugin.id, '%E0%A4%A') };
    for (const who of [{}, { cookie: bob.cookie }, { headers: basic(plugin.id, 'tess_pls_wrong') }, malformed, { headers: { authorization: `Bearer ${token}` } }]) {
      const reply = await introspect(token, who);
      assert.equal(reply.status, 401, JSON.stringify(who));
      assert.equal(reply.body.error, 'invalid_client');
    }
  });

  it('describes a live personal access token to an admin and to a plugin client', async () => {
    const created = await createToken(server, admin, { scopes: ['record|read', 'table|read'], baseIds: [ws.baseId] });
    for (const who of [{ cookie: admin.cookie }, { headers: basic(plugin.id, plugin.secret) }]) {
      const reply = await introspect(created.token, who);
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.headers.get('cache-control'), 'no-store');
      assert.equal(reply.body.active, true);
      assert.equal(reply.body.token_type, 'personal_access_token');
      assert.equal(reply.body.scope, 'record|read table|read');
      assert.equal(reply.body.username, admin.email);
      assert.equal(reply.body.sub, admin.id);
      assert.equal(reply.body.jti, created.id);
      assert.equal(reply.body.exp, Math.floor(Date.parse(created.expiredTime) / 1000));
      assert.equal(reply.body.iat, Math.floor(Date.parse(created.createdTime) / 1000));
      assert.deepEqual(reply.body.baseIds, [ws.baseId]);
    }
  });

  it('describes plugin tokens with their client_id, and a base access token (JWT)', async () => {
    const access = await introspect(pair.accessToken);
    assert.equal(access.body.active, true);
    assert.equal(access.body.token_type, 'plugin_access_token');
    assert.equal(access.body.client_id, plugin.id);
    const refresh = await introspect(pair.refreshToken);
    assert.equal(refresh.body.active, true);
    assert.equal(refresh.body.token_type, 'plugin_refresh_token');
    assert.equal(refresh.body.client_id, plugin.id);

    const workspaces = await call(server, 'GET', '/api/v2.1/workspaces/', { cookie: admin.cookie });
    const workspaceId = workspaces.body.workspace_list[0].id;
    const jwt = (await call(server, 'GET', `/api/v2.1/workspace/${workspaceId}/dtable/Base/access-token/`, { cookie: admin.cookie })).body.access_token;
    const described = await introspect(jwt);
    assert.equal(described.body.active, true);
    assert.equal(described.body.token_type, 'base_access_token');
    assert.equal(described.body.scope, 'rw');
    assert.equal(described.body.aud, 'tessera-dtable-server');
  });

  it('answers exactly {"active": false} for anything else, saying nothing of why', async () => {
    const revoked = await createToken(server, admin, { scopes: ['record|read'], hasFullAccess: true });
    await call(server, 'DELETE', `/api/access-token/${revoked.id}`, { cookie: admin.cookie });
    const expired = await createToken(server, admin, { scopes: ['record|read'], hasFullAccess: true });
    await server.store.db.updateTable('access_tokens').set({ expired_time: '2020-01-01T00:00:00.000Z' }).where('id', '=', expired.id).execute();
    for (const token of ['garbage', revoked.token, expired.token, `${revoked.token.slice(0, -1)}x`, 'a.b.c', plugin.secret]) {
      const reply = await introspect(token);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body, { active: false }, token);
    }
  });

  it('revokes a token presented to it (200), which then stops working and introspects inactive', async () => {
    const { token } = await createToken(server, admin, { scopes: ['record|read'], hasFullAccess: true });
    assert.equal((await call(server, 'GET', `/api/table/${ws.tableId}/record`, { token })).status, 200);
    const reply = await call(server, 'POST', '/oauth/revoke', form({ token }));
    assert.equal(reply.status, 200);
    assert.equal((await call(server, 'GET', `/api/table/${ws.tableId}/record`, { token })).status, 401);
    assert.deepEqual((await introspect(token)).body, { active: false });
  });

  it('answers 200 for an unknown token, and 400 invalid_request without one', async () => {
    assert.equal((await call(server, 'POST', '/oauth/revoke', form({ token: 'never-issued' }))).status, 200);
    const missing = await call(server, 'POST', '/oauth/revoke', { body: {} });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error, 'invalid_request');
  });

  it('revokes a plugin refresh token with its whole family', async () => {
    const reply = await call(server, 'POST', '/oauth/revoke', { headers: basic(plugin.id, plugin.secret), ...form({ token: pair.refreshToken, token_type_hint: 'refresh_token' }) });
    assert.equal(reply.status, 200);
    assert.equal((await call(server, 'GET', `/api/table/${ws.tableId}/record`, { token: pair.accessToken })).status, 401);
    const refreshed = await call(server, 'POST', `/api/plugin/${plugin.id}/refreshToken`, { body: { refreshToken: pair.refreshToken, secret: plugin.secret } });
    assert.equal(refreshed.status, 400);
  });

  it('lets a plugin client revoke only its own tokens', async () => {
    const { token } = await createToken(server, admin, { scopes: ['record|read'], hasFullAccess: true });
    assert.equal((await call(server, 'POST', '/oauth/revoke', { headers: basic(plugin.id, plugin.secret), ...form({ token }) })).status, 200);
    assert.equal((await call(server, 'GET', `/api/table/${ws.tableId}/record`, { token })).status, 200, "a plugin cannot revoke a person's token");
  });
});

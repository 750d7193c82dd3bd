// SeaTable's web API client, `dtable-web-api` from npm, unchanged against Tessera: sign-in for an
// account token, workspaces, base access tokens, API tokens and share-link access tokens.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import dtableWebApi from 'dtable-web-api';
import { jwtVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { call, seedWorkspace, signUp, type Account } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

// The package is CommonJS with `exports.default`: Node hands that object over as the default import.
const DTableWebAPI = (dtableWebApi as { default: new () => Client }).default;

interface Client {
  init(options: { server: string; username: string; password: string }): void;
  login(): Promise<void>;
  listWorkspaces(): Promise<{ data: { workspace_list: { id: number; table_list: { name: string; uuid: string }[] }[] } }>;
  getTableAccessToken(workspaceId: number, name: string): Promise<{ data: { access_token: string; dtable_uuid: string } }>;
  addTableAPIToken(workspaceId: number, name: string, appName: string, permission: string): Promise<{ data: { api_token: string; permission: string } }>;
  listTableAPITokens(workspaceId: number, name: string): Promise<{ data: { api_tokens: { app_name: string; permission: string }[] } }>;
  updateTableAPIToken(workspaceId: number, name: string, appName: string, permission: string): Promise<{ data: { permission: string } }>;
  deleteTableAPIToken(workspaceId: number, name: string, appName: string): Promise<{ data: { success: boolean } }>;
  getTableAccessTokenByShareLink(token: string): Promise<{ data: { access_token: string; dtable_uuid: string } }>;
}

const PASSWORD = 'passw0rd-test';

describe('the SeaTable web client (dtable-web-api) against Tessera', { concurrency: false }, () => {
  let server: TestServer;
  let ann: Account;
  let client: Client;
  let workspaceId: number;
  let jwks: JSONWebKeySet;

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    await seedWorkspace(server, ann);
    client = new DTableWebAPI();
    client.init({ server: server.url, username: ann.email, password: PASSWORD });
    await client.login();
  });
  after(() => server.close());

  it('signs in and lists the workspace with its base', async () => {
    const { data } = await client.listWorkspaces();
    assert.equal(data.workspace_list.length, 1);
    workspaceId = data.workspace_list[0]!.id;
    assert.equal(typeof workspaceId, 'number');
    assert.deepEqual(data.workspace_list[0]!.table_list.map((t) => t.name), ['Base']);
    assert.match(data.workspace_list[0]!.table_list[0]!.uuid, /^[0-9a-f]{32}$/);
  });

  it('gets a base access token that verifies against the published keys', async () => {
    const { data } = await client.getTableAccessToken(workspaceId, 'Base');
    jwks = (await call(server, 'GET', '/.well-known/jwks.json')).body;
    const { payload } = await jwtVerify(data.access_token, createLocalJWKSet(jwks), { audience: 'tessera-dtable-server' });
    assert.equal(payload.dtable_uuid, data.dtable_uuid);
    assert.equal(payload.permission, 'rw');
    assert.equal(payload.username, ann.email);
  });

  it('creates, lists, narrows and deletes an API token', async () => {
    const created = await client.addTableAPIToken(workspaceId, 'Base', 'etl', 'rw');
    assert.match(created.data.api_token, /^tess_bat_/);
    assert.deepEqual(
      (await client.listTableAPITokens(workspaceId, 'Base')).data.api_tokens.map((t) => [t.app_name, t.permission]),
      [['etl', 'rw']],
    );
    assert.equal((await client.updateTableAPIToken(workspaceId, 'Base', 'etl', 'r')).data.permission, 'r');
    const exchanged = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', { headers: { authorization: `Token ${created.data.api_token}` } });
    assert.equal(exchanged.status, 200, exchanged.text);
    assert.equal(exchanged.body.app_name, 'etl');
    assert.deepEqual((await client.deleteTableAPIToken(workspaceId, 'Base', 'etl')).data, { success: true });
    const after = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', { headers: { authorization: `Token ${created.data.api_token}` } });
    assert.equal(after.status, 401);
  });

  it('gets a read-only access token through a share link', async () => {
    const link = await call(server, 'POST', '/api/v2.1/dtables/share-links/', {
      cookie: ann.cookie,
      body: { workspace_id: workspaceId, table_name: 'Base', permission: 'r' },
    });
    assert.equal(link.status, 201, link.text);
    const { data } = await client.getTableAccessTokenByShareLink(link.body.token);
    const { payload } = await jwtVerify(data.access_token, createLocalJWKSet(jwks), { audience: 'tessera-dtable-server' });
    assert.equal(payload.permission, 'r');
    assert.equal(payload.username, undefined, 'a share link carries no identity');
  });

  it('surfaces a wrong password at sign-in as the client error with status 400', async () => {
    const stranger = new DTableWebAPI();
    stranger.init({ server: server.url, username: ann.email, password: 'wrong-passw0rd' });
    await assert.rejects(stranger.login(), (error: { response?: { status?: number; data?: unknown } }) => {
      assert.equal(error.response?.status, 400);
      assert.deepEqual(error.response?.data, { non_field_errors: ['Unable to log in with provided credentials.'] });
      return true;
    });
  });
});

describe('an account token', () => {
  it('is revoked by signing out with it, and its base access tokens die at once', async () => {
    const server = await startServer();
    try {
      const ann = await signUp(server);
      await seedWorkspace(server, ann);
      const account = (await call(server, 'POST', '/api2/auth-token/', { body: { username: ann.email, password: PASSWORD } })).body.token as string;
      const headers = { authorization: `Token ${account}` };
      const workspaces = await call(server, 'GET', '/api/v2.1/workspaces/', { headers });
      const workspaceId = workspaces.body.workspace_list[0].id as number;
      const access = await call(server, 'GET', `/api/v2.1/workspace/${workspaceId}/dtable/Base/access-token/`, { headers });
      const metadata = `/dtable-server/api/v1/dtables/${access.body.dtable_uuid}/metadata/`;
      assert.equal((await call(server, 'GET', metadata, { headers: { authorization: `Token ${access.body.access_token}` } })).status, 200);

      assert.equal((await call(server, 'POST', '/api/auth/signout', { headers })).status, 200);
      assert.deepEqual((await call(server, 'GET', '/api/v2.1/workspaces/', { headers })).body, { detail: 'Invalid token' });
      const dead = await call(server, 'GET', metadata, { headers: { authorization: `Token ${access.body.access_token}` } });
      assert.equal(dead.status, 401);
      assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: ann.cookie })).status, 200, 'the browser session lives on');
    } finally {
      await server.close();
    }
  });
});

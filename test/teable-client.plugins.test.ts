// The plugin flow (seed 002) through Teable's own npm client (@teable/openapi), unchanged: a
// signed-in developer registers, reads and updates a plugin and installs it; a user authorizes it
// (the code comes back as text/plain); the plugin, with no session, exchanges the code, uses the
// data API through configApi, refreshes, and meets reuse detection, a regenerated secret, an
// uninstall and a deletion as the client's HttpError. The client keeps one global axios instance,
// so the tests of this file run one after another and each sets the credential it needs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  axios as teableAxios,
  configApi,
  createPlugin,
  createRecords,
  deletePlugin,
  getPlugin,
  getPlugins,
  getRecords,
  listAccessToken,
  pluginGetAuthCode,
  pluginGetToken,
  pluginRefreshToken,
  pluginRegenerateSecret,
  PluginPosition,
  updatePlugin,
  type ICreatePluginRo,
} from '@teable/openapi';
import { seedWorkspace, signUp, type Account } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';
import { rejectsWith } from './support/teable-client.js';


const SCOPES = ['base|read', 'table|read', 'record|read', 'record|create'];

describe('the plugin flow through the Teable client (@teable/openapi)', { concurrency: false }, () => {
  let server: TestServer;
  let ann: Account;
  let workspace: { spaceId: string; baseId: string; tableId: string };
  let pluginId: string;
  let secret: string;
  let pair: { accessToken: string; refreshToken: string };

  /** The client as a signed-in browser: the session cookie, no Authorization header. */
  const useSession = (): void => {
    teableAxios.defaults.baseURL = `${server.url}/api`;
    delete teableAxios.defaults.headers.common.Authorization;
    teableAxios.defaults.headers.common.Cookie = ann.cookie;
  };
  /** The client as the plugin's backend: no cookie and no bearer token; the secret goes in bodies. */
  const usePluginBackend = (): void => {
    teableAxios.defaults.baseURL = `${server.url}/api`;
    delete teableAxios.defaults.headers.common.Authorization;
    delete teableAxios.defaults.headers.common.Cookie;
  };
  /** The client as the plugin acting on the base: configApi with its access token. */
  const useToken = (token: string): void => {
    delete teableAxios.defaults.headers.common.Cookie;
    configApi({ token, endpoint: server.url });
  };
  const authorize = async (): Promise<string> => {
    useSession();
    const { status, data } = await pluginGetAuthCode(pluginId, workspace.baseId);
    assert.equal(status, 201);
    assert.equal(typeof data, 'string');
    assert.match(data, /^tess_plc_[0-9A-Za-z]{49}$/);
    return data;
  };

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    workspace = await seedWorkspace(server, ann);
  });
  after(async () => {
    delete teableAxios.defaults.headers.common.Cookie;
    delete teableAxios.defaults.headers.common.Authorization;
    await server.close();
  });

  it('registers a plugin and shows its secret once', async () => {
    useSession();
    // The client's type has no scopes; Tessera needs them, and the client sends what it is given.
    const ro: ICreatePluginRo & { scopes: string[] } = {
      name: 'Client plugin',
      description: 'made by @teable/openapi',
      logo: 'https://example.com/logo.png',
      positions: [PluginPosition.Dashboard],
      scopes: SCOPES,
    };
    const { status, data } = await createPlugin(ro);
    assert.equal(status, 201);
    assert.match(data.id, /^plg/);
    assert.equal(data.name, 'Client plugin');
    assert.equal(data.status, 'developing');
    assert.deepEqual(data.positions, ['dashboard']);
    assert.match(data.secret, /^tess_pls_[0-9A-Za-z]{49}$/);
    pluginId = data.id;
    secret = data.secret;
  });

  it('lists, reads and updates the plugin without showing the secret again', async () => {
    useSession();
    const list = await getPlugins();
    assert.equal(list.status, 200);
    const listed = list.data.find((p) => p.id === pluginId);
    assert.ok(listed, 'the plugin is not listed');
    assert.equal(typeof listed.i18n, 'object');
    assert.ok(!JSON.stringify(list.data).includes(secret.slice(9, -6)), 'the list shows the secret');
    const got = await getPlugin(pluginId);
    assert.equal(got.status, 200);
    assert.equal(got.data.name, 'Client plugin');
    assert.equal(got.data.secret, '************');
    assert.equal(typeof got.data.lastModifiedTime, 'string');
    const updated = await updatePlugin(pluginId, { name: 'Renamed plugin', positions: [PluginPosition.Dashboard] });
    assert.equal(updated.status, 200);
    assert.equal(updated.data.name, 'Renamed plugin');
    assert.equal((await getPlugin(pluginId)).data.name, 'Renamed plugin');
  });

  it('installs the plugin in a base, after which a user can authorize it there (text/plain code)', async () => {
    useSession();
    await rejectsWith(pluginGetAuthCode(pluginId, workspace.baseId), 404, 'not_found');
    const installed = await teableAxios.post(`/base/${workspace.baseId}/plugin`, { pluginId });
    assert.equal(installed.status, 201);
    const code = await authorize();
    assert.ok(code.length > 0);
  });

  it('exchanges a code for a pair, as the plugin backend with no session', async () => {
    const code = await authorize();
    usePluginBackend();
    const { status, data } = await pluginGetToken(pluginId, { baseId: workspace.baseId, secret, scopes: SCOPES, authCode: code });
    assert.equal(status, 201);
    assert.match(data.accessToken, /^tess_pla_/);
    assert.match(data.refreshToken, /^tess_plr_/);
    assert.deepEqual([...data.scopes].sort(), [...SCOPES].sort());
    assert.equal(data.expiresIn, 600);
    assert.equal(data.refreshExpiresIn, 2592000);
    pair = data;
    await rejectsWith(pluginGetToken(pluginId, { baseId: workspace.baseId, secret, scopes: SCOPES, authCode: code }), 400, 'invalid_grant');
  });

  it('uses the data API with the access token through configApi, within its scopes and its base', async () => {
    useToken(pair.accessToken);
    const made = await createRecords(workspace.tableId, { records: [{ fields: { Title: 'from plugin', Count: 1 } }] });
    assert.equal(made.status, 201);
    const records = await getRecords(workspace.tableId);
    assert.equal(records.status, 200);
    assert.ok(records.data.records.some((r) => r.fields.Title === 'from plugin'));
    await rejectsWith(listAccessToken(), 403, 'restricted_resource');
    const elsewhere = await seedWorkspace(server, ann);
    await rejectsWith(getRecords(elsewhere.tableId), 403, 'restricted_resource');
  });

  it('refuses a wrong secret and scopes beyond the registration with the client errors 400', async () => {
    const code = await authorize();
    usePluginBackend();
    await rejectsWith(pluginGetToken(pluginId, { baseId: workspace.baseId, secret: `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`, scopes: SCOPES, authCode: code }), 400, 'invalid_client');
    await rejectsWith(pluginGetToken(pluginId, { baseId: workspace.baseId, secret, scopes: ['space|read'], authCode: code }), 400, 'validation_error');
    await rejectsWith(pluginGetToken(pluginId, { baseId: workspace.baseId, secret, scopes: ['record|delete'], authCode: code }), 400, 'validation_error');
    await rejectsWith(pluginRefreshToken(pluginId, { refreshToken: pair.refreshToken, secret: 'wrong' }), 400, 'invalid_client');
  });

  it('refreshes into a new pair; presenting the spent refresh token again ends the family', async () => {
    usePluginBackend();
    const { status, data } = await pluginRefreshToken(pluginId, { refreshToken: pair.refreshToken, secret });
    assert.equal(status, 201);
    assert.notEqual(data.accessToken, pair.accessToken);
    assert.notEqual(data.refreshToken, pair.refreshToken);
    assert.equal(data.expiresIn, 600);
    useToken(data.accessToken);
    assert.equal((await getRecords(workspace.tableId)).status, 200);

    usePluginBackend();
    await rejectsWith(pluginRefreshToken(pluginId, { refreshToken: pair.refreshToken, secret }), 400, 'invalid_grant');
    useToken(data.accessToken);
    await rejectsWith(getRecords(workspace.tableId), 401, 'token_revoked');
    usePluginBackend();
    await rejectsWith(pluginRefreshToken(pluginId, { refreshToken: data.refreshToken, secret }), 400, 'invalid_grant');
  });

  it('regenerates the secret: the old tokens and the old secret are refused, the new secret works', async () => {
    const code = await authorize();
    usePluginBackend();
    const before = (await pluginGetToken(pluginId, { baseId: workspace.baseId, secret, scopes: ['record|read'], authCode: code })).data;

    useSession();
    const { status, data } = await pluginRegenerateSecret(pluginId);
    assert.equal(status, 201);
    assert.equal(data.id, pluginId);
    assert.match(data.secret, /^tess_pls_/);
    assert.notEqual(data.secret, secret);

    useToken(before.accessToken);
    await rejectsWith(getRecords(workspace.tableId), 401, 'token_revoked');
    usePluginBackend();
    await rejectsWith(pluginRefreshToken(pluginId, { refreshToken: before.refreshToken, secret }), 400, 'invalid_client');
    const stale = await authorize();
    usePluginBackend();
    await rejectsWith(pluginGetToken(pluginId, { baseId: workspace.baseId, secret, scopes: ['record|read'], authCode: stale }), 400, 'invalid_client');

    secret = data.secret;
    const fresh = await authorize();
    usePluginBackend();
    pair = (await pluginGetToken(pluginId, { baseId: workspace.baseId, secret, scopes: ['record|read'], authCode: fresh })).data;
    useToken(pair.accessToken);
    assert.equal((await getRecords(workspace.tableId)).status, 200);
  });

  it('uninstalls the plugin: its tokens for the base stop working and it can no longer be authorized', async () => {
    useSession();
    const removed = await teableAxios.delete(`/base/${workspace.baseId}/plugin/${pluginId}`);
    assert.equal(removed.status, 200);
    useToken(pair.accessToken);
    await rejectsWith(getRecords(workspace.tableId), 401, 'token_revoked');
    usePluginBackend();
    await rejectsWith(pluginRefreshToken(pluginId, { refreshToken: pair.refreshToken, secret }), 400, 'invalid_grant');
    useSession();
    await rejectsWith(pluginGetAuthCode(pluginId, workspace.baseId), 404, 'not_found');
  });

  it('deletes the plugin, after which the client gets 404', async () => {
    useSession();
    const { status } = await deletePlugin(pluginId);
    assert.equal(status, 200);
    await rejectsWith(getPlugin(pluginId), 404, 'not_found');
    assert.ok(!(await getPlugins()).data.some((p) => p.id === pluginId));
  });
});

// Teable's own npm client (@teable/openapi), unchanged, against Tessera: a full-access token builds
// and reads a workspace, a restricted token gets the client's HttpError with status 403, and a
// signed-in session manages access tokens. The client keeps one global axios instance, so the
// tests of this file run one after another and each sets the credential it needs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FieldKeyType, FieldType } from '@teable/core';
import {
  axios as teableAxios,
  configApi,
  createAccessToken,
  createBase,
  createRecords,
  createSpace,
  createTable,
  deleteAccessToken,
  deleteRecord,
  getAccessToken,
  getBaseById,
  getBaseList,
  getRecord,
  getRecords,
  getSpaceById,
  getSpaceList,
  getTableById,
  getTableList,
  listAccessToken,
  refreshAccessToken,
  updateAccessToken,
  updateRecord,
} from '@teable/openapi';
import { call, daysFromNow, signUp, type Account } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';
import { rejectsWith } from './support/teable-client.js';


describe('the Teable client (@teable/openapi) against Tessera', { concurrency: false }, () => {
  let server: TestServer;
  let ann: Account;
  let allScopes: string[];
  let fullToken: string;
  let workspace: { spaceId: string; baseId: string; tableId: string; titleFieldId: string; recordIds: string[] };

  /** The client as a signed-in browser: the session cookie, no Authorization header. */
  const useSession = (): void => {
    teableAxios.defaults.baseURL = `${server.url}/api`;
    delete teableAxios.defaults.headers.common.Authorization;
    teableAxios.defaults.headers.common.Cookie = ann.cookie;
  };
  /** The client as a script: configApi with a personal access token, no cookie. */
  const useToken = (token: string): void => {
    delete teableAxios.defaults.headers.common.Cookie;
    configApi({ token, endpoint: server.url });
  };

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    const scopes = await call(server, 'GET', '/api/access-token/scopes');
    allScopes = scopes.body.scopes;
    assert.ok(allScopes.includes('record|create'));
  });
  after(async () => {
    delete teableAxios.defaults.headers.common.Cookie;
    delete teableAxios.defaults.headers.common.Authorization;
    await server.close();
  });

  describe('access-token management with a session cookie', () => {
    let tokenId: string;

    it('creates a token and shows its secret once', async () => {
      useSession();
      const day = daysFromNow(30);
      const { status, data } = await createAccessToken({
        name: 'client script',
        description: 'made by @teable/openapi',
        scopes: allScopes,
        hasFullAccess: true,
        expiredTime: day,
      });
      assert.equal(status, 201);
      assert.match(data.token, /^tess_pat_[0-9A-Za-z]+$/);
      assert.equal(data.name, 'client script');
      assert.equal(data.description, 'made by @teable/openapi');
      assert.deepEqual(data.scopes, allScopes);
      assert.equal(data.hasFullAccess, true);
      assert.equal(data.expiredTime, `${day}T23:59:59.999Z`);
      assert.equal(typeof data.createdTime, 'string');
      assert.equal(typeof data.lastUsedTime, 'string');
      tokenId = data.id;
      fullToken = data.token;
    });

    it('lists and reads the token without its secret', async () => {
      useSession();
      const list = await listAccessToken();
      assert.equal(list.status, 200);
      const listed = list.data.find((t) => t.id === tokenId);
      assert.ok(listed, 'the new token is not listed');
      assert.equal(listed.name, 'client script');
      assert.ok(!JSON.stringify(list.data).includes(fullToken.slice(9, -6)), 'the list shows a secret');
      const got = await getAccessToken(tokenId);
      assert.equal(got.status, 200);
      assert.equal(got.data.id, tokenId);
      assert.equal(got.data.name, 'client script');
      assert.deepEqual(got.data.scopes, allScopes);
      assert.ok(!('token' in got.data), 'a read shows the secret');
    });

    it('updates the token', async () => {
      useSession();
      const { status, data } = await updateAccessToken(tokenId, { name: 'renamed by client', scopes: allScopes, hasFullAccess: true });
      assert.equal(status, 200);
      assert.equal(data.name, 'renamed by client');
      assert.equal((await getAccessToken(tokenId)).data.name, 'renamed by client');
    });

    it('refreshes a token with no body: a new secret works, the old one is refused', async () => {
      useSession();
      const doomed = await createAccessToken({ name: 'to refresh', scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(10) });
      const before = await getAccessToken(doomed.data.id);
      const { status, data } = await refreshAccessToken(doomed.data.id);
      assert.ok(status === 200 || status === 201, `refresh answered ${status}`);
      assert.equal(data.id, doomed.data.id);
      assert.match(data.token, /^tess_pat_/);
      assert.notEqual(data.token, doomed.data.token);
      assert.equal(data.expiredTime, before.data.expiredTime, 'a refresh without a body keeps the expiry');
      const fresh = await call(server, 'GET', '/api/auth/user', { token: data.token });
      assert.equal(fresh.status, 200, fresh.text);
      const stale = await call(server, 'GET', '/api/auth/user', { token: doomed.data.token });
      assert.equal(stale.status, 401, stale.text);
    });

    it('refreshes with a new expiredTime', async () => {
      useSession();
      const token = await createAccessToken({ name: 'extend me', scopes: ['space|read'], expiredTime: daysFromNow(2) });
      const day = daysFromNow(20);
      const { data } = await refreshAccessToken(token.data.id, { expiredTime: day });
      assert.equal(data.expiredTime, `${day}T23:59:59.999Z`);
      assert.notEqual(data.token, token.data.token);
    });

    it('deletes a token: its secret is refused and the client then gets 404', async () => {
      useSession();
      const doomed = await createAccessToken({ name: 'to delete', scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(10) });
      const { status } = await deleteAccessToken(doomed.data.id);
      assert.equal(status, 200);
      const reply = await call(server, 'GET', '/api/auth/user', { token: doomed.data.token });
      assert.equal(reply.status, 401, reply.text);
      await rejectsWith(getAccessToken(doomed.data.id), 404, 'not_found');
      assert.ok(!(await listAccessToken()).data.some((t) => t.id === doomed.data.id));
    });

    it('refuses token management to a token, with the client error 403', async () => {
      useToken(fullToken);
      await rejectsWith(listAccessToken(), 403, 'restricted_resource');
      await rejectsWith(createAccessToken({ name: 'child', scopes: ['space|read'], expiredTime: daysFromNow(3) }), 403, 'restricted_resource');
    });
  });

  describe('the data API with a full-access token through configApi', () => {
    it('creates a space and finds it in the list', async () => {
      useToken(fullToken);
      const { status, data } = await createSpace({ name: 'Client space' });
      assert.equal(status, 201);
      assert.match(data.id, /^spc/);
      assert.equal(data.name, 'Client space');
      const list = await getSpaceList();
      assert.ok(list.data.some((s) => s.id === data.id && s.name === 'Client space'));
      const got = await getSpaceById(data.id);
      assert.equal(got.data.id, data.id);
      assert.equal(got.data.role, 'owner');
      workspace = { spaceId: data.id, baseId: '', tableId: '', titleFieldId: '', recordIds: [] };
    });

    it('creates a base in it and reads it back', async () => {
      useToken(fullToken);
      const { status, data } = await createBase({ spaceId: workspace.spaceId, name: 'Client base' });
      assert.equal(status, 201);
      assert.match(data.id, /^bse/);
      assert.equal(data.spaceId, workspace.spaceId);
      workspace.baseId = data.id;
      const got = await getBaseById(data.id);
      assert.equal(got.data.name, 'Client base');
      assert.equal(got.data.spaceId, workspace.spaceId);
      const list = await getBaseList({ spaceId: workspace.spaceId });
      assert.deepEqual(
        list.data.map((b) => b.id),
        [data.id],
      );
    });

    it('creates a table with fields and reads it back', async () => {
      useToken(fullToken);
      const { status, data } = await createTable(workspace.baseId, {
        name: 'Client table',
        fields: [
          { name: 'Title', type: FieldType.SingleLineText },
          { name: 'Count', type: FieldType.Number },
        ],
      });
      assert.equal(status, 201);
      assert.match(data.id, /^tbl/);
      assert.deepEqual(
        data.fields.map((f) => [f.name, f.type]),
        [
          ['Title', 'singleLineText'],
          ['Count', 'number'],
        ],
      );
      workspace.tableId = data.id;
      workspace.titleFieldId = data.fields[0]!.id;
      const got = await getTableById(workspace.baseId, data.id);
      assert.equal(got.data.name, 'Client table');
      const list = await getTableList(workspace.baseId);
      assert.deepEqual(
        list.data.map((t) => t.id),
        [data.id],
      );
    });

    it('creates records and reads them back, in order and by page', async () => {
      useToken(fullToken);
      const { status, data } = await createRecords(workspace.tableId, {
        records: [
          { fields: { Title: 'one', Count: 1 } },
          { fields: { Title: 'two', Count: 2 } },
          { fields: { Title: 'three', Count: 3 } },
        ],
      });
      assert.equal(status, 201);
      assert.equal(data.records.length, 3);
      assert.deepEqual(data.records[0]!.fields, { Title: 'one', Count: 1 });
      workspace.recordIds = data.records.map((r) => r.id);
      const all = await getRecords(workspace.tableId);
      assert.equal(all.status, 200);
      assert.deepEqual(
        all.data.records.map((r) => r.fields.Title),
        ['one', 'two', 'three'],
      );
      const page = await getRecords(workspace.tableId, { take: 1, skip: 1 });
      assert.deepEqual(
        page.data.records.map((r) => r.id),
        [workspace.recordIds[1]],
      );
      const one = await getRecord(workspace.tableId, workspace.recordIds[2]!);
      assert.equal(one.data.id, workspace.recordIds[2]);
      assert.deepEqual(one.data.fields, { Title: 'three', Count: 3 });
    });

    it('reads records keyed by field id when asked', async () => {
      useToken(fullToken);
      const titleId = workspace.titleFieldId;
      const one = await getRecord(workspace.tableId, workspace.recordIds[0]!, { fieldKeyType: FieldKeyType.Id });
      assert.equal(one.data.fields[titleId], 'one');
    });

    it('updates a record, merging the fields', async () => {
      useToken(fullToken);
      const { status, data } = await updateRecord(workspace.tableId, workspace.recordIds[0]!, { record: { fields: { Count: 10 } } });
      assert.equal(status, 200);
      assert.deepEqual(data.fields, { Title: 'one', Count: 10 });
      assert.deepEqual((await getRecord(workspace.tableId, workspace.recordIds[0]!)).data.fields, { Title: 'one', Count: 10 });
    });

    it('deletes a record, after which the client gets 404', async () => {
      useToken(fullToken);
      const { status } = await deleteRecord(workspace.tableId, workspace.recordIds[1]!);
      assert.equal(status, 200);
      await rejectsWith(getRecord(workspace.tableId, workspace.recordIds[1]!), 404, 'not_found');
      assert.deepEqual(
        (await getRecords(workspace.tableId)).data.records.map((r) => r.id),
        [workspace.recordIds[0], workspace.recordIds[2]],
      );
    });

    it('surfaces a validation failure as the client error 400', async () => {
      useToken(fullToken);
      await rejectsWith(createRecords(workspace.tableId, { records: [{ fields: { Missing: 'x' } }] }), 400, 'validation_error');
    });
  });

  describe('restricted tokens', () => {
    const mintWithId = async (fields: Record<string, unknown>): Promise<{ id: string; token: string }> => {
      const reply = await call(server, 'POST', '/api/access-token', {
        cookie: ann.cookie,
        body: { name: 'restricted', expiredTime: daysFromNow(5), ...fields },
      });
      assert.equal(reply.status, 201, reply.text);
      return { id: reply.body.id, token: reply.body.token };
    };
    const mint = async (fields: Record<string, unknown>): Promise<string> => (await mintWithId(fields)).token;

    it('lets a read-only token read but gives the client error 403 on a write', async () => {
      useToken(await mint({ scopes: ['space|read', 'base|read', 'table|read', 'record|read'], spaceIds: [workspace.spaceId] }));
      const records = await getRecords(workspace.tableId);
      assert.equal(records.data.records.length, 2);
      await rejectsWith(createRecords(workspace.tableId, { records: [{ fields: { Title: 'nope' } }] }), 403, 'restricted_resource');
      await rejectsWith(updateRecord(workspace.tableId, workspace.recordIds[0]!, { record: { fields: { Title: 'nope' } } }), 403, 'restricted_resource');
      await rejectsWith(deleteRecord(workspace.tableId, workspace.recordIds[0]!), 403, 'restricted_resource');
      await rejectsWith(createSpace({ name: 'nope' }), 403, 'restricted_resource');
      await rejectsWith(createTable(workspace.baseId, { name: 'nope' }), 403, 'restricted_resource');
      useToken(fullToken);
      assert.equal((await getRecords(workspace.tableId)).data.records.length, 2, 'a refused write changed the table');
    });

    it('gives the client error 403 for a space outside the token\u2019s reach', async () => {
      useToken(fullToken);
      const other = (await createSpace({ name: 'Elsewhere' })).data.id;
      useToken(await mint({ scopes: ['space|read', 'base|read', 'table|read', 'record|read'], spaceIds: [other] }));
      await rejectsWith(getRecords(workspace.tableId), 403, 'restricted_resource');
      await rejectsWith(getSpaceById(workspace.spaceId), 403, 'restricted_resource');
      const list = await getSpaceList();
      assert.deepEqual(
        list.data.map((s) => s.id),
        [other],
      );
    });

    it('gives the client error 401 for a deleted token', async () => {
      const { id, token } = await mintWithId({ scopes: ['record|read'], hasFullAccess: true });
      useToken(token);
      assert.equal((await getRecords(workspace.tableId)).status, 200, 'the token works before deletion');
      useSession();
      await deleteAccessToken(id);
      useToken(token);
      await rejectsWith(getRecords(workspace.tableId), 401, 'token_revoked');
    });
  });
});

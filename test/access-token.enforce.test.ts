// Personal access tokens on the data API: a token acts with the intersection of its scopes, its
// reach (spaceIds, baseIds or full access) and its owner's current role; a bad credential is
// refused with 401, and garbage never reaches the store.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { call, createToken, seedWorkspace, signUp, type Account, type Json } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

const READ_ALL = ['space|read', 'base|read', 'table|read', 'record|read'];

interface Place {
  spaceId: string;
  baseId: string;
  tableId: string;
  recordId: string;
}

async function addRecord(server: TestServer, owner: Account, tableId: string, title: string): Promise<string> {
  const reply = await call(server, 'POST', `/api/table/${tableId}/record`, { cookie: owner.cookie, body: { records: [{ fields: { Title: title } }] } });
  if (reply.status !== 201) throw new Error(`record creation failed: ${reply.status} ${reply.text}`);
  return reply.body.records[0].id as string;
}

/** A new space of `owner` with one base, one table and one record. */
async function seedPlace(server: TestServer, owner: Account, title: string): Promise<Place> {
  const workspace = await seedWorkspace(server, owner);
  return { ...workspace, recordId: await addRecord(server, owner, workspace.tableId, title) };
}

/** Another base (with a table and a record) in an existing space. */
async function seedBase(server: TestServer, owner: Account, spaceId: string, title: string): Promise<Place> {
  const base = await call(server, 'POST', '/api/base', { cookie: owner.cookie, body: { spaceId, name: 'Second base' } });
  const table = await call(server, 'POST', `/api/base/${base.body.id}/table`, {
    cookie: owner.cookie,
    body: { name: 'More', fields: [{ name: 'Title', type: 'singleLineText' }] },
  });
  if (table.status !== 201) throw new Error(`seeding failed: ${table.status} ${table.text}`);
  return { spaceId, baseId: base.body.id, tableId: table.body.id, recordId: await addRecord(server, owner, table.body.id, title) };
}

/** Every read of the data API that leads to `place`, as the token: label -> status. */
async function readsOf(server: TestServer, token: string, place: Place): Promise<Record<string, number>> {
  const paths = {
    space: `/api/space/${place.spaceId}`,
    base: `/api/base/${place.baseId}`,
    tables: `/api/base/${place.baseId}/table`,
    table: `/api/base/${place.baseId}/table/${place.tableId}`,
    records: `/api/table/${place.tableId}/record`,
    record: `/api/table/${place.tableId}/record/${place.recordId}`,
  };
  const statuses: Record<string, number> = {};
  for (const [label, path] of Object.entries(paths)) statuses[label] = (await call(server, 'GET', path, { token })).status;
  return statuses;
}

const all = (status: number) => ({ space: status, base: status, tables: status, table: status, records: status, record: status });
const ids = (list: Json) => (list as { id: string }[]).map((item) => item.id).sort();

describe('personal access tokens on the data API', () => {
  let server: TestServer;
  let ann: Account;
  let carol: Account;
  /** Ann's space A holds bases A1 and A2; her space B holds base B1. */
  let a1: Place;
  let a2: Place;
  let b1: Place;

  const token = async (fields: Record<string, unknown>): Promise<string> => (await createToken(server, ann, fields)).token as string;

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    carol = await signUp(server);
    a1 = await seedPlace(server, ann, 'in A1');
    a2 = await seedBase(server, ann, a1.spaceId, 'in A2');
    b1 = await seedPlace(server, ann, 'in B1');
  });
  after(() => server.close());

  describe('scopes', () => {
    it('lets a record|read token list and read records', async () => {
      const secret = await token({ scopes: ['record|read'], hasFullAccess: true });
      const list = await call(server, 'GET', `/api/table/${a1.tableId}/record`, { token: secret });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.records.map((r: Json) => r.id), [a1.recordId]);
      assert.equal(list.body.records[0].fields.Title, 'in A1');
      const one = await call(server, 'GET', `/api/table/${a1.tableId}/record/${a1.recordId}`, { token: secret });
      assert.equal(one.status, 200, one.text);
      assert.equal(one.body.id, a1.recordId);
      assert.equal(one.body.fields.Title, 'in A1');
    });

    it('refuses a record|read token every write with 403 restricted_resource naming the missing scope', async () => {
      const secret = await token({ scopes: ['record|read'], hasFullAccess: true });
      const writes: [string, string, unknown, string][] = [
        ['POST', `/api/table/${a1.tableId}/record`, { records: [{ fields: { Title: 'sneaky' } }] }, 'record|create'],
        ['PATCH', `/api/table/${a1.tableId}/record/${a1.recordId}`, { record: { fields: { Title: 'sneaky' } } }, 'record|update'],
        ['DELETE', `/api/table/${a1.tableId}/record/${a1.recordId}`, undefined, 'record|delete'],
      ];
      for (const [method, path, body, scope] of writes) {
        const reply = await call(server, method, path, { token: secret, ...(body === undefined ? {} : { body }) });
        assert.equal(reply.status, 403, `${method}: ${reply.text}`);
        assert.equal(reply.body.code, 'restricted_resource');
        assert.ok(reply.body.message.includes(scope), `${method}: "${reply.body.message}" does not name ${scope}`);
      }
      const after = await call(server, 'GET', `/api/table/${a1.tableId}/record`, { cookie: ann.cookie });
      assert.deepEqual(after.body.records.map((r: Json) => [r.id, r.fields.Title]), [[a1.recordId, 'in A1']], 'the data is untouched');
    });

    it('lets a token with record|create write where its owner may', async () => {
      const secret = await token({ scopes: ['record|create'], hasFullAccess: true });
      const reply = await call(server, 'POST', `/api/table/${b1.tableId}/record`, { token: secret, body: { records: [{ fields: { Title: 'by token' } }] } });
      assert.equal(reply.status, 201, reply.text);
      assert.equal(reply.body.records[0].fields.Title, 'by token');
      assert.equal(reply.body.records[0].createdBy, ann.id, 'the token acts as its owner');
    });
  });

  describe('reach', () => {
    it('restricted by spaceIds, reaches those spaces with their bases, tables and records, and nothing else', async () => {
      const secret = await token({ scopes: READ_ALL, spaceIds: [a1.spaceId] });
      assert.deepEqual(await readsOf(server, secret, a1), all(200));
      assert.deepEqual(await readsOf(server, secret, a2), all(200));
      assert.deepEqual(await readsOf(server, secret, b1), all(403));
      const refused = await call(server, 'GET', `/api/table/${b1.tableId}/record`, { token: secret });
      assert.equal(refused.body.code, 'restricted_resource');
    });

    it('restricted by baseIds, reaches those bases and not their neighbours', async () => {
      const secret = await token({ scopes: READ_ALL, baseIds: [a1.baseId] });
      assert.deepEqual(await readsOf(server, secret, a1), all(200), 'a base reached makes its space visible');
      assert.deepEqual(await readsOf(server, secret, a2), { ...all(403), space: 200 }, 'a sibling base in the same space');
      assert.deepEqual(await readsOf(server, secret, b1), all(403));
    });

    it('with hasFullAccess, reaches every space of its owner, even one created after the token', async () => {
      const secret = await token({ scopes: READ_ALL, hasFullAccess: true });
      const later = await seedPlace(server, ann, 'created later');
      for (const place of [a1, a2, b1, later]) assert.deepEqual(await readsOf(server, secret, place), all(200));
      const records = await call(server, 'GET', `/api/table/${later.tableId}/record`, { token: secret });
      assert.equal(records.body.records[0].fields.Title, 'created later');
    });

    it("never reaches someone else's space, even with hasFullAccess (404, as if it did not exist)", async () => {
      const secret = await token({ scopes: READ_ALL, hasFullAccess: true });
      const carols = await seedPlace(server, carol, "carol's");
      assert.deepEqual(await readsOf(server, secret, carols), all(404));
    });
  });

  describe('odd ids', () => {
    it('answers 404 not_found or 400 validation_error, never a 500, to ids with a NUL character', async () => {
      const secret = await token({ scopes: READ_ALL, hasFullAccess: true });
      const nul = encodeURIComponent('x\u0000y');
      for (const path of [
        `/api/space/${nul}`,
        `/api/space/${nul}/base`,
        `/api/base/${nul}`,
        `/api/base/${nul}/table`,
        `/api/base/${a1.baseId}/table/${nul}`,
        `/api/table/${nul}/record`,
        `/api/table/${a1.tableId}/record/${nul}`,
      ]) {
        const reply = await call(server, 'GET', path, { token: secret });
        assert.ok([400, 404].includes(reply.status), `${path}: ${reply.status} ${reply.text}`);
        assert.equal(reply.body.code, reply.status === 404 ? 'not_found' : 'validation_error', path);
      }
    });
  });

  describe('listing with a restricted token', () => {
    it('GET /api/space answers only the spaces the token reaches (200, not 403)', async () => {
      const bySpace = await call(server, 'GET', '/api/space', { token: await token({ scopes: ['space|read'], spaceIds: [a1.spaceId] }) });
      assert.equal(bySpace.status, 200, bySpace.text);
      assert.deepEqual(ids(bySpace.body), [a1.spaceId]);

      const byBase = await call(server, 'GET', '/api/space', { token: await token({ scopes: ['space|read'], baseIds: [b1.baseId] }) });
      assert.equal(byBase.status, 200, byBase.text);
      assert.deepEqual(ids(byBase.body), [b1.spaceId], 'the space of a reached base, and no other');

      const full = await call(server, 'GET', '/api/space', { token: await token({ scopes: ['space|read'], hasFullAccess: true }) });
      const session = await call(server, 'GET', '/api/space', { cookie: ann.cookie });
      assert.equal(full.status, 200);
      assert.deepEqual(ids(full.body), ids(session.body), 'full access lists every space of the owner');
      assert.ok(ids(full.body).includes(a1.spaceId) && ids(full.body).includes(b1.spaceId));
    });

    it('GET /api/space/{id}/base answers only the bases the token reaches (200, not 403)', async () => {
      const byBase = await call(server, 'GET', `/api/space/${a1.spaceId}/base`, { token: await token({ scopes: ['base|read'], baseIds: [a1.baseId] }) });
      assert.equal(byBase.status, 200, byBase.text);
      assert.deepEqual(ids(byBase.body), [a1.baseId]);

      const bySpace = await call(server, 'GET', `/api/space/${a1.spaceId}/base`, { token: await token({ scopes: ['base|read'], spaceIds: [a1.spaceId] }) });
      assert.equal(bySpace.status, 200, bySpace.text);
      assert.deepEqual(ids(bySpace.body), [a1.baseId, a2.baseId].sort());
    });
  });

  describe("a token never exceeds its owner's current role", () => {
    it('is refused a write once its owner is demoted to viewer, and gets 404 once the owner is removed', async () => {
      const shared = await seedPlace(server, carol, 'shared');
      const invite = await call(server, 'POST', `/api/space/${shared.spaceId}/collaborator`, {
        cookie: carol.cookie,
        body: { collaborators: [{ principalId: ann.id, principalType: 'user' }], role: 'editor' },
      });
      assert.equal(invite.status, 201, invite.text);
      const scopes = ['record|read', 'record|create'];
      const tokens = {
        'a space-restricted token': await token({ scopes, spaceIds: [shared.spaceId] }),
        'a full-access token': await token({ scopes, hasFullAccess: true }),
      };
      const write = (secret: string) =>
        call(server, 'POST', `/api/table/${shared.tableId}/record`, { token: secret, body: { records: [{ fields: { Title: 'by ann' } }] } });
      const read = (secret: string) => call(server, 'GET', `/api/table/${shared.tableId}/record`, { token: secret });

      for (const [label, secret] of Object.entries(tokens)) assert.equal((await write(secret)).status, 201, `${label} as an editor`);

      const demote = await call(server, 'PATCH', `/api/space/${shared.spaceId}/collaborators`, {
        cookie: carol.cookie,
        body: { principalId: ann.id, principalType: 'user', role: 'viewer' },
      });
      assert.equal(demote.status, 200, demote.text);
      for (const [label, secret] of Object.entries(tokens)) {
        const refused = await write(secret);
        assert.equal(refused.status, 403, `${label} as a viewer: ${refused.text}`);
        assert.equal(refused.body.code, 'restricted_resource');
        assert.ok(refused.body.message.includes('record|create'), refused.body.message);
        assert.equal((await read(secret)).status, 200, `${label} may still read as a viewer`);
      }

      const remove = await call(server, 'DELETE', `/api/space/${shared.spaceId}/collaborators?principalId=${ann.id}&principalType=user`, { cookie: carol.cookie });
      assert.equal(remove.status, 200, remove.text);
      for (const [label, secret] of Object.entries(tokens)) {
        for (const reply of [await read(secret), await write(secret)]) {
          assert.equal(reply.status, 404, `${label} after removal: ${reply.text}`);
          assert.equal(reply.body.code, 'not_found');
        }
      }
      const records = await call(server, 'GET', `/api/table/${shared.tableId}/record`, { cookie: carol.cookie });
      assert.equal(records.body.records.length, 3, 'only the two writes made as an editor landed');
    });
  });

  describe('bad credentials', () => {
    it('answers 401 token_expired to an expired token', async () => {
      const created = await createToken(server, ann, { scopes: READ_ALL, hasFullAccess: true });
      await server.store.db.updateTable('access_tokens').set({ expired_time: '2020-01-01T00:00:00.000Z' }).where('id', '=', created.id).execute();
      for (const path of [`/api/table/${a1.tableId}/record`, '/api/space', `/api/base/${a1.baseId}`]) {
        const reply = await call(server, 'GET', path, { token: created.token });
        assert.equal(reply.status, 401, `${path}: ${reply.text}`);
        assert.deepEqual(reply.body, { message: reply.body.message, status: 401, code: 'token_expired' });
      }
    });

    it('refuses a token as soon as its expiredTime passes, even while its verdict is cached', async () => {
      const expiredTime = new Date(Date.now() + 2000).toISOString();
      const created = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true, expiredTime });
      const path = `/api/table/${a1.tableId}/record`;
      assert.equal((await call(server, 'GET', path, { token: created.token })).status, 200);
      await sleep(Date.parse(created.expiredTime) - Date.now() + 50);
      const reply = await call(server, 'GET', path, { token: created.token });
      assert.equal(reply.status, 401, reply.text);
      assert.equal(reply.body.code, 'token_expired');
    });

    it('answers 401 unauthorized to a request without a credential', async () => {
      for (const path of [`/api/table/${a1.tableId}/record`, '/api/space', `/api/space/${a1.spaceId}/base`]) {
        const reply = await call(server, 'GET', path);
        assert.equal(reply.status, 401, path);
        assert.deepEqual(reply.body, { message: reply.body.message, status: 401, code: 'unauthorized' });
      }
    });

    it('answers 401 to an Authorization: Basic header, even one carrying a live token', async () => {
      const secret = await token({ scopes: ['record|read'], hasFullAccess: true });
      const basics = [
        Buffer.from(`${ann.email}:passw0rd-test`).toString('base64'),
        Buffer.from(`:${secret}`).toString('base64'),
        Buffer.from(`${secret}:`).toString('base64'),
      ];
      for (const credentials of basics) {
        const reply = await call(server, 'GET', `/api/table/${a1.tableId}/record`, { headers: { authorization: `Basic ${credentials}` } });
        assert.equal(reply.status, 401, reply.text);
        assert.equal(reply.body.code, 'token_invalid');
      }
    });
  });

  describe('lastUsedTime', () => {
    it('appears on GET /api/access-token/{id} shortly after the first use', async () => {
      const created = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
      const read = () => call(server, 'GET', `/api/access-token/${created.id}`, { cookie: ann.cookie });
      assert.equal('lastUsedTime' in (await read()).body, false, 'an unused token has no lastUsedTime on GET');

      const usedFrom = Date.now();
      assert.equal((await call(server, 'GET', `/api/table/${a1.tableId}/record`, { token: created.token })).status, 200);
      const deadline = Date.now() + 5000;
      let body: Json = (await read()).body;
      while (body.lastUsedTime === undefined && Date.now() < deadline) {
        await sleep(100);
        body = (await read()).body;
      }
      assert.equal(typeof body.lastUsedTime, 'string', 'lastUsedTime was not written within 5 s');
      const at = Date.parse(body.lastUsedTime);
      assert.ok(at >= usedFrom - 1000 && at <= Date.now(), `lastUsedTime ${body.lastUsedTime} is not the time of use`);
      assert.ok(body.lastUsedTime >= body.createdTime);
    });
  });
});

describe('malformed credentials never reach the store', () => {
  let server: TestServer;
  let tableId: string;
  let live: string;

  /** The same token with the character at `index` replaced by another base62 character. */
  const flip = (secret: string, index: number): string => {
    const at = index < 0 ? secret.length + index : index;
    const replacement = secret[at] === 'a' ? 'b' : 'a';
    return secret.slice(0, at) + replacement + secret.slice(at + 1);
  };

  before(async () => {
    server = await startServer();
    const owner = await signUp(server);
    tableId = (await seedWorkspace(server, owner)).tableId;
    // Created but never used here, so nothing writes behind while queries are counted.
    live = (await createToken(server, owner, { scopes: ['record|read', 'record|create'], hasFullAccess: true })).token;
  });
  after(() => server.close());

  it('answers 401 token_invalid to garbage, truncation or one changed character, without a single query', async () => {
    const cases: [string, string][] = [
      ['garbage', 'Bearer not-a-token'],
      ['a bare prefix', 'Bearer tess_pat_'],
      ['a truncated token', `Bearer ${live.slice(0, -1)}`],
      ['a token cut in half', `Bearer ${live.slice(0, live.length / 2)}`],
      ['a token with one extra character', `Bearer ${live}a`],
      ['a character flipped in the random part', `Bearer ${flip(live, 20)}`],
      ['a character flipped in the checksum', `Bearer ${flip(live, -1)}`],
      ['another kind prefix on the same body', `Bearer ${live.replace('tess_pat_', 'tess_ses_')}`],
      ['an upper-cased token', `Bearer ${live.toUpperCase()}`],
      ['an oversized token', `Bearer tess_pat_${'A'.repeat(10_000)}`],
      ['two tokens', `Bearer ${live} ${live}`],
      ['an empty bearer', 'Bearer'],
    ];
    for (const [label, authorization] of cases) {
      for (const [method, body] of [
        ['GET', undefined],
        ['POST', { records: [{ fields: { Title: 'x' } }] }],
      ] as const) {
        const before = server.queries();
        const reply = await call(server, method, `/api/table/${tableId}/record`, { headers: { authorization }, ...(body ? { body } : {}) });
        assert.equal(server.queries(), before, `${label} (${method}) reached the store`);
        assert.equal(reply.status, 401, `${label} (${method}): ${reply.text}`);
        assert.deepEqual(reply.body, { message: reply.body.message, status: 401, code: 'token_invalid' }, label);
      }
    }
  });

  it('still accepts the untouched token (the cases above differ from it only as described)', async () => {
    const reply = await call(server, 'GET', `/api/table/${tableId}/record`, { token: live });
    assert.equal(reply.status, 200, reply.text);
  });
});

// Managing personal access tokens (Teable seed 001 and its siblings): read, list, update, refresh
// and delete, by the signed-in owner only; other people's tokens do not exist. Part of it goes
// through the typed client (tessera/client), as a TypeScript program would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTesseraClient } from '../src/client/index.js';
import { call, createToken, daysFromNow, seedWorkspace, signUp, type Account, type Json } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

/** Every field GET /api/access-token/{id} may answer (seed 001), and those it must. */
const SEED_001_FIELDS = ['id', 'name', 'description', 'scopes', 'spaceIds', 'baseIds', 'hasFullAccess', 'expiredTime', 'createdTime', 'lastUsedTime'];
const SEED_001_REQUIRED = ['id', 'name', 'scopes', 'hasFullAccess', 'expiredTime', 'createdTime'];
const UPDATE_FIELDS = ['id', 'name', 'description', 'scopes', 'spaceIds', 'baseIds', 'hasFullAccess'];
const UNKNOWN_ID = 'accDoesNotExist0000';

type Workspace = { spaceId: string; baseId: string; tableId: string };

function assertSeed001Shape(body: Json, label = 'token'): void {
  assert.equal(typeof body, 'object', label);
  for (const key of Object.keys(body)) assert.ok(SEED_001_FIELDS.includes(key), `${label}: unexpected field ${key}`);
  for (const key of SEED_001_REQUIRED) assert.ok(key in body, `${label}: missing field ${key}`);
  for (const [key, value] of Object.entries(body)) assert.notEqual(value, null, `${label}: ${key} is null`);
  assert.equal('token' in body, false, `${label}: the secret is shown again`);
}

describe('personal access token management', () => {
  let server: TestServer;
  let ann: Account;
  let bob: Account;
  let annWs: Workspace;
  let annWs2: Workspace;
  let bobWs: Workspace;

  /** A record list request as the token: 200 when the token may read ann's first table. */
  const readRecords = (token: string) => call(server, 'GET', `/api/table/${annWs.tableId}/record`, { token });
  const getToken = (id: string, who: Account = ann) => call(server, 'GET', `/api/access-token/${id}`, { cookie: who.cookie });
  const putToken = (id: string, body: unknown, who: Account = ann) => call(server, 'PUT', `/api/access-token/${id}`, { cookie: who.cookie, body });
  /** The typed client, signed in as `who` or holding a token. */
  const as = (who: Account) => createTesseraClient(server.url, { cookie: who.cookie });
  const holding = (token: string) => createTesseraClient(server.url, { token });
  const readAs = (token: string) => holding(token).GET('/api/table/{tableId}/record', { params: { path: { tableId: annWs.tableId } } });

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    bob = await signUp(server);
    annWs = await seedWorkspace(server, ann);
    annWs2 = await seedWorkspace(server, ann);
    bobWs = await seedWorkspace(server, bob);
  });
  after(() => server.close());

  describe('GET /api/access-token/{id} (seed 001)', () => {
    it("answers exactly seed 001's fields, with the values given at creation and without the secret", async () => {
      const created = await as(ann).POST('/api/access-token', {
        body: {
          name: 'reporting',
          description: 'nightly export',
          scopes: ['record|read', 'table|read'],
          spaceIds: [annWs.spaceId],
          baseIds: [annWs2.baseId],
          hasFullAccess: false,
          expiredTime: daysFromNow(30),
        },
      });
      assert.equal(created.response.status, 201, JSON.stringify(created.error));
      const { id, token, expiredTime, createdTime } = created.data!;
      const { data, response } = await as(ann).GET('/api/access-token/{id}', { params: { path: { id } } });
      assert.equal(response.status, 200);
      assertSeed001Shape(data);
      assert.deepEqual(
        { ...data, lastUsedTime: undefined },
        { id, name: 'reporting', description: 'nightly export', scopes: ['record|read', 'table|read'], spaceIds: [annWs.spaceId], baseIds: [annWs2.baseId], hasFullAccess: false, expiredTime, createdTime, lastUsedTime: undefined },
      );
      assert.ok(!JSON.stringify(data).includes(token), 'the secret appears in the answer');
    });

    it('omits the optional fields that are not set instead of answering null', async () => {
      const created = await createToken(server, ann, { scopes: ['space|read'], hasFullAccess: true });
      const reply = await getToken(created.id);
      assert.equal(reply.status, 200);
      assertSeed001Shape(reply.body);
      assert.equal('description' in reply.body, false);
      assert.equal('spaceIds' in reply.body, false);
      assert.equal('baseIds' in reply.body, false);
      assert.equal(reply.body.hasFullAccess, true);
    });
  });

  describe('GET /api/access-token', () => {
    it("lists the caller's tokens and nobody else's, without secrets", async () => {
      const annFirst = await createToken(server, ann, { name: 'ann one', scopes: ['record|read'], hasFullAccess: true });
      const annSecond = await createToken(server, ann, { name: 'ann two', scopes: ['table|read'], spaceIds: [annWs.spaceId] });
      const bobs = await createToken(server, bob, { name: 'bob one', scopes: ['record|read'], hasFullAccess: true });

      const annList = await call(server, 'GET', '/api/access-token', { cookie: ann.cookie });
      assert.equal(annList.status, 200);
      assert.ok(Array.isArray(annList.body));
      const annIds = annList.body.map((t: Json) => t.id);
      assert.ok(annIds.includes(annFirst.id) && annIds.includes(annSecond.id), 'ann sees her tokens');
      assert.ok(!annIds.includes(bobs.id), "ann sees bob's token");
      for (const item of annList.body) assertSeed001Shape(item, `list item ${item.id}`);
      assert.ok(!annList.text.includes(annFirst.token) && !annList.text.includes(annSecond.token));
      const second = annList.body.find((t: Json) => t.id === annSecond.id);
      assert.equal(second.name, 'ann two');
      assert.deepEqual(second.spaceIds, [annWs.spaceId]);

      const bobList = await call(server, 'GET', '/api/access-token', { cookie: bob.cookie });
      assert.equal(bobList.status, 200);
      assert.deepEqual(bobList.body.map((t: Json) => t.id), [bobs.id]);
    });

    it('leaves a deleted token out', async () => {
      const doomed = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
      assert.equal((await call(server, 'DELETE', `/api/access-token/${doomed.id}`, { cookie: ann.cookie })).status, 200);
      const list = await call(server, 'GET', '/api/access-token', { cookie: ann.cookie });
      assert.ok(!list.body.some((t: Json) => t.id === doomed.id));
    });
  });

  describe('PUT /api/access-token/{id}', () => {
    it('changes every field it is given and answers the new values', async () => {
      const created = await createToken(server, ann, { name: 'before', scopes: ['record|read'], hasFullAccess: true });
      const reply = await putToken(created.id, {
        name: 'after',
        description: 'now restricted',
        scopes: ['record|read', 'record|create'],
        spaceIds: [annWs.spaceId],
        baseIds: [annWs2.baseId],
        hasFullAccess: false,
      });
      assert.equal(reply.status, 200, reply.text);
      for (const key of Object.keys(reply.body)) assert.ok(UPDATE_FIELDS.includes(key), `unexpected field ${key}`);
      assert.equal('token' in reply.body, false);
      assert.equal(reply.body.id, created.id);
      assert.equal(reply.body.name, 'after');
      assert.equal(reply.body.description, 'now restricted');
      assert.deepEqual(reply.body.scopes, ['record|read', 'record|create']);
      assert.deepEqual(reply.body.spaceIds, [annWs.spaceId]);
      assert.deepEqual(reply.body.baseIds, [annWs2.baseId]);
      assert.equal(reply.body.hasFullAccess, false);

      const read = await getToken(created.id);
      assertSeed001Shape(read.body);
      assert.equal(read.body.name, 'after');
      assert.equal(read.body.description, 'now restricted');
      assert.deepEqual(read.body.scopes, ['record|read', 'record|create']);
      assert.deepEqual(read.body.spaceIds, [annWs.spaceId]);
      assert.deepEqual(read.body.baseIds, [annWs2.baseId]);
      assert.equal(read.body.hasFullAccess, false);
      assert.equal(read.body.expiredTime, created.expiredTime, 'an update keeps the expiry');
      assert.equal(read.body.createdTime, created.createdTime);
    });

    it('leaves the fields it is not given unchanged', async () => {
      const created = await createToken(server, ann, {
        name: 'keep',
        description: 'kept',
        scopes: ['record|read'],
        spaceIds: [annWs.spaceId],
        baseIds: [annWs2.baseId],
        hasFullAccess: true,
      });
      const reply = await putToken(created.id, { name: 'renamed', scopes: ['table|read'] });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.description, 'kept');
      assert.deepEqual(reply.body.spaceIds, [annWs.spaceId]);
      assert.deepEqual(reply.body.baseIds, [annWs2.baseId]);
      assert.equal(reply.body.hasFullAccess, true);

      const read = await getToken(created.id);
      assert.equal(read.body.name, 'renamed');
      assert.deepEqual(read.body.scopes, ['table|read']);
      assert.equal(read.body.description, 'kept');
      assert.deepEqual(read.body.spaceIds, [annWs.spaceId]);
      assert.deepEqual(read.body.baseIds, [annWs2.baseId]);
      assert.equal(read.body.hasFullAccess, true);
    });

    it('clears spaceIds and baseIds given null, and then omits them', async () => {
      const created = await createToken(server, ann, { scopes: ['record|read'], spaceIds: [annWs.spaceId], baseIds: [annWs2.baseId] });
      const reply = await putToken(created.id, { name: 'cleared', scopes: ['record|read'], spaceIds: null, baseIds: null, hasFullAccess: true });
      assert.equal(reply.status, 200, reply.text);
      assert.equal('spaceIds' in reply.body, false);
      assert.equal('baseIds' in reply.body, false);
      assert.ok(!Object.values(reply.body).includes(null), 'the update answer holds a null');

      const read = await getToken(created.id);
      assertSeed001Shape(read.body);
      assert.equal('spaceIds' in read.body, false);
      assert.equal('baseIds' in read.body, false);
    });

    it('takes effect at once for a token already in use', async () => {
      const { id, token } = await createToken(server, ann, { scopes: ['record|read'], spaceIds: [annWs.spaceId] });
      assert.equal((await readRecords(token)).status, 200, 'the token works (and its verdict is now cached)');
      const write = () => call(server, 'POST', `/api/table/${annWs.tableId}/record`, { token, body: { records: [{ fields: { Title: 'via token' } }] } });
      assert.equal((await write()).status, 403);

      assert.equal((await putToken(id, { name: 'wider', scopes: ['record|read', 'record|create'] })).status, 200);
      assert.equal((await write()).status, 201, 'a scope added is usable at once');

      assert.equal((await putToken(id, { name: 'narrower', scopes: ['table|read'] })).status, 200);
      const refused = await readRecords(token);
      assert.equal(refused.status, 403, 'a scope removed is refused at once');
      assert.equal(refused.body.code, 'restricted_resource');

      assert.equal((await putToken(id, { name: 'elsewhere', scopes: ['record|read'], spaceIds: [annWs2.spaceId] })).status, 200);
      assert.equal((await readRecords(token)).status, 403, 'a space taken away is refused at once');
    });

    const invalidUpdates: [string, Record<string, unknown>, string][] = [
      ['without name', { name: undefined }, 'name'],
      ['without scopes', { scopes: undefined }, 'scopes'],
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a name over 100 characters', { name: 'x'.repeat(101) }, 'name'],
      ['a description over 1000 characters', { description: 'x'.repeat(1001) }, 'description'],
      ['no scopes', { scopes: [] }, 'scopes'],
      ['a scope outside the catalogue', { scopes: ['record|read', 'record|destroy'] }, 'scopes'],
      ['scopes that are not a list', { scopes: 'record|read' }, 'scopes'],
      ['an empty spaceIds list', { spaceIds: [] }, 'spaceIds'],
      ['an empty baseIds list', { baseIds: [] }, 'baseIds'],
      ['spaceIds that are not a list', { spaceIds: 'spc1' }, 'spaceIds'],
      ['hasFullAccess that is not a boolean', { hasFullAccess: 'yes' }, 'hasFullAccess'],
      // U+0000 is valid JSON but no PostgreSQL text can hold it: bad input, never a 500.
      ['a name with a NUL character', { name: 'a\u0000b' }, 'name'],
      ['a description with a NUL character', { description: 'a\u0000b' }, 'description'],
      ['a spaceIds entry with a NUL character', { spaceIds: ['spc\u0000'] }, 'spaceIds'],
      ['a baseIds entry with a NUL character', { baseIds: ['bse\u0000'] }, 'baseIds'],
    ];
    for (const [label, patch, field] of invalidUpdates) {
      it(`rejects ${label} with 400 validation_error naming ${field}, changing nothing`, async () => {
        const created = await createToken(server, ann, { name: 'stable', scopes: ['record|read'], hasFullAccess: true });
        const body = JSON.parse(JSON.stringify({ name: 'changed', scopes: ['table|read'], ...patch }));
        const reply = await putToken(created.id, body);
        assert.equal(reply.status, 400, reply.text);
        assert.equal(reply.body.code, 'validation_error');
        assert.equal(reply.body.status, 400);
        assert.match(reply.body.message, new RegExp(`^${field}\\b`));
        const read = await getToken(created.id);
        assert.equal(read.body.name, 'stable');
        assert.deepEqual(read.body.scopes, ['record|read']);
      });
    }

    it("refuses another user's space or base as a restriction, naming the field", async () => {
      const created = await createToken(server, ann, { scopes: ['record|read'], spaceIds: [annWs.spaceId] });
      for (const [patch, field] of [
        [{ spaceIds: [bobWs.spaceId] }, 'spaceIds'],
        [{ baseIds: [bobWs.baseId] }, 'baseIds'],
        [{ spaceIds: ['spcDoesNotExist0000'] }, 'spaceIds'],
      ] as const) {
        const reply = await putToken(created.id, { name: 'x', scopes: ['record|read'], ...patch });
        assert.equal(reply.status, 400, reply.text);
        assert.equal(reply.body.code, 'validation_error');
        assert.match(reply.body.message, new RegExp(`^${field}\\b`));
      }
      assert.deepEqual((await getToken(created.id)).body.spaceIds, [annWs.spaceId]);
    });
  });

  describe('POST /api/access-token/{id}/refresh', () => {
    it('answers 200 {id, expiredTime, token}; the old secret is refused at once and the new one works', async () => {
      const created = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
      assert.equal((await readAs(created.token)).response.status, 200, 'the old secret works (and its verdict is now cached)');

      // No body at all: every field of the refresh body is optional.
      const refreshed = await as(ann).POST('/api/access-token/{id}/refresh', { params: { path: { id: created.id } } });
      assert.equal(refreshed.response.status, 200, JSON.stringify(refreshed.error));
      const { data } = refreshed;
      assert.deepEqual(Object.keys(data!).sort(), ['expiredTime', 'id', 'token']);
      assert.equal(data!.id, created.id);
      assert.equal(data!.expiredTime, created.expiredTime, 'without expiredTime the expiry stays');
      assert.match(data!.token, /^tess_pat_[0-9A-Za-z]{49}$/);
      assert.notEqual(data!.token, created.token);

      const old = await readAs(created.token);
      assert.equal(old.response.status, 401);
      assert.ok(['token_invalid', 'token_revoked'].includes(old.error?.code ?? ''), JSON.stringify(old.error));
      assert.equal((await readAs(data!.token)).response.status, 200);

      const read = await as(ann).GET('/api/access-token/{id}', { params: { path: { id: created.id } } });
      assert.equal(read.response.status, 200, 'the refreshed token is the same token');
      assert.equal(read.data!.createdTime, created.createdTime);
    });

    for (const contentType of ['application/x-www-form-urlencoded', 'application/json']) {
      it(`accepts an empty body labelled ${contentType} (as Teable's client sends it)`, async () => {
        const created = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
        const reply = await call(server, 'POST', `/api/access-token/${created.id}/refresh`, { cookie: ann.cookie, rawBody: '', contentType });
        assert.equal(reply.status, 200, reply.text);
        assert.equal(reply.body.id, created.id);
        assert.equal((await readRecords(reply.body.token)).status, 200);
      });
    }

    it('sets a new expiredTime when given one', async () => {
      const created = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true, expiredTime: daysFromNow(3) });
      const day = daysFromNow(60);
      const reply = await call(server, 'POST', `/api/access-token/${created.id}/refresh`, { cookie: ann.cookie, body: { expiredTime: day } });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.expiredTime, `${day}T23:59:59.999Z`);
      assert.equal((await getToken(created.id)).body.expiredTime, `${day}T23:59:59.999Z`);
    });

    for (const [label, expiredTime] of [
      ['in the past', '2020-01-01'],
      ['beyond the maximum lifetime', daysFromNow(400)],
      ['that is not a date', 'next week'],
    ] as const) {
      it(`rejects a new expiredTime ${label} with 400 naming expiredTime, keeping the old secret`, async () => {
        const created = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
        const reply = await call(server, 'POST', `/api/access-token/${created.id}/refresh`, { cookie: ann.cookie, body: { expiredTime } });
        assert.equal(reply.status, 400, reply.text);
        assert.equal(reply.body.code, 'validation_error');
        assert.match(reply.body.message, /^expiredTime\b/);
        assert.equal((await readRecords(created.token)).status, 200, 'a refused refresh leaves the secret alone');
      });
    }

    it('refuses to refresh an expired token without a new expiredTime, and revives it with one', async () => {
      const created = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
      await server.store.db.updateTable('access_tokens').set({ expired_time: '2020-01-01T00:00:00.000Z' }).where('id', '=', created.id).execute();

      const refused = await call(server, 'POST', `/api/access-token/${created.id}/refresh`, { cookie: ann.cookie });
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.body.code, 'validation_error');
      assert.match(refused.body.message, /^expiredTime\b/);

      const day = daysFromNow(7);
      const revived = await call(server, 'POST', `/api/access-token/${created.id}/refresh`, { cookie: ann.cookie, body: { expiredTime: day } });
      assert.equal(revived.status, 200, revived.text);
      assert.equal(revived.body.expiredTime, `${day}T23:59:59.999Z`);
      assert.equal((await readRecords(revived.body.token)).status, 200);
    });
  });

  describe('DELETE /api/access-token/{id}', () => {
    it('revokes at once: the secret gets 401 token_revoked, then the token is 404', async () => {
      const created = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
      assert.equal((await readAs(created.token)).response.status, 200, 'the token works (and its verdict is now cached)');
      const byId = { params: { path: { id: created.id } } };

      const deleted = await as(ann).DELETE('/api/access-token/{id}', byId);
      assert.equal(deleted.response.status, 200, JSON.stringify(deleted.error));

      const refused = await readAs(created.token);
      assert.equal(refused.response.status, 401);
      assert.equal(refused.error?.code, 'token_revoked');
      const read = await as(ann).GET('/api/access-token/{id}', byId);
      assert.equal(read.response.status, 404);
      assert.equal(read.error?.code, 'not_found');
      assert.equal((await as(ann).DELETE('/api/access-token/{id}', byId)).response.status, 404, 'deleting twice');
      assert.equal((await as(ann).POST('/api/access-token/{id}/refresh', byId)).response.status, 404, 'a deleted token cannot be revived');
    });
  });

  describe("someone else's token", () => {
    it("answers 404 with the same body for another user's token as for an unknown id, changing nothing", async () => {
      const bobs = await createToken(server, bob, { name: 'bob private', scopes: ['record|read'], hasFullAccess: true });
      const requests: [string, (id: string) => Promise<{ status: number; body: Json }>][] = [
        ['GET', (id) => getToken(id)],
        ['PUT', (id) => putToken(id, { name: 'hijacked', scopes: ['record|read', 'record|delete'], spaceIds: [annWs.spaceId] })],
        ['refresh', (id) => call(server, 'POST', `/api/access-token/${id}/refresh`, { cookie: ann.cookie })],
        ['DELETE', (id) => call(server, 'DELETE', `/api/access-token/${id}`, { cookie: ann.cookie })],
      ];
      for (const [label, send] of requests) {
        const foreign = await send(bobs.id);
        const unknown = await send(UNKNOWN_ID);
        assert.equal(foreign.status, 404, `${label}: ${JSON.stringify(foreign.body)}`);
        assert.equal(foreign.body.code, 'not_found', label);
        assert.deepEqual(foreign.body, unknown.body, `${label}: the bodies tell the two apart`);
      }
      const stillBobs = await getToken(bobs.id, bob);
      assert.equal(stillBobs.status, 200);
      assert.equal(stillBobs.body.name, 'bob private');
      assert.deepEqual(stillBobs.body.scopes, ['record|read']);
      const bobRecords = await call(server, 'GET', `/api/table/${bobWs.tableId}/record`, { token: bobs.token });
      assert.equal(bobRecords.status, 200, "bob's secret survived ann's refresh and delete");
    });
  });

  describe('an id the store cannot hold', () => {
    it('answers 404 not_found or 400 validation_error, never a 500, to an id with a NUL character', async () => {
      const id = encodeURIComponent('acc\u0000x');
      const requests: [string, () => Promise<{ status: number; body: Json; text: string }>][] = [
        ['GET', () => getToken(id)],
        ['PUT', () => putToken(id, { name: 'x', scopes: ['record|read'] })],
        ['refresh', () => call(server, 'POST', `/api/access-token/${id}/refresh`, { cookie: ann.cookie })],
        ['DELETE', () => call(server, 'DELETE', `/api/access-token/${id}`, { cookie: ann.cookie })],
      ];
      for (const [label, send] of requests) {
        const reply = await send();
        assert.ok([400, 404].includes(reply.status), `${label}: ${reply.status} ${reply.text}`);
        assert.equal(reply.body.code, reply.status === 404 ? 'not_found' : 'validation_error', label);
      }
    });
  });

  describe('a bearer token', () => {
    it('cannot list, read, update, refresh or delete tokens (403 restricted_resource)', async () => {
      const allScopes = (await call(server, 'GET', '/api/access-token/scopes')).body.scopes;
      const powerful = await createToken(server, ann, { name: 'powerful', scopes: allScopes, hasFullAccess: true });
      const target = await createToken(server, ann, { name: 'target', scopes: ['record|read'], hasFullAccess: true });
      const attempts: [string, string, unknown][] = [
        ['GET', '/api/access-token', undefined],
        ['GET', `/api/access-token/${target.id}`, undefined],
        ['PUT', `/api/access-token/${target.id}`, { name: 'changed by a token', scopes: ['record|read'] }],
        ['POST', `/api/access-token/${target.id}/refresh`, undefined],
        ['DELETE', `/api/access-token/${target.id}`, undefined],
        ['DELETE', `/api/access-token/${powerful.id}`, undefined],
      ];
      for (const [method, path, body] of attempts) {
        const reply = await call(server, method, path, { token: powerful.token, ...(body === undefined ? {} : { body }) });
        assert.equal(reply.status, 403, `${method} ${path}: ${reply.text}`);
        assert.equal(reply.body.code, 'restricted_resource', `${method} ${path}`);
      }
      const read = await getToken(target.id);
      assert.equal(read.status, 200);
      assert.equal(read.body.name, 'target');
      assert.equal((await readRecords(target.token)).status, 200, 'the target kept its secret');
      assert.equal((await readRecords(powerful.token)).status, 200, 'the token could not delete itself');
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { call, createToken, daysFromNow, seedWorkspace, signUp, type Account } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

describe('POST /api/access-token (seed 000)', () => {
  let server: TestServer;
  let ann: Account;
  let bob: Account;
  let annSpace: { spaceId: string; baseId: string; tableId: string };
  let bobSpace: { spaceId: string; baseId: string; tableId: string };

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    bob = await signUp(server);
    annSpace = await seedWorkspace(server, ann);
    bobSpace = await seedWorkspace(server, bob);
  });
  after(() => server.close());

  it('answers 201 with every field of the seed, the secret included', async () => {
    const reply = await call(server, 'POST', '/api/access-token', {
      cookie: ann.cookie,
      body: {
        name: 'ci',
        description: 'for the build',
        scopes: ['record|read', 'table|read'],
        spaceIds: [annSpace.spaceId],
        baseIds: [annSpace.baseId],
        hasFullAccess: false,
        expiredTime: daysFromNow(10),
      },
    });
    assert.equal(reply.status, 201);
    const body = reply.body;
    for (const field of ['id', 'name', 'scopes', 'expiredTime', 'token', 'createdTime', 'lastUsedTime']) {
      assert.ok(field in body, `required field ${field}`);
    }
    assert.match(body.id, /^acc[0-9A-Za-z]{16}$/);
    assert.equal(body.name, 'ci');
    assert.equal(body.description, 'for the build');
    assert.deepEqual(body.scopes, ['record|read', 'table|read']);
    assert.deepEqual(body.spaceIds, [annSpace.spaceId]);
    assert.deepEqual(body.baseIds, [annSpace.baseId]);
    assert.equal(body.hasFullAccess, false);
    assert.equal(typeof body.lastUsedTime, 'string');
    assert.equal(body.lastUsedTime, body.createdTime, 'before first use lastUsedTime holds the creation time');
    assert.match(body.token, /^tess_pat_[0-9A-Za-z]{49}$/);
  });

  it('omits optional fields that were not given, never sending null', async () => {
    const body = await createToken(server, ann, { scopes: ['space|read'] });
    assert.equal('description' in body, false);
    assert.equal('spaceIds' in body, false);
    assert.equal('baseIds' in body, false);
    assert.ok(!Object.values(body).includes(null));
  });

  it('treats a date-only expiredTime as the end of that day in UTC', async () => {
    const day = daysFromNow(5);
    const body = await createToken(server, ann, { scopes: ['space|read'], expiredTime: day });
    assert.equal(body.expiredTime, `${day}T23:59:59.999Z`);
  });

  it('accepts a date-time expiredTime with an offset', async () => {
    const when = new Date(Date.now() + 3 * 86_400_000);
    when.setUTCMilliseconds(0);
    const local = when.toISOString().replace('Z', '+00:00');
    const body = await createToken(server, ann, { scopes: ['space|read'], expiredTime: local });
    assert.equal(body.expiredTime, when.toISOString());
  });

  for (const missing of ['name', 'scopes', 'expiredTime']) {
    it(`rejects a body without ${missing}, naming it`, async () => {
      const body: Record<string, unknown> = { name: 'x', scopes: ['space|read'], expiredTime: daysFromNow(3) };
      delete body[missing];
      const reply = await call(server, 'POST', '/api/access-token', { cookie: ann.cookie, body });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.code, 'validation_error');
      assert.equal(reply.body.status, 400);
      assert.match(reply.body.message, new RegExp(`^${missing}\\b`));
    });
  }

  const invalidBodies: [string, Record<string, unknown>, string][] = [
    ['an empty name', { name: '' }, 'name'],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, 'name'],
    ['no scopes', { scopes: [] }, 'scopes'],
    ['a scope outside the catalogue', { scopes: ['record|read', 'record|destroy'] }, 'scopes'],
    ['scopes that are not a list', { scopes: 'record|read' }, 'scopes'],
    ['an expiredTime in the past', { expiredTime: '2020-01-01' }, 'expiredTime'],
    ['an expiredTime beyond the maximum lifetime', { expiredTime: daysFromNow(400) }, 'expiredTime'],
    ['an expiredTime that is not a date', { expiredTime: 'tomorrow' }, 'expiredTime'],
    ['an impossible date', { expiredTime: '2027-02-30' }, 'expiredTime'],
    ['an empty spaceIds list', { spaceIds: [] }, 'spaceIds'],
    ['an empty baseIds list', { baseIds: [] }, 'baseIds'],
    ['hasFullAccess that is not a boolean', { hasFullAccess: 'yes' }, 'hasFullAccess'],
  ];
  for (const [label, patch, field] of invalidBodies) {
    it(`rejects ${label} with 400 validation_error naming ${field}`, async () => {
      const reply = await call(server, 'POST', '/api/access-token', {
        cookie: ann.cookie,
        body: { name: 'x', scopes: ['space|read'], expiredTime: daysFromNow(3), ...patch },
      });
      assert.equal(reply.status, 400, reply.text);
      assert.equal(reply.body.code, 'validation_error');
      assert.match(reply.body.message, new RegExp(`^${field}\\b`));
    });
  }

  it("refuses another user's space or base as a restriction", async () => {
    for (const patch of [{ spaceIds: [bobSpace.spaceId] }, { baseIds: [bobSpace.baseId] }, { spaceIds: ['spcDoesNotExist0000'] }]) {
      const reply = await call(server, 'POST', '/api/access-token', {
        cookie: ann.cookie,
        body: { name: 'x', scopes: ['space|read'], expiredTime: daysFromNow(3), ...patch },
      });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.code, 'validation_error');
    }
  });

  it('refuses to let a token mint tokens (403 restricted_resource)', async () => {
    const { token } = await createToken(server, ann, { scopes: ['space|read'], hasFullAccess: true });
    const reply = await call(server, 'POST', '/api/access-token', {
      token,
      body: { name: 'child', scopes: ['space|read'], expiredTime: daysFromNow(3) },
    });
    assert.equal(reply.status, 403);
    assert.equal(reply.body.code, 'restricted_resource');
  });

  it('needs a credential (401 before the body is even read)', async () => {
    const reply = await call(server, 'POST', '/api/access-token', { body: { name: '' } });
    assert.equal(reply.status, 401);
    assert.equal(reply.body.code, 'unauthorized');
  });

  it('keeps only a digest: the secret appears nowhere in the store', async () => {
    const { token } = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
    const random = token.slice('tess_pat_'.length, -6);
    const tables = ['users', 'sessions', 'spaces', 'space_members', 'bases', 'data_tables', 'fields', 'records', 'access_tokens'] as const;
    for (const table of tables) {
      const rows = await sql`select * from ${sql.table(table)}`.execute(server.store.db);
      const dump = JSON.stringify(rows.rows);
      assert.ok(!dump.includes(random), `secret found in ${table}`);
    }
    const row = await server.store.db.selectFrom('access_tokens').select('secret_digest').where('name', '=', 'test token').execute();
    assert.ok(row.every((r) => /^[0-9a-f]{64}$/.test(r.secret_digest)));
  });

  it('never writes a secret to the log', async () => {
    const { token } = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
    await call(server, 'GET', '/api/auth/user', { token });
    await call(server, 'GET', '/api/auth/user', { token: `${token}x` });
    const logs = server.logs();
    assert.ok(logs.length > 0, 'the server logged requests');
    assert.ok(!logs.includes(token.slice(9, -6)), 'a token secret reached the log');
    assert.ok(!logs.includes(ann.cookie.split('=')[1]!.slice(9, -6)), 'a session secret reached the log');
  });
});

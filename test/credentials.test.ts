// One suite that throws missing, malformed, expired, revoked and out-of-scope credentials at
// every authenticated route the server registers, so a new route cannot skip the checks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, createToken, seedWorkspace, signUp, type Account } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

/** Routes that take no credential, each for a reason. */
const PUBLIC = new Set([
  'POST /api/auth/signup',
  'POST /api/auth/signin',
  'POST /api/auth/signout', // ends whatever session the cookie names, if any
  'GET /api/access-token/scopes', // the published catalogue
]);

/** Routes where a valid credential without scopes still gets an answer, and what it may see. */
const OPEN_TO_ANY_TOKEN = new Set([
  'GET /api/auth/user', // who am I
  'GET /api/space', // the spaces the token may see: none
]);

describe('credentials at every authenticated route', () => {
  let server: TestServer;
  let owner: Account;
  let ids: Record<string, string>;
  let expired: string;
  let revoked: string;
  let outOfScope: string;
  let routes: { method: string; url: string; path: string }[];

  before(async () => {
    server = await startServer();
    owner = await signUp(server);
    const workspace = await seedWorkspace(server, owner);
    const record = await call(server, 'POST', `/api/table/${workspace.tableId}/record`, {
      cookie: owner.cookie,
      body: { records: [{ fields: { Title: 'x' } }] },
    });
    const anyToken = await createToken(server, owner, { scopes: ['space|read'], hasFullAccess: true });
    ids = { ...workspace, recordId: record.body.records[0].id, id: anyToken.id };

    const toExpire = await createToken(server, owner, { scopes: ['record|read'], hasFullAccess: true });
    await server.store.db.updateTable('access_tokens').set({ expired_time: '2020-01-01T00:00:00.000Z' }).where('id', '=', toExpire.id).execute();
    expired = toExpire.token;
    const toRevoke = await createToken(server, owner, { scopes: ['record|read'], hasFullAccess: true });
    await call(server, 'DELETE', `/api/access-token/${toRevoke.id}`, { cookie: owner.cookie });
    revoked = toRevoke.token;
    // A live token that reaches everything but holds a scope no route below needs for writing.
    outOfScope = (await createToken(server, owner, { scopes: ['space|create'], hasFullAccess: true })).token;

    routes = server.routes
      .filter((r) => !PUBLIC.has(`${r.method} ${r.url}`))
      .map((r) => ({ ...r, path: r.url.replace(/:(\w+)/g, (_m, name: string) => ids[name] ?? `unknown-${name}`) }));
  });
  after(() => server.close());

  it('covers the routes of the data API and of token management', () => {
    assert.ok(routes.length >= 25, `only ${routes.length} authenticated routes found`);
    assert.ok(routes.some((r) => r.url === '/api/table/:tableId/record/:recordId' && r.method === 'PATCH'));
  });

  const cases: [string, () => Record<string, string>, number, string][] = [
    ['no credential', () => ({}), 401, 'unauthorized'],
    ['garbage', () => ({ authorization: 'Bearer not-a-token' }), 401, 'token_invalid'],
    ['another scheme', () => ({ authorization: 'Basic dXNlcjpwYXNz' }), 401, 'token_invalid'],
    ['a forged session cookie', () => ({ cookie: 'tessera_session=tess_ses_forged' }), 401, 'token_invalid'],
    ['an expired token', () => ({ authorization: `Bearer ${expired}` }), 401, 'token_expired'],
    ['a revoked token', () => ({ authorization: `Bearer ${revoked}` }), 401, 'token_revoked'],
  ];
  for (const [label, headers, status, code] of cases) {
    it(`answers ${status} ${code} to ${label}, with the Teable error body`, async () => {
      for (const route of routes) {
        const reply = await call(server, route.method, route.path, { headers: headers(), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
        assert.equal(reply.status, status, `${route.method} ${route.url}: ${reply.text}`);
        assert.deepEqual(Object.keys(reply.body).sort(), ['code', 'message', 'status'], `${route.method} ${route.url}`);
        assert.equal(reply.body.code, code, `${route.method} ${route.url}`);
      }
    });
  }

  it('answers 403 restricted_resource to a live token without the scope', async () => {
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const reply = await call(server, route.method, route.path, { token: outOfScope, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
      if (OPEN_TO_ANY_TOKEN.has(key)) {
        assert.equal(reply.status, 200, key);
        if (key === 'GET /api/space') assert.deepEqual(reply.body, []);
        continue;
      }
      if (key === 'POST /api/space') {
        assert.ok([201, 400].includes(reply.status), `${key} is what this token may do`);
        continue;
      }
      assert.equal(reply.status, 403, `${key}: ${reply.text}`);
      assert.equal(reply.body.code, 'restricted_resource', key);
    }
  });
});

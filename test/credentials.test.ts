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
  // A plugin authenticates with its secret in the body, not with a user's credential:
  'POST /api/plugin/:pluginId/token',
  'GET /api/plugin/:pluginId/token',
  'POST /api/plugin/:pluginId/refreshToken',
  'POST /api2/auth-token/', // signs in with a password
  'GET /.well-known/jwks.json', // public keys
  'GET /api/v2.1/dtable/share-link-access-token/', // the link's token is the credential
  // OAuth endpoints authenticate clients their own way (test/oauth.test.ts):
  'POST /oauth/introspect',
  'POST /oauth/revoke',
  'POST /api/token-leaks', // a secret scanner's report: the secrets in it are the point (test/token-leaks.test.ts)
  // For load balancers and Prometheus (test/operations.test.ts; /metrics can require its own token):
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  // The API's own documentation (test/openapi.test.ts): the document, and Swagger UI's page and copies of it.
  'GET /api/openapi.json',
  'GET /api/docs',
  'GET /api/docs/json',
  'GET /api/docs/yaml',
]);

/** The management page's static files (src/routes/web.ts), and Swagger UI's at /api/docs/static/: public, like any web page. */
const isPageFile = (url: string): boolean => url === '/' || url === '/index.html' || url.startsWith('/assets/') || url.startsWith('/api/docs/static/');

/** Routes where a valid credential without scopes still gets an answer, and what it may see. */
const OPEN_TO_ANY_TOKEN = new Set([
  'GET /api/auth/user', // who am I
  'GET /api/space', // the spaces the token may see: none
  'GET /api/v2/me/', // who am I (AWX)
  'GET /api/v2/users/:id/', // myself (AWX)
  'GET /api/v2.1/workspaces/', // the workspaces the token may see: none
  'GET /api/token-policies', // the lifetime caps, the same for everyone
]);

/** The SeaTable family answers a failed authentication with {detail}, a refusal with {error_msg}. */
const SEATABLE_BODY: Record<string, Record<string, string>> = {
  unauthorized: { detail: 'Authentication credentials were not provided.' },
  token_invalid: { detail: 'Invalid token' },
  token_expired: { detail: 'Invalid token' },
  token_revoked: { detail: 'Invalid token' },
  restricted_resource: { error_msg: 'Permission denied.' },
};

/** The data server takes base access tokens (JWTs) only: every opaque credential is an invalid token there, and cookies are not read. */
const isDataServer = (url: string): boolean => /^\/(dtable-server|api-gateway)\//.test(url);
const dataServerCode = (code: string, label: string): string =>
  label === 'no credential' || label === 'a forged session cookie' ? 'unauthorized' : code === 'restricted_resource' ? 'token_invalid' : code.startsWith('token_') ? 'token_invalid' : code;

const isSeatable = (url: string): boolean => /^\/(api2|api\/v2\.1|dtable-server|api-gateway)\//.test(url);

/** The AWX family (/api/v2/) answers errors with Django REST framework's wording. */
const AWX_DETAIL: Record<string, string> = {
  unauthorized: 'Authentication credentials were not provided.',
  credentials_invalid: 'Invalid username/password.',
  token_invalid: 'Invalid token.',
  token_expired: 'Invalid token: it has expired.',
  token_revoked: 'Invalid token: it has been revoked.',
  restricted_resource: 'You do not have permission to perform this action.',
};

const isAwx = (url: string): boolean => url.startsWith('/api/v2/');

/** Asserts the family's error body: Teable's {message, status, code} or AWX's {detail}. */
function assertError(route: { method: string; url: string }, reply: { status: number; text: string; body: Record<string, unknown> }, status: number, code: string): void {
  const key = `${route.method} ${route.url}`;
  assert.equal(reply.status, status, `${key}: ${reply.text}`);
  if (isAwx(route.url)) {
    assert.deepEqual(reply.body, { detail: AWX_DETAIL[code] }, key);
  } else if (isSeatable(route.url)) {
    assert.deepEqual(reply.body, SEATABLE_BODY[code], key);
  } else {
    assert.deepEqual(Object.keys(reply.body).sort(), ['code', 'message', 'status'], key);
    assert.equal(reply.body.code, code, key);
  }
}

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
      .filter((r) => !PUBLIC.has(`${r.method} ${r.url}`) && !isPageFile(r.url))
      .map((r) => ({
        ...r,
        // AWX routes take integer ids: the owner is user 1; SeaTable's name workspace 1 and its base.
        path: r.url.replace(/:(\w+)/g, (_m, name: string) =>
          isAwx(r.url) ? '1' : name === 'workspaceId' ? '1' : name === 'dtableName' ? 'Base' : (ids[name] ?? `unknown-${name}`),
        ),
      }));
  });
  after(() => server.close());

  it('covers the routes of the data API and of token management', () => {
    assert.ok(routes.length >= 25, `only ${routes.length} authenticated routes found`);
    assert.ok(routes.some((r) => r.url === '/api/table/:tableId/record/:recordId' && r.method === 'PATCH'));
  });

  const cases: [string, () => Record<string, string>, number, string][] = [
    ['no credential', () => ({}), 401, 'unauthorized'],
    ['garbage', () => ({ authorization: 'Bearer not-a-token' }), 401, 'token_invalid'],
    ['an unknown scheme', () => ({ authorization: 'Negotiate abc' }), 401, 'token_invalid'],
    ['a forged session cookie', () => ({ cookie: 'tessera_session=tess_ses_forged' }), 401, 'token_invalid'],
    ['an expired token', () => ({ authorization: `Bearer ${expired}` }), 401, 'token_expired'],
    ['a revoked token', () => ({ authorization: `Bearer ${revoked}` }), 401, 'token_revoked'],
  ];
  for (const [label, headers, status, code] of cases) {
    it(`answers ${status} ${code} to ${label}, in the family's error body`, async () => {
      for (const route of routes) {
        const reply = await call(server, route.method, route.path, { headers: headers(), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
        assertError(route, reply, status, isDataServer(route.url) ? dataServerCode(code, label) : code);
      }
    });
  }

  it('answers 401 to a wrong password over HTTP Basic where the family takes it (AWX), and to Basic elsewhere', async () => {
    const headers = { authorization: `Basic ${Buffer.from(`${owner.email}:wrong-passw0rd`).toString('base64')}` };
    for (const route of routes) {
      const reply = await call(server, route.method, route.path, { headers, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
      assertError(route, reply, 401, isAwx(route.url) ? 'credentials_invalid' : 'token_invalid');
    }
  });

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
      if (isDataServer(route.url)) assertError(route, reply, 401, 'token_invalid');
      else assertError(route, reply, 403, 'restricted_resource');
    }
  });
});

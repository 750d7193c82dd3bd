// Hostile input's explicit limits, in every family's error body: a body over 1 MiB is 413 (a GET's
// body, seed 002's, over 64 KiB too); JSON nested deeper than 64 levels is 400 (checked before it is
// parsed, whatever the depth); a request Node's HTTP parser refuses (a NUL byte in a header,
// headers over 16 KiB) is answered in the family's body too, not Fastify's own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, signUp, type Account, type Json } from './support/client.js';
import { tokenAuth } from './support/credential-kinds.js';
import { rawCall, rawExchange } from './support/raw-http.js';
import { accountToken, seedDtable, type Dtable } from './support/seatable.js';
import { startServer, type TestServer } from './support/server.js';

const MIB = 1024 * 1024;
const DEPTH = 64;

/** `depth` arrays and objects deep, around a string. */
function nestedText(depth: number): string {
  let text = '"x"';
  for (let i = 0; i < depth; i++) text = i % 2 === 0 ? `[${text}]` : `{"a":${text}}`;
  return text;
}

interface Route {
  family: 'teable' | 'awx' | 'seatable /api2/' | 'seatable' | 'oauth';
  method: string;
  path: string;
  headers: [string, string][];
  /** A body holding the payload, and how many levels deep it holds it. */
  wrap: (payload: string) => string;
  levels: number;
}

/** The error body each family answers, with `problem` in the text. */
function assertFamilyBody(route: Route, status: number, body: Json, code: string, problem: RegExp): void {
  const label = `${route.method} ${route.path}`;
  switch (route.family) {
    case 'teable':
      assert.equal(body.status, status, label);
      assert.equal(body.code, code, label);
      assert.match(body.message, problem, label);
      break;
    case 'awx':
      // Django REST framework's forms: {detail} for the request as a whole, {field: [problem]} for a field.
      assert.match(typeof body.detail === 'string' ? body.detail : String(body.body?.[0]), problem, `${label}: ${JSON.stringify(body)}`);
      break;
    case 'seatable /api2/':
      assert.match(typeof body.error_msg === 'string' ? body.error_msg : String(body.body?.[0]), problem, `${label}: ${JSON.stringify(body)}`);
      break;
    case 'seatable':
      assert.match(body.error_msg, problem, `${label}: ${JSON.stringify(body)}`);
      break;
    case 'oauth':
      assert.equal(body.error, 'invalid_request', label);
      assert.match(body.error_description, problem, label);
      break;
  }
}

describe('hostile input: body size, nesting depth, and requests the HTTP parser refuses', () => {
  let server: TestServer;
  let ann: Account;
  let dtable: Dtable;
  let routes: Route[];

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    dtable = await seedDtable(server, ann);
    const account = await accountToken(server, ann);
    const jwt = await call(server, 'GET', `/api/v2.1/workspace/${dtable.workspaceId}/dtable/${encodeURIComponent(dtable.name)}/access-token/`, tokenAuth(account));
    assert.equal(jwt.status, 200, jwt.text);
    const userNum = (await call(server, 'GET', '/api/v2/me/', { cookie: ann.cookie })).body.results[0].id as number;
    const cookie: [string, string] = ['cookie', ann.cookie];
    const json: [string, string] = ['content-type', 'application/json'];
    routes = [
      { family: 'teable', method: 'POST', path: '/api/space', headers: [cookie, json], wrap: (p) => `{"name":${p}}`, levels: 1 },
      { family: 'teable', method: 'POST', path: '/api/auth/signin', headers: [json], wrap: (p) => `{"email":${p},"password":"x"}`, levels: 1 },
      { family: 'awx', method: 'POST', path: `/api/v2/users/${userNum}/personal_tokens/`, headers: [cookie, json], wrap: (p) => `{"description":${p}}`, levels: 1 },
      { family: 'seatable /api2/', method: 'POST', path: '/api2/auth-token/', headers: [json], wrap: (p) => `{"username":${p},"password":"x"}`, levels: 1 },
      { family: 'seatable', method: 'POST', path: '/api/v2.1/dtables/share-links/', headers: [cookie, json], wrap: (p) => `{"workspace_id":${dtable.workspaceId},"table_name":${p}}`, levels: 1 },
      { family: 'seatable', method: 'POST', path: `/dtable-server/api/v1/dtables/${dtable.uuid}/rows/`, headers: [['authorization', `Token ${jwt.body.access_token}`], json], wrap: (p) => `{"table_name":"Tasks","row":{"Title":${p}}}`, levels: 2 },
      { family: 'oauth', method: 'POST', path: '/oauth/revoke', headers: [json], wrap: (p) => `{"token":${p}}`, levels: 1 },
    ];
  });
  after(() => server.close());

  it('refuses a body over 1 MiB with 413 in every family, and reads one just under it', async () => {
    for (const route of routes) {
      const over = route.wrap(JSON.stringify('x'.repeat(MIB)));
      const reply = await rawCall(server, { method: route.method, path: route.path, headers: route.headers, body: over });
      assert.equal(reply.status, 413, `${route.path}: ${reply.text.slice(0, 200)}`);
      assertFamilyBody(route, 413, reply.body, 'payload_too_large', /too large/i);
      // Just under the limit: read and judged on its merits (a field that long is invalid, or accepted), never 413.
      const under = route.wrap(JSON.stringify('x'.repeat(MIB - 200)));
      const read = await rawCall(server, { method: route.method, path: route.path, headers: route.headers, body: under });
      assert.notEqual(read.status, 413, route.path);
      assert.ok(read.status < 500, `${route.path}: ${read.status} ${read.text.slice(0, 200)}`);
    }
    // A form over the limit too.
    const form = await rawCall(server, { method: 'POST', path: '/api2/auth-token/', headers: [['content-type', 'application/x-www-form-urlencoded']], body: `username=${'x'.repeat(MIB)}` });
    assert.equal(form.status, 413);
    assert.match(form.body.detail ?? form.body.error_msg, /too large/i);
  });

  it('refuses a GET body over 64 KiB (seed 002 exchanges a code by GET) with 413', async () => {
    const reply = await rawCall(server, { method: 'GET', path: '/api/plugin/plgnone/token', headers: [['content-type', 'application/json']], body: `{"authCode":"${'x'.repeat(65 * 1024)}"}` });
    assert.equal(reply.status, 413, reply.text.slice(0, 200));
    assert.equal(reply.body.code, 'payload_too_large');
  });

  it(`refuses JSON nested deeper than ${DEPTH} levels with 400 in every family, and reads ${DEPTH} levels`, async () => {
    for (const route of routes) {
      for (const depth of [DEPTH + 1, 100_000]) {
        const started = Date.now();
        const reply = await rawCall(server, { method: route.method, path: route.path, headers: route.headers, body: route.wrap(nestedText(depth - route.levels)) });
        assert.equal(reply.status, 400, `${route.path} at ${depth}: ${reply.text.slice(0, 200)}`);
        assertFamilyBody(route, 400, reply.body, 'validation_error', new RegExp(`deeper than ${DEPTH} levels`, 'i'));
        assert.ok(Date.now() - started < 2_000, `${route.path} at ${depth}: answered in ${Date.now() - started} ms`);
      }
      // At the cap the body is parsed and judged by the route's schema: not the depth's refusal.
      const atCap = await rawCall(server, { method: route.method, path: route.path, headers: route.headers, body: route.wrap(nestedText(DEPTH - route.levels)) });
      assert.ok(atCap.status < 500, `${route.path}: ${atCap.status}`);
      assert.doesNotMatch(atCap.text, /deeper than/, route.path);
    }
    // Brackets inside a string are text, not nesting.
    const name = '[{'.repeat(40);
    const space = await call(server, 'POST', '/api/space', { cookie: ann.cookie, body: { name } });
    assert.equal(space.status, 201, space.text);
    assert.equal(space.body.name, name);
  });

  it('refuses JSON nested too deep in a GET body (seed 002) with 400', async () => {
    const reply = await rawCall(server, { method: 'GET', path: '/api/plugin/plgnone/token', headers: [['content-type', 'application/json']], body: nestedText(DEPTH + 5) });
    assert.equal(reply.status, 400, reply.text.slice(0, 200));
    assert.match(reply.body.message, /deeper than 64 levels/);
  });

  it('refuses a Transfer-Encoding other than chunked before any handler runs, in the family body', async () => {
    // Node's parser refuses such framing only after it has handed the request on: a GET that issues a
    // base access token must not issue one when it is answered 400.
    const issued = async () => (await server.store.db.selectFrom('audit_events').select('id').where('action', '=', 'base_token.issue').execute()).length;
    const before = await issued();
    const account = await accountToken(server, ann);
    const path = `/api/v2.1/workspace/${dtable.workspaceId}/dtable/${encodeURIComponent(dtable.name)}/access-token/`;
    const reply = await rawCall(server, { method: 'GET', path, headers: [['authorization', `Token ${account}`], ['transfer-encoding', 'identity']] });
    assert.equal(reply.status, 400, reply.text);
    assert.match(reply.body.error_msg, /transfer-encoding/);
    const teable = await rawCall(server, { method: 'GET', path: '/api/auth/user', headers: [['cookie', ann.cookie], ['transfer-encoding', 'gzip']] });
    assert.equal(teable.status, 400, teable.text);
    assert.equal(teable.body.code, 'validation_error');
    assert.equal(await issued(), before, 'no base access token was issued');
    // Node's parser then gives up on the framing too; the connection carries the one answer and closes.
    const exchanged = await rawExchange(server, `GET /api/auth/user HTTP/1.1\r\nHost: x\r\nCookie: ${ann.cookie}\r\nTransfer-Encoding: identity\r\n\r\nabc`);
    assert.deepEqual(exchanged.match(/HTTP\/1\.1 \d{3}/g), ['HTTP/1.1 400'], exchanged);
    assert.match(exchanged, /transfer-encoding: must end with chunked/);
    // Chunked framing is read as usual.
    const json = JSON.stringify({ name: 'chunked' });
    const chunked = await rawCall(server, { method: 'POST', path: '/api/space', headers: [['cookie', ann.cookie], ['content-type', 'application/json'], ['transfer-encoding', 'chunked']], body: `${Buffer.byteLength(json).toString(16)}\r\n${json}\r\n0\r\n\r\n`, omitContentLength: true });
    assert.equal(chunked.status, 201, chunked.text);
  });

  it("answers a request the HTTP parser refuses (a NUL in a header, headers over 16 KiB) in the family's body", async () => {
    for (const route of routes) {
      const nul = await rawCall(server, { method: route.method, path: route.path, headers: [...route.headers, ['x-test', Buffer.from([0x61, 0x00, 0x62])]], body: route.wrap('"x"') });
      assert.equal(nul.status, 400, `${route.path}: ${nul.text}`);
      assert.match(nul.headers.get('content-type') ?? '', /^application\/json/);
      assertFamilyBody(route, 400, nul.body, 'validation_error', /not valid HTTP/);
      const huge = await rawCall(server, { method: route.method, path: route.path, headers: [...route.headers, ['x-test', 'x'.repeat(20_000)]], body: route.wrap('"x"') });
      assert.equal(huge.status, 431, `${route.path}: ${huge.text}`);
      assertFamilyBody(route, 431, huge.body, 'headers_too_large', /headers are too large/);
    }
    // The server is none the worse.
    assert.equal((await call(server, 'GET', '/healthz')).status, 200);
  });
});

// The SeaTable family beyond the user's own base token (issue #6, seed 004): API tokens per base
// and app, share links, the data server (/dtable-server/api/v1 and /api-gateway/api/v2) over the
// same records the Teable API shows, the base access tokens (JWTs) it checks (tampering, expiry,
// the base in the path), signing-key rotation, and the instant death of a JWT whose source
// credential (API token, share link, session) is gone.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it, mock } from 'node:test';
import { SignJWT, generateKeyPair } from 'jose';
import { call, createToken, signUp, SIGNUP_PASSWORD, type Account, type Json, type Reply, type RequestOptions } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';
import { accountToken, seedDtable, type Dtable } from './support/seatable.js';

const PASSWORD = SIGNUP_PASSWORD;
const DENIED = { error_msg: 'Permission denied.' };
const INVALID = { detail: 'Invalid token' };
const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.' };
const API_TOKEN_FIELDS = ['app_name', 'generated_at', 'generated_by', 'last_access', 'permission'];

const tokenAuth = (token: string): RequestOptions => ({ headers: { authorization: `Token ${token}` } });
const v1 = (uuid: string): string => `/dtable-server/api/v1/dtables/${uuid}`;
const v2 = (uuid: string): string => `/api-gateway/api/v2/dtables/${uuid}`;
const apiTokensPath = (d: Dtable): string => `/api/v2.1/workspace/${d.workspaceId}/dtable/${encodeURIComponent(d.name)}/api-tokens/`;
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function decodePart(part: string | undefined): Json {
  assert.ok(part !== undefined, 'a JWT has three parts');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}
const jwtHeader = (jwt: string): Json => decodePart(jwt.split('.')[0]);
const jwtClaims = (jwt: string): Json => decodePart(jwt.split('.')[1]);
const encodePart = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function assertReply(reply: Reply<Json>, status: number, body: unknown, label = ''): void {
  assert.equal(reply.status, status, `${label} ${reply.text}`);
  assert.deepEqual(reply.body, body, label);
}

async function share(server: TestServer, owner: Account, d: Dtable, who: Account, role: string): Promise<void> {
  const reply = await call(server, 'POST', `/api/space/${d.spaceId}/collaborator`, {
    cookie: owner.cookie,
    body: { collaborators: [{ principalId: who.id, principalType: 'user' }], role },
  });
  assert.equal(reply.status, 201, reply.text);
}

async function setRole(server: TestServer, owner: Account, d: Dtable, who: Account, role: string): Promise<void> {
  const reply = await call(server, 'PATCH', `/api/space/${d.spaceId}/collaborators`, { cookie: owner.cookie, body: { principalId: who.id, principalType: 'user', role } });
  assert.equal(reply.status, 200, reply.text);
}

/** An account token (POST /api2/auth-token/), for `Authorization: Token`. */
/** Creates an API token; returns the create answer (with `api_token`). */
async function createApiToken(server: TestServer, d: Dtable, by: RequestOptions, appName: string, permission: string): Promise<Json> {
  const reply = await call(server, 'POST', apiTokensPath(d), { ...by, body: { app_name: appName, permission } });
  assert.equal(reply.status, 201, reply.text);
  return reply.body;
}

/** GET /api/v2.1/dtable/app-access-token/ with an API token. */
async function appAccess(server: TestServer, apiToken: string): Promise<Json> {
  const reply = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(apiToken));
  assert.equal(reply.status, 200, reply.text);
  return reply.body;
}

/** The caller's own base access token (GET .../access-token/), with a cookie or a token. */
async function userAccess(server: TestServer, d: Dtable, by: RequestOptions): Promise<string> {
  const reply = await call(server, 'GET', `/api/v2.1/workspace/${d.workspaceId}/dtable/${encodeURIComponent(d.name)}/access-token/`, by);
  assert.equal(reply.status, 200, reply.text);
  return reply.body.access_token as string;
}

async function createShareLink(server: TestServer, d: Dtable, by: RequestOptions, extra: Record<string, unknown> = {}): Promise<Json> {
  const reply = await call(server, 'POST', '/api/v2.1/dtables/share-links/', { ...by, body: { workspace_id: d.workspaceId, table_name: d.name, permission: 'r', ...extra } });
  assert.equal(reply.status, 201, reply.text);
  return reply.body;
}

const linkAccess = (server: TestServer, token: string, query = '', options: RequestOptions = {}): Promise<Reply<Json>> =>
  call(server, 'GET', `/api/v2.1/dtable/share-link-access-token/?token=${encodeURIComponent(token)}${query}`, options);

async function linkJwt(server: TestServer, token: string, query = ''): Promise<string> {
  const reply = await linkAccess(server, token, query);
  assert.equal(reply.status, 200, reply.text);
  return reply.body.access_token as string;
}

/** A record made through the Teable API. */
async function teableRecord(server: TestServer, owner: Account, d: Dtable, fields: Record<string, unknown>): Promise<string> {
  const reply = await call(server, 'POST', `/api/table/${d.tableId}/record`, { cookie: owner.cookie, body: { records: [{ fields }] } });
  assert.equal(reply.status, 201, reply.text);
  return reply.body.records[0].id as string;
}

const listRows = (server: TestServer, d: Dtable, jwt: string, prefix = v1(d.uuid)): Promise<Reply<Json>> =>
  call(server, 'GET', `${prefix}/rows/?table_name=Tasks`, tokenAuth(jwt));

/** Every write the data server offers, on one row, with one JWT. */
async function everyWrite(server: TestServer, d: Dtable, jwt: string, rowId: string): Promise<[string, Reply<Json>][]> {
  const auth = tokenAuth(jwt);
  return [
    ['v1 append', await call(server, 'POST', `${v1(d.uuid)}/rows/`, { ...auth, body: { table_name: 'Tasks', row: { Title: 'nope' } } })],
    ['v1 update', await call(server, 'PUT', `${v1(d.uuid)}/rows/`, { ...auth, body: { table_name: 'Tasks', row_id: rowId, row: { Title: 'nope' } } })],
    ['v1 delete', await call(server, 'DELETE', `${v1(d.uuid)}/rows/`, { ...auth, body: { table_name: 'Tasks', row_id: rowId } })],
    ['v2 append', await call(server, 'POST', `${v2(d.uuid)}/rows/`, { ...auth, body: { table_name: 'Tasks', rows: [{ Title: 'nope' }] } })],
    ['v2 update', await call(server, 'PUT', `${v2(d.uuid)}/rows/`, { ...auth, body: { table_name: 'Tasks', updates: [{ row_id: rowId, row: { Title: 'nope' } }] } })],
    ['v2 delete', await call(server, 'DELETE', `${v2(d.uuid)}/rows/`, { ...auth, body: { table_name: 'Tasks', row_ids: [rowId] } })],
  ];
}

async function assertReadOnly(server: TestServer, owner: Account, d: Dtable, jwt: string, label: string): Promise<void> {
  const rowId = await teableRecord(server, owner, d, { Title: `kept from ${label}`, Count: 1 });
  const read = await listRows(server, d, jwt);
  assert.equal(read.status, 200, `${label} read: ${read.text}`);
  assert.ok(read.body.rows.some((r: Json) => r._id === rowId), `${label}: the row is readable`);
  for (const [what, reply] of await everyWrite(server, d, jwt, rowId)) assertReply(reply, 403, DENIED, `${label} ${what}`);
  const still = await call(server, 'GET', `/api/table/${d.tableId}/record/${rowId}`, { cookie: owner.cookie });
  assert.equal(still.status, 200, still.text);
  assert.deepEqual(still.body.fields, { Title: `kept from ${label}`, Count: 1 }, `${label}: nothing was written`);
  const count = (await call(server, 'GET', `/api/table/${d.tableId}/record?take=1000`, { cookie: owner.cookie })).body.records.filter((r: Json) => r.fields.Title === 'nope');
  assert.equal(count.length, 0, `${label}: no row was appended`);
}

describe('SeaTable API tokens', () => {
  let server: TestServer;
  let owner: Account;
  let editor: Account;
  let viewer: Account;
  let stranger: Account;
  let d: Dtable;

  before(async () => {
    server = await startServer();
    owner = await signUp(server);
    editor = await signUp(server);
    viewer = await signUp(server);
    stranger = await signUp(server);
    d = await seedDtable(server, owner);
    await share(server, owner, d, editor, 'editor');
    await share(server, owner, d, viewer, 'viewer');
  });
  after(() => server.close());

  it("lets the base's owner create one with a session: 201 with the secret and its metadata", async () => {
    const before = Date.now();
    const reply = await call(server, 'POST', apiTokensPath(d), { cookie: owner.cookie, body: { app_name: 'owner-app', permission: 'rw' } });
    assert.equal(reply.status, 201, reply.text);
    assert.deepEqual(Object.keys(reply.body).sort(), ['api_token', ...API_TOKEN_FIELDS].sort());
    assert.equal(reply.body.app_name, 'owner-app');
    assert.equal(reply.body.permission, 'rw');
    assert.equal(reply.body.generated_by, owner.email);
    assert.equal(reply.body.last_access, '');
    assert.match(reply.body.api_token, /^tess_bat_[0-9A-Za-z]{49}$/);
    const at = Date.parse(reply.body.generated_at);
    assert.ok(at >= before - 1000 && at <= Date.now() + 1000, `generated_at ${reply.body.generated_at}`);
  });

  it('lets an editor create one with an account token (Authorization: Token)', async () => {
    const token = await accountToken(server, editor);
    const reply = await call(server, 'POST', apiTokensPath(d), { ...tokenAuth(token), body: { app_name: 'editor-app', permission: 'r' } });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.body.generated_by, editor.email);
    assert.equal(reply.body.permission, 'r');
  });

  it('refuses a viewer every API-token operation: 403 {"error_msg": "Permission denied."}', async () => {
    await createApiToken(server, d, { cookie: owner.cookie }, 'viewer-target', 'r');
    const as = { cookie: viewer.cookie };
    assertReply(await call(server, 'POST', apiTokensPath(d), { ...as, body: { app_name: 'viewer-app', permission: 'r' } }), 403, DENIED, 'create');
    assertReply(await call(server, 'GET', apiTokensPath(d), as), 403, DENIED, 'list');
    assertReply(await call(server, 'PUT', `${apiTokensPath(d)}viewer-target/`, { ...as, body: { permission: 'rw' } }), 403, DENIED, 'update');
    assertReply(await call(server, 'DELETE', `${apiTokensPath(d)}viewer-target/`, as), 403, DENIED, 'delete');
    const list = await call(server, 'GET', apiTokensPath(d), { cookie: owner.cookie });
    const target = list.body.api_tokens.find((t: Json) => t.app_name === 'viewer-target');
    assert.equal(target?.permission, 'r', 'the viewer changed nothing');
    assert.ok(!list.body.api_tokens.some((t: Json) => t.app_name === 'viewer-app'));
  });

  it('refuses someone without access to the workspace: 403 {"error_msg": "Permission denied."}', async () => {
    assertReply(await call(server, 'POST', apiTokensPath(d), { cookie: stranger.cookie, body: { app_name: 'stranger-app', permission: 'rw' } }), 403, DENIED);
    assertReply(await call(server, 'GET', apiTokensPath(d), { cookie: stranger.cookie }), 403, DENIED);
  });

  it('refuses to manage API tokens with an API token', async () => {
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'not-a-person', 'rw');
    const reply = await call(server, 'POST', apiTokensPath(d), { ...tokenAuth(made.api_token), body: { app_name: 'by-token', permission: 'rw' } });
    assert.equal(reply.status, 403, reply.text);
  });

  it('refuses a second token with the same app name on the base: 409', async () => {
    await createApiToken(server, d, { cookie: owner.cookie }, 'twice', 'r');
    const reply = await call(server, 'POST', apiTokensPath(d), { cookie: editor.cookie, body: { app_name: 'twice', permission: 'rw' } });
    assert.equal(reply.status, 409, reply.text);
    assert.equal(typeof reply.body.error_msg, 'string');
    const list = await call(server, 'GET', apiTokensPath(d), { cookie: owner.cookie });
    assert.equal(list.body.api_tokens.filter((t: Json) => t.app_name === 'twice').length, 1);
  });

  it('makes one token of simultaneous creations with the same app name; the others are 409', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, () => call(server, 'POST', apiTokensPath(d), { cookie: owner.cookie, body: { app_name: 'at-once', permission: 'r' } })));
    assert.deepEqual(replies.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409], replies.map((r) => r.text).join('\n'));
    const list = await call(server, 'GET', apiTokensPath(d), { cookie: owner.cookie });
    assert.equal(list.body.api_tokens.filter((t: Json) => t.app_name === 'at-once').length, 1);
  });

  it('refuses a permission other than r or rw: 400', async () => {
    for (const permission of ['w', 'admin', '', 'RW']) {
      const reply = await call(server, 'POST', apiTokensPath(d), { cookie: owner.cookie, body: { app_name: `bad-${permission}`, permission } });
      assert.equal(reply.status, 400, `${permission}: ${reply.text}`);
    }
  });

  it('answers 404 for a base name that is not in the workspace', async () => {
    const reply = await call(server, 'GET', `/api/v2.1/workspace/${d.workspaceId}/dtable/NoSuchBase/api-tokens/`, { cookie: owner.cookie });
    assert.equal(reply.status, 404, reply.text);
    assert.equal(typeof reply.body.error_msg, 'string');
  });

  it('lists the tokens of the base as {api_tokens} without any secret', async () => {
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'listed', 'rw');
    const reply = await call(server, 'GET', apiTokensPath(d), { cookie: editor.cookie });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(Object.keys(reply.body), ['api_tokens']);
    const listed = reply.body.api_tokens.find((t: Json) => t.app_name === 'listed');
    assert.deepEqual(listed, {
      app_name: 'listed',
      generated_by: owner.email,
      generated_at: made.generated_at,
      last_access: made.last_access,
      permission: 'rw',
    });
    for (const token of reply.body.api_tokens) assert.deepEqual(Object.keys(token).sort(), API_TOKEN_FIELDS, token.app_name);
    assert.ok(!reply.text.includes(made.api_token), 'the secret is not listed');
  });

  it('does not list the tokens of another base', async () => {
    const other = await seedDtable(server, owner);
    await createApiToken(server, other, { cookie: owner.cookie }, 'elsewhere', 'r');
    const reply = await call(server, 'GET', apiTokensPath(d), { cookie: owner.cookie });
    assert.ok(!reply.body.api_tokens.some((t: Json) => t.app_name === 'elsewhere'));
    const theirs = await call(server, 'GET', apiTokensPath(other), { cookie: owner.cookie });
    assert.deepEqual(
      theirs.body.api_tokens.map((t: Json) => t.app_name),
      ['elsewhere'],
    );
  });

  it('keeps only a digest of the secret in the store', async () => {
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'digest-check', 'rw');
    const rows = await server.store.db.selectFrom('access_tokens').selectAll().execute();
    assert.ok(!JSON.stringify(rows).includes(made.api_token), 'the secret is stored');
    const row = rows.find((r) => r.name === 'digest-check');
    assert.ok(row, 'the token is stored');
    assert.equal(row.secret_digest, sha256(made.api_token));
  });

  it('changes the permission with PUT, for the next base access token', async () => {
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'changing', 'r');
    assert.equal(jwtClaims((await appAccess(server, made.api_token)).access_token).permission, 'r');
    const reply = await call(server, 'PUT', `${apiTokensPath(d)}changing/`, { cookie: editor.cookie, body: { permission: 'rw' } });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(Object.keys(reply.body).sort(), API_TOKEN_FIELDS);
    assert.equal(reply.body.app_name, 'changing');
    assert.equal(reply.body.permission, 'rw');
    const list = await call(server, 'GET', apiTokensPath(d), { cookie: owner.cookie });
    assert.equal(list.body.api_tokens.find((t: Json) => t.app_name === 'changing')?.permission, 'rw');
    assert.equal(jwtClaims((await appAccess(server, made.api_token)).access_token).permission, 'rw');
  });

  it('stops a base access token from writing once its API token is narrowed to r', async () => {
    // A token's rights are those of its source at the time of the request (DESIGN.md).
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'narrowed', 'rw');
    const jwt = (await appAccess(server, made.api_token)).access_token as string;
    const first = await call(server, 'POST', `${v1(d.uuid)}/rows/`, { ...tokenAuth(jwt), body: { table_name: 'Tasks', row: { Title: 'while rw' } } });
    assert.equal(first.status, 200, first.text);
    const put = await call(server, 'PUT', `${apiTokensPath(d)}narrowed/`, { cookie: owner.cookie, body: { permission: 'r' } });
    assert.equal(put.status, 200, put.text);
    const after = await call(server, 'POST', `${v1(d.uuid)}/rows/`, { ...tokenAuth(jwt), body: { table_name: 'Tasks', row: { Title: 'after r' } } });
    assertReply(after, 403, DENIED, 'a write with the rw JWT of a token now r');
  });

  it('refuses PUT of an unknown app name (404) and a bad permission (400)', async () => {
    const unknown = await call(server, 'PUT', `${apiTokensPath(d)}no-such-app/`, { cookie: owner.cookie, body: { permission: 'r' } });
    assert.equal(unknown.status, 404, unknown.text);
    await createApiToken(server, d, { cookie: owner.cookie }, 'put-bad', 'r');
    const bad = await call(server, 'PUT', `${apiTokensPath(d)}put-bad/`, { cookie: owner.cookie, body: { permission: 'x' } });
    assert.equal(bad.status, 400, bad.text);
  });

  it('deletes a token: {success: true}, gone from the list, and the secret refused', async () => {
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'deleted', 'rw');
    await appAccess(server, made.api_token);
    const reply = await call(server, 'DELETE', `${apiTokensPath(d)}deleted/`, { cookie: editor.cookie });
    assertReply(reply, 200, { success: true });
    const list = await call(server, 'GET', apiTokensPath(d), { cookie: owner.cookie });
    assert.ok(!list.body.api_tokens.some((t: Json) => t.app_name === 'deleted'));
    assertReply(await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(made.api_token)), 401, INVALID);
    assert.equal((await call(server, 'DELETE', `${apiTokensPath(d)}deleted/`, { cookie: owner.cookie })).status, 404);
    // The app name is free again.
    await createApiToken(server, d, { cookie: owner.cookie }, 'deleted', 'r');
  });

  it('exchanges an API token for a base access token with `Token` or `Bearer`', async () => {
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'exchange', 'rw');
    for (const scheme of ['Token', 'Bearer']) {
      const reply = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', { headers: { authorization: `${scheme} ${made.api_token}` } });
      assert.equal(reply.status, 200, `${scheme}: ${reply.text}`);
      assert.deepEqual(Object.keys(reply.body).sort(), ['access_token', 'app_name', 'dtable_db', 'dtable_name', 'dtable_server', 'dtable_socket', 'dtable_uuid', 'workspace_id']);
      assert.equal(reply.body.app_name, 'exchange');
      assert.equal(reply.body.dtable_uuid, d.uuid);
      assert.equal(reply.body.workspace_id, d.workspaceId);
      assert.equal(reply.body.dtable_name, d.name);
      assert.equal(reply.body.dtable_server, `${server.url}/dtable-server/`);
      assert.equal(reply.body.dtable_socket, `${server.url}/`);
      assert.equal(reply.body.dtable_db, `${server.url}/dtable-db/`);
      const claims = jwtClaims(reply.body.access_token);
      assert.equal(claims.dtable_uuid, d.uuid);
      assert.equal(claims.permission, 'rw');
      assert.equal(claims.username, owner.email);
    }
  });

  it("gives an r API token's base access token permission r, and the data server holds it to reading", async () => {
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'reader', 'r');
    const jwt = (await appAccess(server, made.api_token)).access_token as string;
    assert.equal(jwtClaims(jwt).permission, 'r');
    await assertReadOnly(server, owner, d, jwt, 'r API token');
  });

  it("holds a token to its generator's current role: an editor's rw token yields r once they are a viewer", async () => {
    const demoted = await signUp(server);
    await share(server, owner, d, demoted, 'editor');
    const made = await createApiToken(server, d, { cookie: demoted.cookie }, 'demoted-app', 'rw');
    assert.equal(jwtClaims((await appAccess(server, made.api_token)).access_token).permission, 'rw');
    await setRole(server, owner, d, demoted, 'viewer');
    const jwt = (await appAccess(server, made.api_token)).access_token as string;
    assert.equal(jwtClaims(jwt).permission, 'r');
    await assertReadOnly(server, owner, d, jwt, "demoted editor's API token");
  });

  it('refuses the app-access-token exchange to anything but an API token', async () => {
    const account = await accountToken(server, owner);
    assertReply(await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(account)), 403, DENIED, 'account token');
    assertReply(await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', { cookie: owner.cookie }), 403, DENIED, 'session');
    assertReply(await call(server, 'GET', '/api/v2.1/dtable/app-access-token/'), 401, NOT_PROVIDED, 'nothing');
    assertReply(await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth('tess_bat_garbage')), 401, INVALID, 'garbage');
  });
});

describe('SeaTable share links', () => {
  let server: TestServer;
  let owner: Account;
  let editor: Account;
  let viewer: Account;
  let d: Dtable;

  before(async () => {
    server = await startServer();
    owner = await signUp(server);
    editor = await signUp(server);
    viewer = await signUp(server);
    d = await seedDtable(server, owner);
    await share(server, owner, d, editor, 'editor');
    await share(server, owner, d, viewer, 'viewer');
  });
  after(() => server.close());

  const listLinks = (by: Account): Promise<Reply<Json>> =>
    call(server, 'GET', `/api/v2.1/dtables/share-links/?workspace_id=${d.workspaceId}&table_name=${encodeURIComponent(d.name)}`, { cookie: by.cookie });

  it('lets the owner create a read-only link: 201 with its token and link', async () => {
    const reply = await call(server, 'POST', '/api/v2.1/dtables/share-links/', { cookie: owner.cookie, body: { workspace_id: d.workspaceId, table_name: d.name, permission: 'r' } });
    assert.equal(reply.status, 201, reply.text);
    assert.match(reply.body.token, /^tess_shl_[0-9A-Za-z]{49}$/);
    assert.equal(reply.body.link, `${server.url}/dtable/external-links/${reply.body.token}/`);
    assert.equal(reply.body.permission, 'r');
    assert.equal(reply.body.expire_date, null);
    assert.equal(reply.body.password_set, false);
    assert.equal(reply.body.workspace_id, d.workspaceId);
    assert.equal(reply.body.dtable_name, d.name);
    assert.equal(typeof reply.body.id, 'string');
  });

  it('lets an editor create one with an account token, a password and an expiry', async () => {
    const token = await accountToken(server, editor);
    const reply = await call(server, 'POST', '/api/v2.1/dtables/share-links/', {
      ...tokenAuth(token),
      body: { workspace_id: String(d.workspaceId), table_name: d.name, permission: 'r', password: 'link-secret-1', expire_days: 7 },
    });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.body.password_set, true);
    const expires = Date.parse(reply.body.expire_date);
    assert.ok(Math.abs(expires - (Date.now() + 7 * 86_400_000)) < 60_000, `expire_date ${reply.body.expire_date}`);
  });

  it('refuses a viewer: 403 {"error_msg": "Permission denied."}', async () => {
    const reply = await call(server, 'POST', '/api/v2.1/dtables/share-links/', { cookie: viewer.cookie, body: { workspace_id: d.workspaceId, table_name: d.name, permission: 'r' } });
    assertReply(reply, 403, DENIED);
    assertReply(await listLinks(viewer), 403, DENIED);
  });

  it('refuses a writable link (400) and a short password (400)', async () => {
    const rw = await call(server, 'POST', '/api/v2.1/dtables/share-links/', { cookie: owner.cookie, body: { workspace_id: d.workspaceId, table_name: d.name, permission: 'rw' } });
    assert.equal(rw.status, 400, rw.text);
    const short = await call(server, 'POST', '/api/v2.1/dtables/share-links/', { cookie: owner.cookie, body: { workspace_id: d.workspaceId, table_name: d.name, password: 'short' } });
    assert.equal(short.status, 400, short.text);
  });

  it('lists the links of the base with an id and without their tokens', async () => {
    const made = await createShareLink(server, d, { cookie: owner.cookie });
    const reply = await listLinks(editor);
    assert.equal(reply.status, 200, reply.text);
    const listed = reply.body.share_link_list.find((l: Json) => l.id === made.id);
    assert.ok(listed, 'the new link is listed');
    assert.equal(listed.permission, 'r');
    assert.equal(listed.token, undefined);
    assert.equal(listed.link, undefined);
    assert.ok(!reply.text.includes(made.token), 'the token is not listed');
  });

  it('keeps only a digest of the link token in the store', async () => {
    const made = await createShareLink(server, d, { cookie: owner.cookie });
    const rows = await server.store.db.selectFrom('share_links').selectAll().execute();
    assert.ok(!JSON.stringify(rows).includes(made.token));
    assert.equal(rows.find((r) => r.id === made.id)?.secret_digest, sha256(made.token));
  });

  it('gives anyone holding the link a read-only base access token without identity', async () => {
    const made = await createShareLink(server, d, { cookie: owner.cookie });
    const reply = await linkAccess(server, made.token);
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(Object.keys(reply.body).sort(), ['access_token', 'dtable_server', 'dtable_socket', 'dtable_uuid']);
    assert.equal(reply.body.dtable_uuid, d.uuid);
    assert.equal(reply.body.dtable_server, `${server.url}/dtable-server/`);
    assert.equal(reply.body.dtable_socket, `${server.url}/`);
    const claims = jwtClaims(reply.body.access_token);
    assert.equal(claims.permission, 'r');
    assert.equal(claims.dtable_uuid, d.uuid);
    assert.equal('username' in claims, false, 'a share-link token names no user');
    await assertReadOnly(server, owner, d, reply.body.access_token, 'share link');
  });

  it('ignores an Authorization header on the exchange', async () => {
    const made = await createShareLink(server, d, { cookie: owner.cookie });
    const garbage = await linkAccess(server, made.token, '', { headers: { authorization: 'Token not-a-token' } });
    assert.equal(garbage.status, 200, garbage.text);
    const account = await accountToken(server, owner);
    const withAccount = await linkAccess(server, made.token, '', tokenAuth(account));
    assert.equal(withAccount.status, 200, withAccount.text);
    assert.equal('username' in jwtClaims(withAccount.body.access_token), false, "the caller's identity is not taken in");
  });

  it('answers 400 without a token and 403 for an unknown one', async () => {
    const missing = await call(server, 'GET', '/api/v2.1/dtable/share-link-access-token/');
    assert.equal(missing.status, 400, missing.text);
    assert.equal(typeof missing.body.error_msg, 'string');
    assert.equal((await call(server, 'GET', '/api/v2.1/dtable/share-link-access-token/?token=')).status, 400);
    assertReply(await linkAccess(server, 'd64ec2886e9e45b696d9'), 403, DENIED, 'SeaTable-style garbage');
    const made = await createShareLink(server, d, { cookie: owner.cookie });
    const typo = `${made.token.slice(0, -1)}${made.token.endsWith('a') ? 'b' : 'a'}`;
    assertReply(await linkAccess(server, typo), 403, DENIED, 'a typo');
  });

  it("enforces the link's password, from the query or the X-Share-Link-Password header", async () => {
    const made = await createShareLink(server, d, { cookie: owner.cookie }, { password: 'correct horse' });
    assertReply(await linkAccess(server, made.token), 403, DENIED, 'no password');
    assertReply(await linkAccess(server, made.token, '&password=wrong-password'), 403, DENIED, 'wrong password');
    assertReply(await linkAccess(server, made.token, '', { headers: { 'x-share-link-password': 'wrong-password' } }), 403, DENIED, 'wrong header');
    const query = await linkAccess(server, made.token, `&password=${encodeURIComponent('correct horse')}`);
    assert.equal(query.status, 200, query.text);
    const header = await linkAccess(server, made.token, '', { headers: { 'x-share-link-password': 'correct horse' } });
    assert.equal(header.status, 200, header.text);
    assert.equal((await listRows(server, d, header.body.access_token)).status, 200);
  });

  it('refuses an expired link: 403, and its earlier base tokens die', async () => {
    const made = await createShareLink(server, d, { cookie: owner.cookie }, { expire_days: 1 });
    const jwt = await linkJwt(server, made.token);
    assert.equal((await listRows(server, d, jwt)).status, 200);
    await server.store.db.updateTable('share_links').set({ expire_time: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', made.id).execute();
    assertReply(await linkAccess(server, made.token), 403, DENIED, 'exchange');
    assertReply(await listRows(server, d, jwt), 401, INVALID, 'earlier JWT');
  });

  it('deletes a link by its token or by its id: {success: true}, and it no longer opens', async () => {
    const byToken = await createShareLink(server, d, { cookie: owner.cookie });
    const byId = await createShareLink(server, d, { cookie: owner.cookie });
    assertReply(await call(server, 'DELETE', `/api/v2.1/dtables/share-links/${byToken.token}/`, { cookie: editor.cookie }), 200, { success: true }, 'by token');
    assertReply(await call(server, 'DELETE', `/api/v2.1/dtables/share-links/${byId.id}/`, { cookie: owner.cookie }), 200, { success: true }, 'by id');
    assertReply(await linkAccess(server, byToken.token), 403, DENIED, 'deleted by token');
    assertReply(await linkAccess(server, byId.token), 403, DENIED, 'deleted by id');
    const ids = (await listLinks(owner)).body.share_link_list.map((l: Json) => l.id);
    assert.ok(!ids.includes(byToken.id) && !ids.includes(byId.id));
    assert.equal((await call(server, 'DELETE', `/api/v2.1/dtables/share-links/${byId.id}/`, { cookie: owner.cookie })).status, 404);
  });

  it('refuses a viewer the deletion of a link', async () => {
    const made = await createShareLink(server, d, { cookie: owner.cookie });
    assertReply(await call(server, 'DELETE', `/api/v2.1/dtables/share-links/${made.token}/`, { cookie: viewer.cookie }), 403, DENIED);
    assert.equal((await linkAccess(server, made.token)).status, 200, 'the link still opens');
  });
});

describe('SeaTable data server', () => {
  let server: TestServer;
  let owner: Account;
  let viewer: Account;
  let d: Dtable;
  let rw: string;

  before(async () => {
    server = await startServer();
    owner = await signUp(server);
    viewer = await signUp(server);
    d = await seedDtable(server, owner);
    await share(server, owner, d, viewer, 'viewer');
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'data', 'rw');
    rw = (await appAccess(server, made.api_token)).access_token as string;
  });
  after(() => server.close());

  it('describes the base: {metadata: {tables: [{_id, name, columns: [{key, name, type}]}]}}, on v1 and v2', async () => {
    for (const prefix of [v1(d.uuid), v2(d.uuid)]) {
      const reply = await call(server, 'GET', `${prefix}/metadata/`, tokenAuth(rw));
      assert.equal(reply.status, 200, `${prefix}: ${reply.text}`);
      assert.deepEqual(Object.keys(reply.body), ['metadata']);
      const [table, ...rest] = reply.body.metadata.tables;
      assert.equal(rest.length, 0);
      assert.equal(table._id, d.tableId);
      assert.equal(table.name, 'Tasks');
      assert.deepEqual(
        table.columns.map((c: Json) => [c.name, c.type]),
        [
          ['Title', 'text'],
          ['Count', 'number'],
        ],
      );
      for (const column of table.columns) assert.equal(typeof column.key, 'string');
    }
  });

  it('accepts the base access token as `Token` or `Bearer`, and nothing else', async () => {
    assert.equal((await call(server, 'GET', `${v1(d.uuid)}/metadata/`, { headers: { authorization: `Token ${rw}` } })).status, 200);
    assert.equal((await call(server, 'GET', `${v1(d.uuid)}/metadata/`, { token: rw })).status, 200);
    assertReply(await call(server, 'GET', `${v1(d.uuid)}/metadata/`), 401, NOT_PROVIDED, 'none');
    assertReply(await call(server, 'GET', `${v1(d.uuid)}/metadata/`, { headers: { authorization: `JWT ${rw}` } }), 401, INVALID, 'other scheme');
    assertReply(await call(server, 'GET', `${v1(d.uuid)}/metadata/`, { cookie: owner.cookie }), 401, NOT_PROVIDED, 'a session cookie');
  });

  it('refuses a credential that is not a base access token (account token, API token)', async () => {
    const account = await accountToken(server, owner);
    assertReply(await call(server, 'GET', `${v1(d.uuid)}/metadata/`, tokenAuth(account)), 401, INVALID, 'account token');
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'not-a-jwt', 'rw');
    assertReply(await call(server, 'GET', `${v1(d.uuid)}/metadata/`, tokenAuth(made.api_token)), 401, INVALID, 'API token');
  });

  it('shows rows made through the Teable API, keyed by column name with _id', async () => {
    const id = await teableRecord(server, owner, d, { Title: 'from teable', Count: 7 });
    for (const prefix of [v1(d.uuid), v2(d.uuid)]) {
      const reply = await listRows(server, d, rw, prefix);
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(Object.keys(reply.body), ['rows']);
      const row = reply.body.rows.find((r: Json) => r._id === id);
      assert.ok(row, `${prefix}: the row is listed`);
      assert.equal(row.Title, 'from teable');
      assert.equal(row.Count, 7);
      const one = await call(server, 'GET', `${prefix}/rows/${id}/?table_name=Tasks`, tokenAuth(rw));
      assert.equal(one.status, 200, one.text);
      assert.equal(one.body._id, id);
      assert.equal(one.body.Title, 'from teable');
    }
  });

  it('tolerates view_name, order_by, direction, convert_link_id and convert_keys, and pages with start and limit', async () => {
    const other = await seedDtable(server, owner);
    const jwt = (await appAccess(server, (await createApiToken(server, other, { cookie: owner.cookie }, 'paging', 'r')).api_token)).access_token as string;
    const ids = [];
    for (const title of ['a', 'b', 'c']) ids.push(await teableRecord(server, owner, other, { Title: title }));
    const all = await call(server, 'GET', `${v1(other.uuid)}/rows/?table_name=Tasks&view_name=Default%20View&order_by=Title&direction=desc&convert_link_id=true&convert_keys=true`, tokenAuth(jwt));
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(
      all.body.rows.map((r: Json) => r._id).sort(),
      [...ids].sort(),
    );
    const page = await call(server, 'GET', `${v1(other.uuid)}/rows/?table_name=Tasks&start=1&limit=1`, tokenAuth(jwt));
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(
      page.body.rows.map((r: Json) => r._id),
      [ids[1]],
    );
  });

  it('appends a row with v1 POST {table_name, row}: the new row with _id, seen by the Teable API', async () => {
    const reply = await call(server, 'POST', `${v1(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Tasks', row: { Title: 'from seatable', Count: 3 } } });
    assert.equal(reply.status, 200, reply.text);
    assert.match(reply.body._id, /^rec[0-9A-Za-z]+$/);
    assert.equal(reply.body.Title, 'from seatable');
    assert.equal(reply.body.Count, 3);
    const teable = await call(server, 'GET', `/api/table/${d.tableId}/record/${reply.body._id}`, { cookie: owner.cookie });
    assert.equal(teable.status, 200, teable.text);
    assert.deepEqual(teable.body.fields, { Title: 'from seatable', Count: 3 });
  });

  it('updates a row with v1 PUT {table_name, row_id, row}, keeping the other cells', async () => {
    const id = await teableRecord(server, owner, d, { Title: 'before', Count: 1 });
    const reply = await call(server, 'PUT', `${v1(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Tasks', row_id: id, row: { Title: 'after' } } });
    assert.equal(reply.status, 200, reply.text);
    const got = await call(server, 'GET', `${v1(d.uuid)}/rows/${id}/?table_name=Tasks`, tokenAuth(rw));
    assert.equal(got.body.Title, 'after');
    assert.equal(got.body.Count, 1);
    const teable = await call(server, 'GET', `/api/table/${d.tableId}/record/${id}`, { cookie: owner.cookie });
    assert.deepEqual(teable.body.fields, { Title: 'after', Count: 1 });
  });

  it('deletes a row with v1 DELETE and a JSON body {table_name, row_id}', async () => {
    const id = await teableRecord(server, owner, d, { Title: 'doomed' });
    const reply = await call(server, 'DELETE', `${v1(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Tasks', row_id: id } });
    assert.equal(reply.status, 200, reply.text);
    assert.equal((await call(server, 'GET', `${v1(d.uuid)}/rows/${id}/?table_name=Tasks`, tokenAuth(rw))).status, 404);
    assert.equal((await call(server, 'GET', `/api/table/${d.tableId}/record/${id}`, { cookie: owner.cookie })).status, 404);
  });

  it('appends, updates and deletes rows in bulk through the API gateway (v2)', async () => {
    const appended = await call(server, 'POST', `${v2(d.uuid)}/rows/`, {
      ...tokenAuth(rw),
      body: { table_name: 'Tasks', rows: [{ Title: 'g1', Count: 1 }, { Title: 'g2', Count: 2 }] },
    });
    assert.equal(appended.status, 200, appended.text);
    assert.equal(appended.body.inserted_row_count, 2);
    assert.equal(appended.body.first_row.Title, 'g1');
    const firstId = appended.body.first_row._id as string;
    const rows = (await listRows(server, d, rw, v2(d.uuid))).body.rows;
    const secondId = rows.find((r: Json) => r.Title === 'g2')?._id as string;
    assert.ok(secondId, 'the second row is listed');

    const updated = await call(server, 'PUT', `${v2(d.uuid)}/rows/`, {
      ...tokenAuth(rw),
      body: { table_name: 'Tasks', updates: [{ row_id: firstId, row: { Count: 10 } }, { row_id: secondId, row: { Title: 'g2!' } }] },
    });
    assert.equal(updated.status, 200, updated.text);
    const first = await call(server, 'GET', `/api/table/${d.tableId}/record/${firstId}`, { cookie: owner.cookie });
    assert.deepEqual(first.body.fields, { Title: 'g1', Count: 10 });
    const second = await call(server, 'GET', `${v2(d.uuid)}/rows/${secondId}/?table_name=Tasks`, tokenAuth(rw));
    assert.equal(second.body.Title, 'g2!');

    const deleted = await call(server, 'DELETE', `${v2(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Tasks', row_ids: [firstId, secondId] } });
    assertReply(deleted, 200, { deleted_rows: 2 });
    const left = (await listRows(server, d, rw, v2(d.uuid))).body.rows.map((r: Json) => r._id);
    assert.ok(!left.includes(firstId) && !left.includes(secondId));
  });

  it('changes or deletes all the rows of a v2 bulk request or none: one bad row refuses it whole', async () => {
    const appended = await call(server, 'POST', `${v2(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Tasks', rows: [{ Title: 'b1', Count: 1 }, { Title: 'b2', Count: 2 }] } });
    assert.equal(appended.status, 200, appended.text);
    const ids = (await listRows(server, d, rw, v2(d.uuid))).body.rows.filter((r: Json) => ['b1', 'b2'].includes(r.Title)).map((r: Json) => r._id as string);
    assert.equal(ids.length, 2);
    const state = async () => (await listRows(server, d, rw, v2(d.uuid))).body.rows.filter((r: Json) => ids.includes(r._id));
    const before = await state();
    // The first update is valid, the second is not (a cell of the wrong type; an unknown row): nothing changes.
    const badCell = await call(server, 'PUT', `${v2(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Tasks', updates: [{ row_id: ids[0], row: { Title: 'changed' } }, { row_id: ids[1], row: { Count: 'many' } }] } });
    assert.equal(badCell.status, 400, badCell.text);
    assert.match(badCell.body.error_msg, /updates\.1\.row\.Count/);
    const unknownRow = await call(server, 'PUT', `${v2(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Tasks', updates: [{ row_id: ids[0], row: { Title: 'changed' } }, { row_id: 'recNope', row: {} }] } });
    assert.equal(unknownRow.status, 404, unknownRow.text);
    const deleteUnknown = await call(server, 'DELETE', `${v2(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Tasks', row_ids: [ids[0], 'recNope'] } });
    assert.equal(deleteUnknown.status, 404, deleteUnknown.text);
    assert.deepEqual(await state(), before, 'no row changed, none deleted');
    // A row updated twice in one request takes both changes, in order; named twice in a deletion, it is deleted once.
    const twice = await call(server, 'PUT', `${v2(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Tasks', updates: [{ row_id: ids[0], row: { Title: 'first' } }, { row_id: ids[0], row: { Count: 7 } }] } });
    assert.equal(twice.status, 200, twice.text);
    const row = await call(server, 'GET', `${v2(d.uuid)}/rows/${ids[0]}/?table_name=Tasks`, tokenAuth(rw));
    assert.equal(row.body.Title, 'first');
    assert.equal(row.body.Count, 7);
    const deleted = await call(server, 'DELETE', `${v2(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Tasks', row_ids: [ids[0], ids[0], ids[1]] } });
    assertReply(deleted, 200, { deleted_rows: 2 });
    assert.deepEqual(await state(), []);
  });

  it('answers 404 for an unknown table and 400 without a table name, in SeaTable bodies', async () => {
    const unknown = await call(server, 'GET', `${v1(d.uuid)}/rows/?table_name=Nope`, tokenAuth(rw));
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal(typeof unknown.body.error_msg, 'string');
    const missing = await call(server, 'GET', `${v1(d.uuid)}/rows/`, tokenAuth(rw));
    assert.equal(missing.status, 400, missing.text);
    assert.equal(typeof missing.body.error_msg, 'string');
    const write = await call(server, 'POST', `${v1(d.uuid)}/rows/`, { ...tokenAuth(rw), body: { table_name: 'Nope', row: { Title: 'x' } } });
    assert.equal(write.status, 404, write.text);
  });

  it("holds a viewer's own base access token to reading", async () => {
    const jwt = await userAccess(server, d, { cookie: viewer.cookie });
    assert.equal(jwtClaims(jwt).permission, 'r');
    await assertReadOnly(server, owner, d, jwt, "viewer's token");
  });

  it("refuses a member's token once they are removed from the space", async () => {
    const leaver = await signUp(server);
    await share(server, owner, d, leaver, 'editor');
    const jwt = await userAccess(server, d, { cookie: leaver.cookie });
    assert.equal((await listRows(server, d, jwt)).status, 200);
    const removed = await call(server, 'DELETE', `/api/space/${d.spaceId}/collaborators?principalId=${leaver.id}&principalType=user`, { cookie: owner.cookie });
    assert.equal(removed.status, 200, removed.text);
    const read = await listRows(server, d, jwt);
    assert.ok([403, 404].includes(read.status), `a removed member still reads: ${read.status} ${read.text}`);
    const write = await call(server, 'POST', `${v1(d.uuid)}/rows/`, { ...tokenAuth(jwt), body: { table_name: 'Tasks', row: { Title: 'ghost' } } });
    assert.ok([403, 404].includes(write.status), `a removed member still writes: ${write.status} ${write.text}`);
  });
});

describe('SeaTable base access tokens (JWT) at the data server', () => {
  let server: TestServer;
  let owner: Account;
  let d: Dtable;
  let other: Dtable;
  let made: Json;
  let jwt: string;

  before(async () => {
    server = await startServer({ TESSERA_BASE_TOKEN_TTL: '60' });
    owner = await signUp(server);
    d = await seedDtable(server, owner);
    other = await seedDtable(server, owner);
    made = await createApiToken(server, d, { cookie: owner.cookie }, 'jwt', 'rw');
    jwt = (await appAccess(server, made.api_token)).access_token as string;
  });
  after(() => {
    mock.timers.reset();
    return server.close();
  });

  const metadata = (token: string, uuid = d.uuid): Promise<Reply<Json>> => call(server, 'GET', `${v1(uuid)}/metadata/`, tokenAuth(token));

  it('is an EdDSA JWT with a kid, for one base, that lives TESSERA_BASE_TOKEN_TTL seconds', async () => {
    const header = jwtHeader(jwt);
    assert.equal(header.alg, 'EdDSA');
    assert.equal(typeof header.kid, 'string');
    const claims = jwtClaims(jwt);
    assert.equal(claims.exp - claims.iat, 60);
    assert.equal((await metadata(jwt)).status, 200);
  });

  it('refuses a token whose signature was altered: 401 {"detail": "Invalid token"}', async () => {
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const bytes = Buffer.from(s, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;
    assertReply(await metadata(`${h}.${p}.${bytes.toString('base64url')}`), 401, INVALID, 'flipped bit');
    const index = 5;
    const flipped = s.slice(0, index) + (s[index] === 'A' ? 'B' : 'A') + s.slice(index + 1);
    assertReply(await metadata(`${h}.${p}.${flipped}`), 401, INVALID, 'flipped character');
    assertReply(await metadata(`${h}.${p}.`), 401, INVALID, 'no signature');
  });

  it('refuses a token whose payload was modified: 401', async () => {
    const [h, , s] = jwt.split('.') as [string, string, string];
    const claims = jwtClaims(jwt);
    assertReply(await metadata(`${h}.${encodePart({ ...claims, exp: claims.exp + 86_400 })}.${s}`), 401, INVALID, 'longer life');
    assertReply(await metadata(`${h}.${encodePart({ ...claims, dtable_uuid: other.uuid })}.${s}`, other.uuid), 401, INVALID, 'another base');
    const readOnly = (await appAccess(server, (await createApiToken(server, d, { cookie: owner.cookie }, 'jwt-r', 'r')).api_token)).access_token as string;
    const [rh, , rs] = readOnly.split('.') as [string, string, string];
    const raised = `${rh}.${encodePart({ ...jwtClaims(readOnly), permission: 'rw' })}.${rs}`;
    const write = await call(server, 'POST', `${v1(d.uuid)}/rows/`, { ...tokenAuth(raised), body: { table_name: 'Tasks', row: { Title: 'raised' } } });
    assertReply(write, 401, INVALID, 'r raised to rw');
  });

  it('refuses `alg: none`: 401', async () => {
    const claims = jwtClaims(jwt);
    assertReply(await metadata(`${encodePart({ alg: 'none' })}.${encodePart(claims)}.`), 401, INVALID, 'alg none');
    assertReply(await metadata(`${encodePart({ alg: 'none', typ: 'JWT', kid: jwtHeader(jwt).kid })}.${encodePart(claims)}.`), 401, INVALID, 'alg none with the kid');
  });

  it('refuses a token signed by a key not in the store, whatever kid it names: 401', async () => {
    const claims = jwtClaims(jwt);
    const { privateKey } = await generateKeyPair('EdDSA');
    const forge = (kid: string): Promise<string> =>
      new SignJWT({ dtable_uuid: claims.dtable_uuid, permission: 'rw', src: claims.src, username: claims.username })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
        .setIssuer(claims.iss)
        .setAudience(claims.aud)
        .setIssuedAt()
        .setExpirationTime('60s')
        .setJti('forged-token-0001')
        .sign(privateKey);
    assertReply(await metadata(await forge('unknown-kid')), 401, INVALID, 'unknown kid');
    assertReply(await metadata(await forge(jwtHeader(jwt).kid)), 401, INVALID, "the store key's kid");
    // HS256 "signed" with the public key published in the JWKS.
    const jwks = await call(server, 'GET', '/.well-known/jwks.json');
    const published = jwks.body.keys.find((k: Json) => k.kid === jwtHeader(jwt).kid);
    assert.ok(published, 'the signing key is published');
    const hs = await new SignJWT({ dtable_uuid: claims.dtable_uuid, permission: 'rw', src: claims.src })
      .setProtectedHeader({ alg: 'HS256', kid: published.kid })
      .setIssuer(claims.iss)
      .setAudience(claims.aud)
      .setIssuedAt()
      .setExpirationTime('60s')
      .setJti('forged-token-0002')
      .sign(Buffer.from(published.x, 'base64url'));
    assertReply(await metadata(hs), 401, INVALID, 'HS256 with the public key');
  });

  it("refuses a token for another base on this base's path: 403 {\"error_msg\": \"Permission denied.\"}", async () => {
    assertReply(await metadata(jwt, other.uuid), 403, DENIED, 'metadata');
    assertReply(await call(server, 'GET', `${v2(other.uuid)}/rows/?table_name=Tasks`, tokenAuth(jwt)), 403, DENIED, 'v2 rows');
    const write = await call(server, 'POST', `${v1(other.uuid)}/rows/`, { ...tokenAuth(jwt), body: { table_name: 'Tasks', row: { Title: 'cross' } } });
    assertReply(write, 403, DENIED, 'v1 append');
  });

  it('refuses garbage in the place of a token: 401', async () => {
    for (const garbage of ['abc', 'a.b.c', `${jwt}x`, jwt.split('.').slice(0, 2).join('.')]) {
      assertReply(await metadata(garbage), 401, INVALID, garbage);
    }
  });

  it('answers an expired token with 403 {"error_msg": "Token expired."}, and a fresh exchange works again', async () => {
    // The server runs in this process: move the clock past the token's life instead of waiting.
    const issued = (await appAccess(server, made.api_token)).access_token as string;
    const exp = jwtClaims(issued).exp as number;
    try {
      mock.timers.enable({ apis: ['Date'], now: (exp - 2) * 1000 });
      assert.equal((await metadata(issued)).status, 200, 'still alive just before exp');
      mock.timers.setTime((exp + 1) * 1000);
      assertReply(await metadata(issued), 403, { error_msg: 'Token expired.' }, 'after exp');
      assertReply(await listRows(server, d, issued, v2(d.uuid)), 403, { error_msg: 'Token expired.' }, 'after exp, v2');
      const fresh = (await appAccess(server, made.api_token)).access_token as string;
      assert.equal((await metadata(fresh)).status, 200, 'a fresh token works');
    } finally {
      mock.timers.reset();
    }
  });
});

describe('SeaTable signing-key rotation', () => {
  let server: TestServer;
  let admin: Account;
  let member: Account;
  let d: Dtable;
  let apiToken: string;

  before(async () => {
    server = await startServer();
    admin = await signUp(server); // the first account is the instance admin
    member = await signUp(server);
    d = await seedDtable(server, admin);
    apiToken = (await createApiToken(server, d, { cookie: admin.cookie }, 'rotation', 'rw')).api_token as string;
  });
  after(() => server.close());

  it('refuses a non-admin: 403', async () => {
    const reply = await call(server, 'POST', '/api/admin/jwt-keys/rotate', { cookie: member.cookie });
    assert.equal(reply.status, 403, reply.text);
    assert.equal(reply.body.code, 'restricted_resource');
    assert.equal((await call(server, 'POST', '/api/admin/jwt-keys/rotate')).status, 401);
  });

  it('makes a new signing key: new tokens carry its kid, old tokens keep working, the JWKS lists both', async () => {
    const old = (await appAccess(server, apiToken)).access_token as string;
    const oldKid = jwtHeader(old).kid as string;
    const reply = await call(server, 'POST', '/api/admin/jwt-keys/rotate', { cookie: admin.cookie });
    assert.equal(reply.status, 201, reply.text);
    assert.deepEqual(Object.keys(reply.body).sort(), ['keys', 'kid']);
    const newKid = reply.body.kid as string;
    assert.notEqual(newKid, oldKid);
    const keys = Object.fromEntries(reply.body.keys.map((k: Json) => [k.kid, k]));
    assert.equal(keys[newKid]?.retiredTime, null, 'the new key is live');
    assert.equal(typeof keys[oldKid]?.retiredTime, 'string', 'the old key is retired');
    assert.ok(!JSON.stringify(reply.body).includes('"d"'), 'no private key material');

    const fresh = (await appAccess(server, apiToken)).access_token as string;
    assert.equal(jwtHeader(fresh).kid, newKid);
    const userJwt = await userAccess(server, d, { cookie: admin.cookie });
    assert.equal(jwtHeader(userJwt).kid, newKid);
    assert.equal((await call(server, 'GET', `${v1(d.uuid)}/metadata/`, tokenAuth(fresh))).status, 200, 'a new token works');
    assert.equal((await call(server, 'GET', `${v1(d.uuid)}/metadata/`, tokenAuth(old))).status, 200, 'an old token still works');

    const jwks = await call(server, 'GET', '/.well-known/jwks.json');
    assert.equal(jwks.status, 200, jwks.text);
    const kids = jwks.body.keys.map((k: Json) => k.kid);
    assert.ok(kids.includes(oldKid) && kids.includes(newKid), `JWKS kids: ${kids.join(', ')}`);
    for (const key of jwks.body.keys) assert.equal(key.d, undefined, 'a private key is published');
  });
});

describe('SeaTable base access tokens die with their source credential', () => {
  let server: TestServer;
  let owner: Account;
  let d: Dtable;

  before(async () => {
    server = await startServer();
    owner = await signUp(server);
    d = await seedDtable(server, owner);
  });
  after(() => server.close());

  it('refuses the JWT of a deleted API token at once: 401 {"detail": "Invalid token"}', async () => {
    const made = await createApiToken(server, d, { cookie: owner.cookie }, 'dies', 'rw');
    const keeper = await createApiToken(server, d, { cookie: owner.cookie }, 'lives', 'rw');
    const jwt = (await appAccess(server, made.api_token)).access_token as string;
    const kept = (await appAccess(server, keeper.api_token)).access_token as string;
    assert.equal((await listRows(server, d, jwt)).status, 200);
    assert.equal((await call(server, 'DELETE', `${apiTokensPath(d)}dies/`, { cookie: owner.cookie })).status, 200);
    assertReply(await listRows(server, d, jwt), 401, INVALID, 'read');
    assertReply(await listRows(server, d, jwt, v2(d.uuid)), 401, INVALID, 'v2 read');
    const write = await call(server, 'POST', `${v1(d.uuid)}/rows/`, { ...tokenAuth(jwt), body: { table_name: 'Tasks', row: { Title: 'zombie' } } });
    assertReply(write, 401, INVALID, 'write');
    assert.equal((await listRows(server, d, kept)).status, 200, "another API token's JWT lives on");
  });

  it('refuses the JWT of a deleted share link at once', async () => {
    const link = await createShareLink(server, d, { cookie: owner.cookie });
    const jwt = await linkJwt(server, link.token);
    assert.equal((await listRows(server, d, jwt)).status, 200);
    assert.equal((await call(server, 'DELETE', `/api/v2.1/dtables/share-links/${link.id}/`, { cookie: owner.cookie })).status, 200);
    assertReply(await listRows(server, d, jwt), 401, INVALID);
  });

  it('refuses the JWT of a signed-out session at once, and only that one', async () => {
    const signin = await call(server, 'POST', '/api/auth/signin', { body: { email: owner.email, password: PASSWORD } });
    assert.equal(signin.status, 200, signin.text);
    const cookie = signin.headers.get('set-cookie')?.split(';')[0];
    assert.ok(cookie, 'sign-in set a cookie');
    const doomed = await userAccess(server, d, { cookie });
    const otherSession = await userAccess(server, d, { cookie: owner.cookie });
    const api = await createApiToken(server, d, { cookie }, 'outlives-session', 'rw');
    const fromApiToken = (await appAccess(server, api.api_token)).access_token as string;
    assert.equal((await listRows(server, d, doomed)).status, 200);

    const signout = await call(server, 'POST', '/api/auth/signout', { cookie });
    assert.equal(signout.status, 200, signout.text);
    assertReply(await listRows(server, d, doomed), 401, INVALID, "the signed-out session's JWT");
    assert.equal((await listRows(server, d, otherSession)).status, 200, "another session's JWT lives on");
    assert.equal((await listRows(server, d, fromApiToken)).status, 200, 'a JWT from an API token made in that session lives on');
  });

  it('refuses the JWT of an account token once that token is gone', async () => {
    const account = await accountToken(server, owner);
    const jwt = await userAccess(server, d, tokenAuth(account));
    assert.equal((await listRows(server, d, jwt)).status, 200);
    const digest = sha256(account);
    const revoked = await server.store.db.updateTable('sessions').set({ revoked_time: new Date().toISOString() }).where('secret_digest', '=', digest).executeTakeFirst();
    assert.equal(Number(revoked.numUpdatedRows), 1, 'the account token is a stored session');
    assertReply(await listRows(server, d, jwt), 401, INVALID);
  });
});

describe('SeaTable base access tokens never exceed the token they came from', () => {
  let server: TestServer;
  let owner: Account;
  let d: Dtable;
  let elsewhere: Dtable;

  before(async () => {
    server = await startServer();
    owner = await signUp(server);
    d = await seedDtable(server, owner);
    elsewhere = await seedDtable(server, owner);
  });
  after(() => server.close());

  const append = (jwt: string): Promise<Reply<Json>> => call(server, 'POST', `${v1(d.uuid)}/rows/`, { ...tokenAuth(jwt), body: { table_name: 'Tasks', row: { Title: 'appended' } } });

  it("holds a personal access token's JWT to the token's scopes: rw, but no reading without record|read, no appending without record|create", async () => {
    const pat = await createToken(server, owner, { scopes: ['base|read', 'record|update'], baseIds: [d.baseId] });
    const jwt = await userAccess(server, d, tokenAuth(pat.token as string));
    assert.equal(jwtClaims(jwt).permission, 'rw');
    assertReply(await listRows(server, d, jwt), 403, DENIED, 'read without record|read');
    assertReply(await append(jwt), 403, DENIED, 'append without record|create');
    const rowId = await teableRecord(server, owner, d, { Title: 'to update', Count: 1 });
    const update = await call(server, 'PUT', `${v1(d.uuid)}/rows/`, { ...tokenAuth(jwt), body: { table_name: 'Tasks', row_id: rowId, row: { Title: 'updated' } } });
    assert.equal(update.status, 200, `an update, which the token may make: ${update.text}`);
    const only = await createToken(server, owner, { scopes: ['base|read'], baseIds: [d.baseId] });
    assertReply(await listRows(server, d, await userAccess(server, d, tokenAuth(only.token as string))), 403, DENIED, 'a base|read token reads no rows through its JWT either');
  });

  it('follows the token as it is at each request: scopes cut, then its reach moved to another base', async () => {
    const pat = await createToken(server, owner, { scopes: ['base|read', 'record|read', 'record|create', 'record|update'], baseIds: [d.baseId] });
    const jwt = await userAccess(server, d, tokenAuth(pat.token as string));
    assert.equal(jwtClaims(jwt).permission, 'rw');
    assert.equal((await append(jwt)).status, 200);
    const cut = await call(server, 'PUT', `/api/access-token/${pat.id as string}`, { cookie: owner.cookie, body: { name: 'narrowed', scopes: ['base|read', 'record|read', 'record|update'], baseIds: [d.baseId] } });
    assert.equal(cut.status, 200, cut.text);
    assertReply(await append(jwt), 403, DENIED, 'append once record|create is cut');
    assert.equal((await listRows(server, d, jwt)).status, 200, 'still reads');
    const moved = await call(server, 'PUT', `/api/access-token/${pat.id as string}`, { cookie: owner.cookie, body: { name: 'moved', scopes: ['base|read', 'record|read', 'record|update'], baseIds: [elsewhere.baseId] } });
    assert.equal(moved.status, 200, moved.text);
    assertReply(await listRows(server, d, jwt), 403, DENIED, 'read once the token reaches another base only');
  });

  it("holds an AWX token's JWT to reading once the token is switched to read", async () => {
    const me = await call(server, 'GET', '/api/v2/me/', { cookie: owner.cookie });
    const made = await call(server, 'POST', `/api/v2/users/${me.body.results[0].id as number}/personal_tokens/`, { cookie: owner.cookie, body: { scope: 'write' } });
    assert.equal(made.status, 201, made.text);
    const jwt = await userAccess(server, d, { token: made.body.token as string });
    assert.equal((await append(jwt)).status, 200, 'a write token appends');
    const patched = await call(server, 'PATCH', `/api/v2/tokens/${made.body.id as number}/`, { cookie: owner.cookie, body: { scope: 'read' } });
    assert.equal(patched.status, 200, patched.text);
    await assertReadOnly(server, owner, d, jwt, 'the JWT of an AWX token now read');
  });
});

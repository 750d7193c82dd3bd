// The SeaTable family's own tokens (issue #6, seed 004): the account token from
// POST /api2/auth-token/, the workspace list of GET /api/v2.1/workspaces/, the base access token
// (an EdDSA JWT) from GET /api/v2.1/workspace/{id}/dtable/{name}/access-token/, verified offline
// with `jose` against /.well-known/jwks.json, and the unique base names that make a base
// addressable by name. API tokens, share links and the data server are tested elsewhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { generateToken } from '../src/crypto/token-format.js';
import { call, createToken, signUp, SIGNUP_PASSWORD, type Account, type Json, type Reply, type RequestOptions } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';
import { accountToken } from './support/seatable.js';

const PASSWORD = SIGNUP_PASSWORD;
const PUBLIC_URL = 'https://tessera.example';
const TTL = 120;
const AUDIENCE = 'tessera-dtable-server';
const DENIED = { error_msg: 'Permission denied.' };
const INVALID = { detail: 'Invalid token' };
const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.' };
const BAD_LOGIN = { non_field_errors: ['Unable to log in with provided credentials.'] };
const ANSWER_FIELDS = ['access_token', 'dtable_db', 'dtable_name', 'dtable_server', 'dtable_socket', 'dtable_uuid', 'workspace_id'];
const CLAIMS = ['aud', 'dtable_uuid', 'exp', 'iat', 'iss', 'jti', 'permission', 'username'];

/** A base as both families name it. */
interface Dtable {
  spaceId: string;
  baseId: string;
  /** SeaTable's integer workspace id. */
  workspaceId: number;
  /** SeaTable's dtable_name. */
  name: string;
  /** SeaTable's dtable_uuid. */
  uuid: string;
}

let spaces = 0;

const tokenAuth = (token: string): RequestOptions => ({ headers: { authorization: `Token ${token}` } });
const as = (who: Account): RequestOptions => ({ cookie: who.cookie });
const accessPath = (workspaceId: number | string, name: string): string =>
  `/api/v2.1/workspace/${workspaceId}/dtable/${encodeURIComponent(name)}/access-token/`;

function assertReply(reply: Reply<Json>, status: number, body: unknown, label = ''): void {
  assert.equal(reply.status, status, `${label} ${reply.text}`);
  assert.deepEqual(reply.body, body, label);
}

/** POST /api2/auth-token/ with the account's email and password; the token. */
async function workspaceList(server: TestServer, by: RequestOptions): Promise<Json[]> {
  const reply = await call(server, 'GET', '/api/v2.1/workspaces/', by);
  assert.equal(reply.status, 200, reply.text);
  assert.ok(Array.isArray(reply.body.workspace_list), reply.text);
  return reply.body.workspace_list as Json[];
}

/** A new space (with a name unique in the run) owned by `owner`; its Teable id and SeaTable id. */
async function newSpace(server: TestServer, owner: Account): Promise<{ spaceId: string; workspaceId: number; name: string }> {
  const name = `Space ${++spaces}`;
  const reply = await call(server, 'POST', '/api/space', { ...as(owner), body: { name } });
  assert.equal(reply.status, 201, reply.text);
  const listed = (await workspaceList(server, as(owner))).find((w) => w.name === name);
  assert.ok(listed, `space ${name} is not in the workspace list`);
  return { spaceId: reply.body.id as string, workspaceId: listed.id as number, name };
}

/** A new base in the space, read back through the workspace list for its SeaTable names. */
async function newBase(server: TestServer, owner: Account, space: { spaceId: string; workspaceId: number }, name: string): Promise<Dtable> {
  const reply = await call(server, 'POST', '/api/base', { ...as(owner), body: { spaceId: space.spaceId, name } });
  assert.equal(reply.status, 201, reply.text);
  assert.equal(reply.body.name, name);
  const workspace = (await workspaceList(server, as(owner))).find((w) => w.id === space.workspaceId);
  const table = workspace?.table_list.find((t: Json) => t.name === name);
  assert.ok(table, `base ${name} is not in the workspace list`);
  return { spaceId: space.spaceId, baseId: reply.body.id as string, workspaceId: space.workspaceId, name, uuid: table.uuid as string };
}

async function newDtable(server: TestServer, owner: Account, name = 'Base'): Promise<Dtable> {
  return newBase(server, owner, await newSpace(server, owner), name);
}

async function share(server: TestServer, owner: Account, d: { spaceId: string }, who: Account, role: string): Promise<void> {
  const reply = await call(server, 'POST', `/api/space/${d.spaceId}/collaborator`, {
    ...as(owner),
    body: { collaborators: [{ principalId: who.id, principalType: 'user' }], role },
  });
  assert.equal(reply.status, 201, reply.text);
}

async function setRole(server: TestServer, owner: Account, d: Dtable, who: Account, role: string): Promise<void> {
  const reply = await call(server, 'PATCH', `/api/space/${d.spaceId}/collaborators`, { ...as(owner), body: { principalId: who.id, principalType: 'user', role } });
  assert.equal(reply.status, 200, reply.text);
}

async function unshare(server: TestServer, owner: Account, d: Dtable, who: Account): Promise<void> {
  const reply = await call(server, 'DELETE', `/api/space/${d.spaceId}/collaborators?principalId=${who.id}&principalType=user`, as(owner));
  assert.equal(reply.status, 200, reply.text);
}

const access = (server: TestServer, d: { workspaceId: number | string; name: string }, by: RequestOptions): Promise<Reply<Json>> =>
  call(server, 'GET', accessPath(d.workspaceId, d.name), by);

/** The base access token answer; fails the test unless 200. */
async function accessAnswer(server: TestServer, d: Pick<Dtable, 'workspaceId' | 'name'>, by: RequestOptions): Promise<Json> {
  const reply = await access(server, d, by);
  assert.equal(reply.status, 200, reply.text);
  return reply.body;
}

const jwtOf = async (server: TestServer, d: Dtable, by: RequestOptions): Promise<string> => (await accessAnswer(server, d, by)).access_token as string;

async function fetchJwks(server: TestServer): Promise<JSONWebKeySet> {
  const reply = await call(server, 'GET', '/.well-known/jwks.json');
  assert.equal(reply.status, 200, reply.text);
  return reply.body as JSONWebKeySet;
}

/** Resolves with the verified claims or rejects with jose's error. */
async function verify(server: TestServer, jwt: string, options: { issuer?: string; audience?: string } = {}): Promise<Json> {
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', server.url));
  const { payload } = await jwtVerify(jwt, jwks, { issuer: server.config.publicUrl, audience: AUDIENCE, ...options });
  return payload;
}

const encodePart = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('account tokens (POST /api2/auth-token/)', () => {
  let server: TestServer;
  let ann: Account;
  let bob: Account;

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    bob = await signUp(server);
  });
  after(() => server.close());

  it('exchanges the email and password, sent as JSON, for a tess_act_ account token', async () => {
    const reply = await call(server, 'POST', '/api2/auth-token/', { body: { username: ann.email, password: PASSWORD } });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(Object.keys(reply.body), ['token']);
    assert.match(reply.body.token, /^tess_act_[0-9A-Za-z]{49}$/);
  });

  it('accepts the email and password as a form, as SeaTable clients send them', async () => {
    const form = new URLSearchParams({ username: ann.email, password: PASSWORD }).toString();
    const reply = await call(server, 'POST', '/api2/auth-token/', { rawBody: form, contentType: 'application/x-www-form-urlencoded' });
    assert.equal(reply.status, 200, reply.text);
    const me = await call(server, 'GET', '/api/auth/user', tokenAuth(reply.body.token));
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.email, ann.email);
  });

  it('accepts the email in another letter case', async () => {
    const reply = await call(server, 'POST', '/api2/auth-token/', { body: { username: ann.email.toUpperCase(), password: PASSWORD } });
    assert.equal(reply.status, 200, reply.text);
    const me = await call(server, 'GET', '/api/auth/user', tokenAuth(reply.body.token));
    assert.equal(me.body.id, ann.id);
  });

  it('gives a new, different token at every sign-in, each working on its own', async () => {
    const first = await accountToken(server, ann);
    const second = await accountToken(server, ann);
    assert.notEqual(first, second);
    for (const token of [first, second]) assert.equal((await call(server, 'GET', '/api/auth/user', tokenAuth(token))).status, 200);
  });

  it('authenticates as its user with `Token` and `Bearer` on the Teable, AWX and SeaTable families', async () => {
    const token = await accountToken(server, bob);
    for (const scheme of ['Token', 'Bearer', 'token', 'bearer']) {
      const options: RequestOptions = { headers: { authorization: `${scheme} ${token}` } };
      const teable = await call(server, 'GET', '/api/auth/user', options);
      assert.equal(teable.status, 200, `${scheme} teable: ${teable.text}`);
      assert.equal(teable.body.id, bob.id, scheme);
      assert.equal(teable.body.email, bob.email, scheme);
      const awx = await call(server, 'GET', '/api/v2/me/', options);
      assert.equal(awx.status, 200, `${scheme} awx: ${awx.text}`);
      assert.equal(awx.body.results[0].email, bob.email, scheme);
      const seatable = await call(server, 'GET', '/api/v2.1/workspaces/', options);
      assert.equal(seatable.status, 200, `${scheme} seatable: ${seatable.text}`);
    }
  });

  it('keeps only a digest of the token in the store', async () => {
    const token = await accountToken(server, ann);
    const rows = await server.store.db.selectFrom('sessions').selectAll().execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((row) => !JSON.stringify(row).includes(token)), 'the secret is in the store');
    assert.ok(rows.some((row) => row.kind === 'account_token' && row.user_id === ann.id));
  });

  it('refuses a wrong password, an unknown email and another user\'s password: 400 non_field_errors, no token', async () => {
    const attempts = [
      { username: ann.email, password: 'wrong-passw0rd' },
      { username: 'nobody@example.com', password: PASSWORD },
      { username: ann.email, password: `${PASSWORD} ` },
    ];
    for (const body of attempts) {
      const reply = await call(server, 'POST', '/api2/auth-token/', { body });
      assertReply(reply, 400, BAD_LOGIN, JSON.stringify(body));
    }
  });

  it('names the missing or invalid field: 400 {"username": [...]} or {"password": [...]}', async () => {
    for (const [body, field] of [
      [{ password: PASSWORD }, 'username'],
      [{ username: ann.email }, 'password'],
      [{ username: '', password: PASSWORD }, 'username'],
      [{ username: 42, password: PASSWORD }, 'username'],
      [{ username: `${'a'.repeat(250)}@example.com`, password: PASSWORD }, 'username'],
      [{ username: ann.email, password: '' }, 'password'],
    ] as [Record<string, unknown>, string][]) {
      const reply = await call(server, 'POST', '/api2/auth-token/', { body });
      assert.equal(reply.status, 400, `${JSON.stringify(body)}: ${reply.text}`);
      assert.deepEqual(Object.keys(reply.body), [field], reply.text);
      assert.ok(Array.isArray(reply.body[field]) && reply.body[field].length === 1 && typeof reply.body[field][0] === 'string', reply.text);
    }
    const empty = await call(server, 'POST', '/api2/auth-token/', { rawBody: '', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(empty.status, 400, empty.text);
    assert.ok(Object.keys(empty.body).every((k) => k === 'username' || k === 'password'), empty.text);
  });

  it('answers 401 {"detail": "Invalid token"} to a garbage, altered or never-issued account token', async () => {
    const token = await accountToken(server, ann);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    for (const bad of ['garbage', token.slice(0, -1) + last, `${token}x`, generateToken('accountToken')]) {
      const reply = await call(server, 'GET', '/api/v2.1/workspaces/', tokenAuth(bad));
      assertReply(reply, 401, INVALID, bad);
    }
  });

  it('does not take a browser session secret as an account token', async () => {
    const secret = decodeURIComponent(ann.cookie.slice(ann.cookie.indexOf('=') + 1));
    const reply = await call(server, 'GET', '/api/v2.1/workspaces/', tokenAuth(secret));
    assertReply(reply, 401, INVALID);
  });

  it('stops working once signed out with it, and only that token', async () => {
    const doomed = await accountToken(server, bob);
    const kept = await accountToken(server, bob);
    const out = await call(server, 'POST', '/api/auth/signout', tokenAuth(doomed));
    assert.equal(out.status, 200, out.text);
    assertReply(await call(server, 'GET', '/api/v2.1/workspaces/', tokenAuth(doomed)), 401, INVALID);
    assert.equal((await call(server, 'GET', '/api/v2.1/workspaces/', tokenAuth(kept))).status, 200);
    assert.equal((await call(server, 'GET', '/api/auth/user', as(bob))).status, 200, 'the browser session ended too');
  });
});

describe('workspaces (GET /api/v2.1/workspaces/)', () => {
  let server: TestServer;
  let ann: Account;
  let bob: Account;
  let carol: Account;
  let first: Dtable;
  let second: Dtable;
  let third: Dtable;
  let bobs: Dtable;

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    bob = await signUp(server);
    carol = await signUp(server);
    first = await newDtable(server, ann, 'Alpha');
    const space = await newSpace(server, ann);
    second = await newBase(server, ann, space, 'Beta');
    third = await newBase(server, ann, space, 'Gamma');
    bobs = await newDtable(server, bob, 'Bob base');
    await share(server, bob, bobs, ann, 'viewer');
  });
  after(() => server.close());

  it("lists the caller's spaces with integer ids and their bases with integer id, workspace_id, uuid and name", async () => {
    const list = await workspaceList(server, tokenAuth(await accountToken(server, ann)));
    for (const workspace of list) {
      assert.deepEqual(Object.keys(workspace).sort(), ['id', 'name', 'table_list', 'type']);
      assert.ok(Number.isSafeInteger(workspace.id) && workspace.id > 0, `id ${workspace.id}`);
      assert.equal(typeof workspace.name, 'string');
      assert.equal(typeof workspace.type, 'string');
      for (const table of workspace.table_list) {
        assert.deepEqual(Object.keys(table).sort(), ['id', 'name', 'uuid', 'workspace_id']);
        assert.ok(Number.isSafeInteger(table.id) && table.id > 0, `id ${table.id}`);
        assert.equal(table.workspace_id, workspace.id);
        assert.match(table.uuid, /^[0-9a-f]{32}$/);
      }
    }
    const byId = new Map(list.map((w) => [w.id as number, w]));
    assert.deepEqual(byId.get(first.workspaceId)?.table_list.map((t: Json) => t.name), ['Alpha']);
    assert.deepEqual(byId.get(second.workspaceId)?.table_list.map((t: Json) => t.name).sort(), ['Beta', 'Gamma']);
    const ids = list.flatMap((w) => w.table_list.map((t: Json) => t.id as number));
    const uuids = list.flatMap((w) => w.table_list.map((t: Json) => t.uuid as string));
    assert.equal(new Set(ids).size, ids.length, 'base ids repeat');
    assert.equal(new Set(uuids).size, uuids.length, 'base uuids repeat');
    assert.equal(new Set(list.map((w) => w.id)).size, list.length, 'workspace ids repeat');
  });

  it('includes a space shared with the caller and leaves out spaces of others', async () => {
    const annList = await workspaceList(server, as(ann));
    const shared = annList.find((w) => w.id === bobs.workspaceId);
    assert.ok(shared, "a shared space is missing from the member's list");
    assert.deepEqual(shared.table_list.map((t: Json) => t.uuid), [bobs.uuid]);
    const bobList = await workspaceList(server, as(bob));
    assert.deepEqual(bobList.map((w) => w.id), [bobs.workspaceId], "another user's spaces leaked into bob's list");
    assert.deepEqual(await workspaceList(server, as(carol)), [], 'a user without spaces sees some');
  });

  it('gives the ids that the access-token route takes and the uuid it answers with', async () => {
    for (const d of [first, second, third]) {
      const answer = await accessAnswer(server, d, as(ann));
      assert.equal(answer.dtable_uuid, d.uuid);
      assert.equal(answer.workspace_id, d.workspaceId);
    }
  });

  it('shows only the base a personal access token is restricted to (baseIds)', async () => {
    const pat = await createToken(server, ann, { scopes: ['space|read', 'base|read', 'record|read'], baseIds: [third.baseId] });
    const list = await workspaceList(server, { token: pat.token });
    assert.deepEqual(
      list.map((w) => ({ id: w.id, tables: w.table_list.map((t: Json) => t.uuid) })),
      [{ id: third.workspaceId, tables: [third.uuid] }],
    );
  });

  it('shows every base of the spaces a personal access token is restricted to (spaceIds), and no other space', async () => {
    const pat = await createToken(server, ann, { scopes: ['space|read', 'base|read'], spaceIds: [second.spaceId] });
    const list = await workspaceList(server, tokenAuth(pat.token));
    assert.deepEqual(list.map((w) => w.id), [second.workspaceId]);
    assert.deepEqual(list[0].table_list.map((t: Json) => t.uuid).sort(), [second.uuid, third.uuid].sort());
  });

  it('shows every space and base of the user to a full-access personal access token with space|read and base|read', async () => {
    const pat = await createToken(server, ann, { scopes: ['space|read', 'base|read'], hasFullAccess: true });
    const list = await workspaceList(server, tokenAuth(pat.token));
    const all = await workspaceList(server, as(ann));
    assert.deepEqual(list, all);
    assert.ok(all.length >= 3);
  });

  it('shows nothing to a personal access token without space|read and base|read', async () => {
    const pat = await createToken(server, ann, { scopes: ['record|read', 'table|read'], spaceIds: [first.spaceId, second.spaceId] });
    assert.deepEqual(await workspaceList(server, { token: pat.token }), []);
  });

  it('follows renames and deletions of bases', async () => {
    const space = await newSpace(server, ann);
    const keep = await newBase(server, ann, space, 'Keep');
    const gone = await newBase(server, ann, space, 'Gone');
    const renamed = await call(server, 'PATCH', `/api/base/${keep.baseId}`, { ...as(ann), body: { name: 'Kept' } });
    assert.equal(renamed.status, 200, renamed.text);
    const deleted = await call(server, 'DELETE', `/api/base/${gone.baseId}`, as(ann));
    assert.ok(deleted.status < 300, deleted.text);
    const listed = (await workspaceList(server, as(ann))).find((w) => w.id === space.workspaceId);
    assert.deepEqual(listed?.table_list.map((t: Json) => ({ name: t.name, uuid: t.uuid })), [{ name: 'Kept', uuid: keep.uuid }]);
  });

  it('answers 401 without a credential and with a bad one, in SeaTable bodies', async () => {
    assertReply(await call(server, 'GET', '/api/v2.1/workspaces/'), 401, NOT_PROVIDED);
    assertReply(await call(server, 'GET', '/api/v2.1/workspaces/', tokenAuth('not-a-token')), 401, INVALID);
  });
});

describe('base access tokens (GET /api/v2.1/workspace/{id}/dtable/{name}/access-token/)', () => {
  let server: TestServer;
  let owner: Account;
  let creator: Account;
  let editor: Account;
  let viewer: Account;
  let stranger: Account;
  let d: Dtable;
  let other: Dtable;

  before(async () => {
    server = await startServer({ TESSERA_PUBLIC_URL: PUBLIC_URL, TESSERA_BASE_TOKEN_TTL: String(TTL) });
    [owner, creator, editor, viewer, stranger] = await Promise.all([signUp(server), signUp(server), signUp(server), signUp(server), signUp(server)]);
    d = await newDtable(server, owner, 'Hello');
    other = await newBase(server, owner, d, 'Other');
    await share(server, owner, d, creator, 'creator');
    await share(server, owner, d, editor, 'editor');
    await share(server, owner, d, viewer, 'viewer');
  });
  after(() => server.close());

  describe('the answer', () => {
    it('names the base and where its data server is, after TESSERA_PUBLIC_URL', async () => {
      const answer = await accessAnswer(server, d, tokenAuth(await accountToken(server, owner)));
      assert.deepEqual(Object.keys(answer).sort(), ANSWER_FIELDS);
      assert.equal(typeof answer.access_token, 'string');
      assert.equal(answer.dtable_uuid, d.uuid);
      assert.equal(answer.dtable_server, `${PUBLIC_URL}/dtable-server/`);
      assert.equal(answer.dtable_socket, `${PUBLIC_URL}/`);
      assert.ok(typeof answer.dtable_db === 'string' && answer.dtable_db.startsWith(`${PUBLIC_URL}/`), answer.dtable_db);
      assert.equal(answer.workspace_id, d.workspaceId);
      assert.equal(answer.dtable_name, 'Hello');
    });

    it('is reached with an account token, a session cookie or a personal access token', async () => {
      const pat = await createToken(server, owner, { scopes: ['base|read', 'record|read'], spaceIds: [d.spaceId] });
      for (const [label, by] of [
        ['account token', tokenAuth(await accountToken(server, owner))],
        ['account token as Bearer', { token: await accountToken(server, owner) }],
        ['cookie', as(owner)],
        ['personal access token', tokenAuth(pat.token)],
      ] as [string, RequestOptions][]) {
        const answer = await accessAnswer(server, d, by);
        assert.equal(answer.dtable_uuid, d.uuid, label);
      }
    });
  });

  describe('the JWT', () => {
    it('has an EdDSA header with a kid and the claims of one base for one user', async () => {
      const startedAt = Math.floor(Date.now() / 1000);
      const jwt = await jwtOf(server, d, tokenAuth(await accountToken(server, owner)));
      const header = decodeProtectedHeader(jwt);
      assert.equal(header.alg, 'EdDSA');
      assert.ok(typeof header.kid === 'string' && header.kid.length > 0, 'no kid');
      const claims = decodeJwt(jwt);
      for (const claim of CLAIMS) assert.ok(claim in claims, `claim ${claim} is missing`);
      assert.equal(claims.dtable_uuid, d.uuid);
      assert.equal(claims.username, owner.email);
      assert.equal(claims.permission, 'rw');
      assert.equal(claims.iss, PUBLIC_URL);
      assert.ok(claims.aud === AUDIENCE || (Array.isArray(claims.aud) && claims.aud.length === 1 && claims.aud[0] === AUDIENCE), `aud ${String(claims.aud)}`);
      assert.ok(typeof claims.jti === 'string' && claims.jti.length >= 16, 'jti');
      assert.ok(claims.iat! >= startedAt - 1 && claims.iat! <= Math.ceil(Date.now() / 1000) + 1, `iat ${claims.iat}`);
    });

    it('lives TESSERA_BASE_TOKEN_TTL seconds', async () => {
      const claims = decodeJwt(await jwtOf(server, d, as(owner)));
      assert.equal(claims.exp! - claims.iat!, TTL);
    });

    it('has a new jti at every exchange', async () => {
      const jtis = new Set<unknown>();
      for (let i = 0; i < 5; i++) jtis.add(decodeJwt(await jwtOf(server, d, as(owner))).jti);
      assert.equal(jtis.size, 5);
    });

    it('verifies with jose against the published JWKS (remote and local), for the issuer and audience', async () => {
      const jwt = await jwtOf(server, d, as(viewer));
      const remote = await verify(server, jwt, { issuer: PUBLIC_URL });
      assert.equal(remote.dtable_uuid, d.uuid);
      assert.equal(remote.permission, 'r');
      const jwks = await fetchJwks(server);
      const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: PUBLIC_URL, audience: AUDIENCE, algorithms: ['EdDSA'] });
      assert.equal(payload.username, viewer.email);
      assert.ok(jwks.keys.some((k) => k.kid === protectedHeader.kid), 'the kid is not in the JWKS');
    });

    it('publishes only public keys in the JWKS', async () => {
      const jwks = await fetchJwks(server);
      assert.ok(jwks.keys.length >= 1);
      for (const key of jwks.keys) {
        assert.equal(key.kty, 'OKP');
        assert.equal(key.crv, 'Ed25519');
        assert.ok(typeof key.kid === 'string' && key.kid !== '');
        for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.ok(!(secret in key), `the JWKS publishes ${secret}`);
      }
    });

    it('does not verify once its payload is altered (a viewer raising r to rw, another base, a later exp)', async () => {
      const jwt = await jwtOf(server, d, as(viewer));
      const [header, payload, signature] = jwt.split('.') as [string, string, string];
      const claims = decodeJwt(jwt);
      for (const altered of [
        { ...claims, permission: 'rw' },
        { ...claims, dtable_uuid: other.uuid },
        { ...claims, exp: (claims.exp ?? 0) + 86_400 },
        { ...claims, username: owner.email },
      ]) {
        const forged = `${header}.${encodePart(altered)}.${signature}`;
        await assert.rejects(verify(server, forged), (error: Error & { code?: string }) => error.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', JSON.stringify(altered));
      }
      assert.ok((await verify(server, `${header}.${payload}.${signature}`)).permission === 'r', 'the untouched token stopped verifying');
    });

    it('does not verify for another audience or another issuer', async () => {
      const jwt = await jwtOf(server, d, as(owner));
      await assert.rejects(verify(server, jwt, { audience: 'some-other-service' }), (error: Error & { code?: string; claim?: string }) => error.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && error.claim === 'aud');
      await assert.rejects(verify(server, jwt, { issuer: 'https://elsewhere.example' }), (error: Error & { code?: string; claim?: string }) => error.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && error.claim === 'iss');
    });
  });

  describe('permission', () => {
    it('is rw for the owner, a creator and an editor, and r for a viewer', async () => {
      for (const [who, permission] of [
        [owner, 'rw'],
        [creator, 'rw'],
        [editor, 'rw'],
        [viewer, 'r'],
      ] as [Account, string][]) {
        const claims = await verify(server, await jwtOf(server, d, tokenAuth(await accountToken(server, who))));
        assert.equal(claims.permission, permission, who.email);
        assert.equal(claims.username, who.email);
      }
    });

    it('is r for a personal access token without record|update, rw with it', async () => {
      const reading = await createToken(server, owner, { scopes: ['base|read', 'record|read'], spaceIds: [d.spaceId] });
      const writing = await createToken(server, owner, { scopes: ['base|read', 'record|read', 'record|update'], baseIds: [d.baseId] });
      const r = await verify(server, await jwtOf(server, d, tokenAuth(reading.token)));
      assert.equal(r.permission, 'r');
      assert.equal(r.username, owner.email);
      assert.equal((await verify(server, await jwtOf(server, d, tokenAuth(writing.token)))).permission, 'rw');
    });

    it("never exceeds the owner's role: a viewer's token with record|update gets r", async () => {
      const pat = await createToken(server, viewer, { scopes: ['base|read', 'record|read', 'record|update'], spaceIds: [d.spaceId] });
      assert.equal((await verify(server, await jwtOf(server, d, tokenAuth(pat.token)))).permission, 'r');
    });

    it("follows the caller's current role: an editor turned viewer gets r, and rw again once turned back", async () => {
      const member = await signUp(server);
      await share(server, owner, d, member, 'editor');
      const token = await accountToken(server, member);
      assert.equal((await verify(server, await jwtOf(server, d, tokenAuth(token)))).permission, 'rw');
      await setRole(server, owner, d, member, 'viewer');
      assert.equal((await verify(server, await jwtOf(server, d, tokenAuth(token)))).permission, 'r');
      await setRole(server, owner, d, member, 'editor');
      assert.equal((await verify(server, await jwtOf(server, d, tokenAuth(token)))).permission, 'rw');
    });
  });

  describe('dtable names in the path', () => {
    const names = ['Hello World', 'Café Ünïcode 日本語', '100% done', 'a+b', 'what? #1', 'semi;colon & amp', 'emoji 🚀', 'slash/in name'];
    let space: { spaceId: string; workspaceId: number; name: string };
    const made = new Map<string, Dtable>();

    before(async () => {
      space = await newSpace(server, owner);
      for (const name of [...names, 'a b']) made.set(name, await newBase(server, owner, space, name));
    });

    it('finds a base whose name has spaces, non-ASCII and reserved characters, when URL-encoded', async () => {
      for (const name of names) {
        const answer = await accessAnswer(server, { workspaceId: space.workspaceId, name }, as(owner));
        assert.equal(answer.dtable_name, name, name);
        assert.equal(answer.dtable_uuid, made.get(name)?.uuid, name);
        assert.equal(decodeJwt(answer.access_token as string).dtable_uuid, made.get(name)?.uuid, name);
      }
    });

    it("reads '+' in the path as a plus, not a space, and %20 as a space", async () => {
      const plus = await accessAnswer(server, { workspaceId: space.workspaceId, name: 'a+b' }, as(owner));
      assert.equal(plus.dtable_uuid, made.get('a+b')?.uuid);
      const raw = await call(server, 'GET', `/api/v2.1/workspace/${space.workspaceId}/dtable/a+b/access-token/`, as(owner));
      assert.equal(raw.status, 200, raw.text);
      assert.equal(raw.body.dtable_uuid, made.get('a+b')?.uuid);
      const spaced = await call(server, 'GET', `/api/v2.1/workspace/${space.workspaceId}/dtable/a%20b/access-token/`, as(owner));
      assert.equal(spaced.status, 200, spaced.text);
      assert.equal(spaced.body.dtable_uuid, made.get('a b')?.uuid);
    });

    it('matches the whole name only', async () => {
      for (const name of ['Hell', 'Hello ', 'Hello/World', 'Hello World!']) {
        const reply = await access(server, { workspaceId: d.workspaceId, name }, as(owner));
        assertReply(reply, 404, { error_msg: `dtable ${name} not found.` }, JSON.stringify(name));
      }
    });

    it('finds a base whose name is as long as allowed (100 characters), even in a script needing many bytes', async () => {
      const long = await newBase(server, owner, space, '日'.repeat(100));
      const answer = await accessAnswer(server, long, as(owner));
      assert.equal(answer.dtable_uuid, long.uuid);
    });
  });

  describe('refusals', () => {
    it('answers 401 "Authentication credentials were not provided." without a credential', async () => {
      assertReply(await access(server, d, {}), 401, NOT_PROVIDED);
    });

    it('answers 401 {"detail": "Invalid token"} to a bad or revoked token', async () => {
      const revoked = await accountToken(server, owner);
      assert.equal((await call(server, 'POST', '/api/auth/signout', tokenAuth(revoked))).status, 200);
      for (const bad of ['not-a-token', generateToken('accountToken'), generateToken('personalAccessToken'), revoked]) {
        assertReply(await access(server, d, tokenAuth(bad)), 401, INVALID, bad);
      }
      const jwt = await jwtOf(server, d, as(owner));
      assertReply(await access(server, d, tokenAuth(jwt)), 401, INVALID, 'a base access token used as an account token');
    });

    it('answers 403 "Permission denied." in a workspace the caller is not a member of, even for an unknown base name', async () => {
      const token = await accountToken(server, stranger);
      assertReply(await access(server, d, tokenAuth(token)), 403, DENIED);
      assertReply(await access(server, { workspaceId: d.workspaceId, name: 'No such base' }, tokenAuth(token)), 403, DENIED, 'unknown name');
    });

    it('answers 403 once the caller is removed from the space', async () => {
      const member = await signUp(server);
      await share(server, owner, d, member, 'editor');
      const token = await accountToken(server, member);
      assert.equal((await access(server, d, tokenAuth(token))).status, 200);
      await unshare(server, owner, d, member);
      assertReply(await access(server, d, tokenAuth(token)), 403, DENIED);
    });

    it('answers 403 to a personal access token that cannot read the base', async () => {
      const elsewhere = await createToken(server, owner, { scopes: ['base|read', 'record|read', 'record|update'], baseIds: [other.baseId] });
      assertReply(await access(server, d, tokenAuth(elsewhere.token)), 403, DENIED, 'restricted to another base');
      assert.equal((await access(server, other, tokenAuth(elsewhere.token))).status, 200, 'its own base');
      const unscoped = await createToken(server, owner, { scopes: ['record|read', 'record|update', 'table|read'], spaceIds: [d.spaceId] });
      assertReply(await access(server, d, tokenAuth(unscoped.token)), 403, DENIED, 'without base|read');
    });

    it('answers 404 "dtable {name} not found." for a name not in the workspace, echoing the name decoded', async () => {
      for (const name of ['Nope', 'Café ☕', 'Other base']) {
        assertReply(await access(server, { workspaceId: d.workspaceId, name }, as(owner)), 404, { error_msg: `dtable ${name} not found.` }, name);
      }
      const fromOtherSpace = await newDtable(server, owner, 'Elsewhere');
      assertReply(await access(server, { workspaceId: d.workspaceId, name: fromOtherSpace.name }, as(owner)), 404, { error_msg: 'dtable Elsewhere not found.' }, 'a base of another space');
    });

    it('answers 404 "Workspace {id} not found." for a workspace that does not exist', async () => {
      const missing = d.workspaceId + 100_000;
      assertReply(await access(server, { workspaceId: missing, name: 'Hello' }, as(owner)), 404, { error_msg: `Workspace ${missing} not found.` });
    });

    it('answers 404 with an error_msg, never a 400 or 500, for a workspace id that is not a number', async () => {
      for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
        const reply = await access(server, { workspaceId: id, name: 'Hello' }, as(owner));
        assert.equal(reply.status, 404, `${id}: ${reply.text}`);
        assert.equal(typeof reply.body.error_msg, 'string', `${id}: ${reply.text}`);
      }
    });

    it('names the workspace id it was given in that 404, even one that is not a number', async () => {
      for (const id of ['abc', '0', '99999999999999999999']) {
        assertReply(await access(server, { workspaceId: id, name: 'Hello' }, as(owner)), 404, { error_msg: `Workspace ${id} not found.` }, id);
      }
    });

    it('answers 404 once the base is deleted, and its name finds nothing', async () => {
      const space = await newSpace(server, owner);
      const doomed = await newBase(server, owner, space, 'Doomed');
      assert.equal((await access(server, doomed, as(owner))).status, 200);
      assert.ok((await call(server, 'DELETE', `/api/base/${doomed.baseId}`, as(owner))).status < 300);
      assertReply(await access(server, doomed, as(owner)), 404, { error_msg: 'dtable Doomed not found.' });
    });
  });
});

describe('base access tokens on defaults, behind a public URL with a path', () => {
  let server: TestServer;
  let owner: Account;
  let d: Dtable;

  before(async () => {
    server = await startServer({ TESSERA_PUBLIC_URL: 'https://example.org/seatable/' });
    owner = await signUp(server);
    d = await newDtable(server, owner, 'Defaults');
  });
  after(() => server.close());

  it('lives 3600 seconds when TESSERA_BASE_TOKEN_TTL is not set', async () => {
    const claims = decodeJwt(await jwtOf(server, d, as(owner)));
    assert.equal(claims.exp! - claims.iat!, 3600);
  });

  it('keeps the path of the public URL and never doubles a slash', async () => {
    const answer = await accessAnswer(server, d, as(owner));
    assert.equal(answer.dtable_server, 'https://example.org/seatable/dtable-server/');
    assert.equal(answer.dtable_socket, 'https://example.org/seatable/');
    const claims = await verify(server, answer.access_token as string, { issuer: 'https://example.org/seatable' });
    assert.equal(claims.dtable_uuid, d.uuid);
  });
});

describe('base names, unique within a space', () => {
  let server: TestServer;
  let ann: Account;
  let space: { spaceId: string; workspaceId: number; name: string };

  const createBase = (spaceId: string, name?: string): Promise<Reply<Json>> =>
    call(server, 'POST', '/api/base', { ...as(ann), body: name === undefined ? { spaceId } : { spaceId, name } });
  const rename = (baseId: string, name: string): Promise<Reply<Json>> => call(server, 'PATCH', `/api/base/${baseId}`, { ...as(ann), body: { name } });
  const namesIn = async (spaceId: string): Promise<string[]> => {
    const reply = await call(server, 'GET', `/api/space/${spaceId}/base`, as(ann));
    assert.equal(reply.status, 200, reply.text);
    return (reply.body as Json[]).map((b) => b.name as string).sort();
  };
  function assertConflict(reply: Reply<Json>, label = ''): void {
    assert.equal(reply.status, 409, `${label} ${reply.text}`);
    assert.equal(reply.body.code, 'conflict', label);
    assert.equal(reply.body.status, 409, label);
    assert.equal(typeof reply.body.message, 'string', label);
  }

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    space = await newSpace(server, ann);
  });
  after(() => server.close());

  it('refuses to create a base with a name taken in the space: 409, and makes nothing', async () => {
    assert.equal((await createBase(space.spaceId, 'Taken')).status, 201);
    assertConflict(await createBase(space.spaceId, 'Taken'));
    assertConflict(await createBase(space.spaceId, '  Taken  '), 'the name after trimming');
    assert.deepEqual((await namesIn(space.spaceId)).filter((n) => n === 'Taken'), ['Taken']);
  });

  it('allows the same name in another space', async () => {
    const elsewhere = await newSpace(server, ann);
    assert.equal((await createBase(space.spaceId, 'Shared name')).status, 201);
    const reply = await createBase(elsewhere.spaceId, 'Shared name');
    assert.equal(reply.status, 201, reply.text);
  });

  it('refuses to rename a base to a name taken in the space: 409, keeping its name', async () => {
    const a = await createBase(space.spaceId, 'Rename A');
    assert.equal((await createBase(space.spaceId, 'Rename B')).status, 201);
    assertConflict(await rename(a.body.id, 'Rename B'));
    const get = await call(server, 'GET', `/api/base/${a.body.id}`, as(ann));
    assert.equal(get.body.name, 'Rename A');
  });

  it('lets a base keep its own name on rename, and frees its old name', async () => {
    const a = await createBase(space.spaceId, 'Old name');
    const same = await rename(a.body.id, 'Old name');
    assert.equal(same.status, 200, same.text);
    assert.equal((await rename(a.body.id, 'New name')).status, 200);
    const again = await createBase(space.spaceId, 'Old name');
    assert.equal(again.status, 201, again.text);
  });

  it('names a base without a name "Untitled base", "Untitled base 2", "Untitled base 3", ...', async () => {
    const fresh = await newSpace(server, ann);
    const names: string[] = [];
    for (const name of [undefined, undefined, '', '   ']) {
      const reply = await createBase(fresh.spaceId, name);
      assert.equal(reply.status, 201, reply.text);
      names.push(reply.body.name as string);
    }
    assert.deepEqual(names, ['Untitled base', 'Untitled base 2', 'Untitled base 3', 'Untitled base 4']);
    assert.deepEqual(await namesIn(fresh.spaceId), ['Untitled base', 'Untitled base 2', 'Untitled base 3', 'Untitled base 4']);
  });

  it('reuses the first free "Untitled base" name, and skips one taken by hand', async () => {
    const fresh = await newSpace(server, ann);
    const first = await createBase(fresh.spaceId);
    assert.equal((await createBase(fresh.spaceId)).body.name, 'Untitled base 2');
    assert.equal((await createBase(fresh.spaceId, 'Untitled base 3')).status, 201);
    assert.ok((await call(server, 'DELETE', `/api/base/${first.body.id}`, as(ann))).status < 300);
    assert.equal((await createBase(fresh.spaceId)).body.name, 'Untitled base');
    assert.equal((await createBase(fresh.spaceId)).body.name, 'Untitled base 4');
  });

  it('lets exactly one of many simultaneous creations with the same name succeed', async () => {
    const fresh = await newSpace(server, ann);
    const replies = await Promise.all(Array.from({ length: 6 }, () => createBase(fresh.spaceId, 'Race')));
    assert.deepEqual(replies.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409], replies.map((r) => r.text).join('\n'));
    assert.deepEqual(await namesIn(fresh.spaceId), ['Race']);
  });

  it('never answers 409 to simultaneous creations without a name, giving each a distinct name', async () => {
    const fresh = await newSpace(server, ann);
    const replies = await Promise.all(Array.from({ length: 6 }, () => createBase(fresh.spaceId)));
    assert.deepEqual(replies.map((r) => r.status), [201, 201, 201, 201, 201, 201], replies.map((r) => r.text).join('\n'));
    const names = replies.map((r) => r.body.name as string).sort();
    assert.equal(new Set(names).size, 6, names.join(', '));
  });

  it('makes each base addressable by its name in the SeaTable access-token route', async () => {
    const fresh = await newSpace(server, ann);
    const one = await newBase(server, ann, fresh, 'One');
    const two = await newBase(server, ann, fresh, 'Two');
    assert.equal((await accessAnswer(server, one, as(ann))).dtable_uuid, one.uuid);
    assert.equal((await accessAnswer(server, two, as(ann))).dtable_uuid, two.uuid);
    assert.equal((await rename(one.baseId, 'Uno')).status, 200);
    assert.equal((await accessAnswer(server, { workspaceId: fresh.workspaceId, name: 'Uno' }, as(ann))).dtable_uuid, one.uuid);
    assertReply(await access(server, one, as(ann)), 404, { error_msg: 'dtable One not found.' });
  });
});

// Plugins (Teable seed 002, issue #5): a person registers a plugin and installs it in a base; a
// user authorizes it there with a single-use code (optionally PKCE S256); the plugin exchanges the
// code and its secret for a short access token and a rotating refresh token, whose reuse revokes
// the whole family. Black-box HTTP against a real server, with the concurrency cases run truly in
// parallel; the store is only read to prove what it keeps, written to make something expire, or
// (PostgreSQL) held with a table lock to stall an exchange while a revocation runs.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { call, createToken, getWithBody, seedWorkspace, signUp, type Account, type Json, type Reply } from './support/client.js';
import { dtableOf } from './support/proxied-tessera.js';
import { startServer, storeKind, type TestServer } from './support/server.js';

type Workspace = { spaceId: string; baseId: string; tableId: string };
interface Plugin {
  id: string;
  secret: string;
}
interface Pair {
  accessToken: string;
  refreshToken: string;
  scopes: string[];
  expiresIn: number;
  refreshExpiresIn: number;
}
/** Who makes a request: a person by session cookie, or a bearer token. */
type As = Account | { token: string };

const PAIR_KEYS = ['accessToken', 'expiresIn', 'refreshExpiresIn', 'refreshToken', 'scopes'];
const CREATE_KEYS = ['id', 'name', 'description', 'logo', 'url', 'positions', 'scopes', 'status', 'secret', 'createdTime'];
const SCOPES = ['base|read', 'table|read', 'record|read', 'record|create'];
const PAST = '2020-01-01T00:00:00.000Z';
const UNKNOWN_PLUGIN = 'plgDoesNotExist000';
const MASKED = '************';

const digest = (secret: string): string => createHash('sha256').update(secret).digest('hex');
const randomPart = (secret: string): string => secret.slice(secret.lastIndexOf('_') + 1, -6);
const credential = (who: As) => ('token' in who ? { token: who.token } : { cookie: who.cookie });
const pkce = (): { verifier: string; challenge: string } => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function assertError(reply: Reply<Json>, status: number, code: string, label = ''): void {
  assert.equal(reply.status, status, `${label} ${reply.text}`);
  assert.equal(reply.body?.code, code, `${label} ${reply.text}`);
  assert.equal(reply.body.status, status, label);
  assert.equal(typeof reply.body.message, 'string', label);
}

/** A 400 validation_error whose message names the field. */
function assertInvalid(reply: Reply<Json>, field: string, label = ''): void {
  assertError(reply, 400, 'validation_error', label);
  assert.ok(reply.body.message.includes(field), `${label}: the message does not name ${field}: ${reply.body.message}`);
}

function assertPair(reply: Reply<Json>, status: number): Pair {
  assert.equal(reply.status, status, reply.text);
  assert.deepEqual(Object.keys(reply.body).sort(), PAIR_KEYS);
  assert.match(reply.body.accessToken, /^tess_pla_[0-9A-Za-z]{49}$/);
  assert.match(reply.body.refreshToken, /^tess_plr_[0-9A-Za-z]{49}$/);
  assert.equal(reply.body.expiresIn, 600);
  assert.equal(reply.body.refreshExpiresIn, 2592000);
  assert.ok(Array.isArray(reply.body.scopes));
  return reply.body as Pair;
}

describe('plugins', () => {
  let server: TestServer;
  /** Owns the workspaces and most plugins. */
  let ann: Account;
  /** A viewer in ann's first space. */
  let bob: Account;
  /** A stranger to ann's spaces. */
  let carol: Account;
  let annWs: Workspace;
  /** A second base with a table in ann's first space. */
  let annBase2: { baseId: string; tableId: string };
  /** Ann's second space. */
  let annWs2: Workspace;

  const registerReply = (owner: As, body: Record<string, unknown>) => call(server, 'POST', '/api/plugin', { ...credential(owner), body });
  const register = async (owner: Account = ann, fields: Record<string, unknown> = {}): Promise<Plugin> => {
    const reply = await registerReply(owner, { name: 'Plugin', scopes: SCOPES, ...fields });
    assert.equal(reply.status, 201, reply.text);
    return { id: reply.body.id, secret: reply.body.secret };
  };
  const installReply = (who: As, baseId: string, pluginId: string) => call(server, 'POST', `/api/base/${baseId}/plugin`, { ...credential(who), body: { pluginId } });
  const install = async (pluginId: string, baseId: string = annWs.baseId, who: As = ann): Promise<void> => {
    const reply = await installReply(who, baseId, pluginId);
    assert.equal(reply.status, 201, reply.text);
  };
  const uninstall = (pluginId: string, baseId: string = annWs.baseId, who: As = ann) => call(server, 'DELETE', `/api/base/${baseId}/plugin/${pluginId}`, credential(who));
  /** A plugin of ann's with SCOPES (or others), installed in the given bases. */
  const installedPlugin = async (bases: string[] = [annWs.baseId], fields: Record<string, unknown> = {}): Promise<Plugin> => {
    const plugin = await register(ann, fields);
    for (const baseId of bases) await install(plugin.id, baseId);
    return plugin;
  };
  const authorize = (pluginId: string, baseId: string, who: As = ann, extra: Record<string, unknown> = {}) =>
    call(server, 'POST', `/api/plugin/${pluginId}/authCode`, { ...credential(who), body: { baseId, ...extra } });
  const authCode = async (pluginId: string, baseId: string = annWs.baseId, who: As = ann, extra: Record<string, unknown> = {}): Promise<string> => {
    const reply = await authorize(pluginId, baseId, who, extra);
    assert.equal(reply.status, 201, reply.text);
    assert.match(reply.text, /^tess_plc_[0-9A-Za-z]{49}$/);
    return reply.text;
  };
  const exchange = (pluginId: string, body: Record<string, unknown>) => call(server, 'POST', `/api/plugin/${pluginId}/token`, { body });
  const refresh = (pluginId: string, body: Record<string, unknown>) => call(server, 'POST', `/api/plugin/${pluginId}/refreshToken`, { body });
  /** Authorizes (as `who`) and exchanges: a fresh pair with these scopes on the base. */
  const issue = async (plugin: Plugin, scopes: string[] = SCOPES, baseId: string = annWs.baseId, who: As = ann): Promise<Pair> => {
    const code = await authCode(plugin.id, baseId, who);
    return assertPair(await exchange(plugin.id, { baseId, secret: plugin.secret, scopes, authCode: code }), 201);
  };
  const readRecords = (token: string, tableId: string = annWs.tableId) => call(server, 'GET', `/api/table/${tableId}/record`, { token });
  const createRecord = (token: string, tableId: string = annWs.tableId) =>
    call(server, 'POST', `/api/table/${tableId}/record`, { token, body: { records: [{ fields: { Title: 'by plugin' } }] } });

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    bob = await signUp(server);
    carol = await signUp(server);
    annWs = await seedWorkspace(server, ann);
    annWs2 = await seedWorkspace(server, ann);
    const base2 = await call(server, 'POST', '/api/base', { cookie: ann.cookie, body: { spaceId: annWs.spaceId, name: 'Second' } });
    assert.equal(base2.status, 201, base2.text);
    const table2 = await call(server, 'POST', `/api/base/${base2.body.id}/table`, {
      cookie: ann.cookie,
      body: { name: 'Other', fields: [{ name: 'Title', type: 'singleLineText' }] },
    });
    assert.equal(table2.status, 201, table2.text);
    annBase2 = { baseId: base2.body.id, tableId: table2.body.id };
    const added = await call(server, 'POST', `/api/space/${annWs.spaceId}/collaborator`, {
      cookie: ann.cookie,
      body: { collaborators: [{ principalId: bob.id, principalType: 'user' }], role: 'viewer' },
    });
    assert.equal(added.status, 201, added.text);
  });
  after(() => server.close());

  it('walks the whole flow: register, install, authorize, exchange, use the data API, refresh, reuse detection, regenerate the secret, uninstall', async () => {
    const created = await registerReply(ann, { name: 'Charts', scopes: SCOPES });
    assert.equal(created.status, 201, created.text);
    let plugin: Plugin = { id: created.body.id, secret: created.body.secret };
    await install(plugin.id);

    const first = await issue(plugin);
    assert.deepEqual([...first.scopes].sort(), [...SCOPES].sort());
    assert.equal((await readRecords(first.accessToken)).status, 200);
    const made = await createRecord(first.accessToken);
    assert.equal(made.status, 201, made.text);
    assert.equal((await call(server, 'GET', `/api/base/${annWs.baseId}`, { token: first.accessToken })).status, 200);

    const second = assertPair(await refresh(plugin.id, { refreshToken: first.refreshToken, secret: plugin.secret }), 201);
    assert.notEqual(second.accessToken, first.accessToken);
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.deepEqual([...second.scopes].sort(), [...SCOPES].sort());
    assert.equal((await readRecords(second.accessToken)).status, 200);

    // The spent refresh token presented again: refused, and its whole family dies.
    assertError(await refresh(plugin.id, { refreshToken: first.refreshToken, secret: plugin.secret }), 400, 'invalid_grant');
    assertError(await readRecords(second.accessToken), 401, 'token_revoked');
    assertError(await refresh(plugin.id, { refreshToken: second.refreshToken, secret: plugin.secret }), 400, 'invalid_grant');

    // A new authorization starts a new family; regenerating the secret ends it.
    const third = await issue(plugin);
    assert.equal((await readRecords(third.accessToken)).status, 200);
    const regenerated = await call(server, 'POST', `/api/plugin/${plugin.id}/regenerate-secret`, { cookie: ann.cookie });
    assert.equal(regenerated.status, 201, regenerated.text);
    assert.deepEqual(Object.keys(regenerated.body).sort(), ['id', 'secret']);
    assert.equal(regenerated.body.id, plugin.id);
    assert.notEqual(regenerated.body.secret, plugin.secret);
    assertError(await readRecords(third.accessToken), 401, 'token_revoked');
    const stale = await authCode(plugin.id);
    assertError(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: SCOPES, authCode: stale }), 400, 'invalid_client');
    plugin = { id: plugin.id, secret: regenerated.body.secret };
    const fourth = await issue(plugin);
    assert.equal((await readRecords(fourth.accessToken)).status, 200);

    // Uninstalled: its tokens for the base die and it can no longer be authorized there.
    const removed = await uninstall(plugin.id);
    assert.equal(removed.status, 200, removed.text);
    assertError(await readRecords(fourth.accessToken), 401, 'token_revoked');
    assertError(await refresh(plugin.id, { refreshToken: fourth.refreshToken, secret: plugin.secret }), 400, 'invalid_grant');
    assertError(await authorize(plugin.id, annWs.baseId), 404, 'not_found');
  });

  describe('registration and management', () => {
    it('registers a plugin owned by the caller and shows its secret once, with status "developing"', async () => {
      const reply = await registerReply(ann, {
        name: 'Gantt',
        description: 'a timeline',
        logo: 'https://example.com/logo.png',
        url: 'https://example.com/gantt',
        positions: ['dashboard', 'panel'],
        scopes: ['record|read', 'table|read'],
      });
      assert.equal(reply.status, 201, reply.text);
      for (const key of Object.keys(reply.body)) assert.ok(CREATE_KEYS.includes(key), `unexpected field ${key}`);
      assert.match(reply.body.id, /^plg[0-9A-Za-z]+$/);
      assert.equal(reply.body.name, 'Gantt');
      assert.equal(reply.body.description, 'a timeline');
      assert.equal(reply.body.logo, 'https://example.com/logo.png');
      assert.equal(reply.body.url, 'https://example.com/gantt');
      assert.deepEqual(reply.body.positions, ['dashboard', 'panel']);
      assert.deepEqual(reply.body.scopes, ['record|read', 'table|read']);
      assert.equal(reply.body.status, 'developing');
      assert.match(reply.body.secret, /^tess_pls_[0-9A-Za-z]{49}$/);
      assert.ok(!Number.isNaN(Date.parse(reply.body.createdTime)));

      const got = await call(server, 'GET', `/api/plugin/${reply.body.id}`, { cookie: ann.cookie });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.body.secret, MASKED);
      assert.ok(!got.text.includes(randomPart(reply.body.secret)), 'a read shows the secret');
    });

    it('omits the optional fields that are not set and answers positions and scopes', async () => {
      const reply = await registerReply(ann, { name: 'Bare', scopes: ['record|read'] });
      assert.equal(reply.status, 201, reply.text);
      for (const key of ['description', 'logo', 'url']) assert.equal(key in reply.body, false, key);
      for (const [key, value] of Object.entries(reply.body)) assert.notEqual(value, null, key);
      assert.ok(Array.isArray(reply.body.positions));
      assert.deepEqual(reply.body.scopes, ['record|read']);
    });

    it('refuses registration with a bearer token (403 restricted_resource) and without a credential (401)', async () => {
      const pat = await createToken(server, ann, { scopes: SCOPES, hasFullAccess: true });
      assertError(await registerReply({ token: pat.token }, { name: 'By token', scopes: ['record|read'] }), 403, 'restricted_resource');
      const anonymous = await call(server, 'POST', '/api/plugin', { body: { name: 'Nobody', scopes: ['record|read'] } });
      assert.equal(anonymous.status, 401, anonymous.text);
      const list = await call(server, 'GET', '/api/plugin', { cookie: ann.cookie });
      assert.ok(!list.body.some((p: Json) => p.name === 'By token' || p.name === 'Nobody'), 'a refused registration created a plugin');
    });

    it('refuses scopes a plugin may not hold, or none, naming scopes', async () => {
      for (const scopes of [[], ['space|read'], ['space|create'], ['base|create'], ['base|delete'], ['record|read', 'space|update'], ['record|fly']]) {
        assertInvalid(await registerReply(ann, { name: 'Greedy', scopes }), 'scopes', JSON.stringify(scopes));
      }
      assertInvalid(await registerReply(ann, { name: 'No scopes' }), 'scopes', 'scopes missing');
    });

    it('refuses a registration without a name', async () => {
      assertInvalid(await registerReply(ann, { scopes: ['record|read'] }), 'name');
    });

    it("lists the caller's plugins and nobody else's, each with an i18n object and without secrets", async () => {
      const mine = await register(ann, { name: 'Ann listed' });
      const theirs = await register(carol, { name: 'Carol listed' });
      const annList = await call(server, 'GET', '/api/plugin', { cookie: ann.cookie });
      assert.equal(annList.status, 200, annList.text);
      assert.ok(Array.isArray(annList.body));
      const ids = annList.body.map((p: Json) => p.id);
      assert.ok(ids.includes(mine.id), 'ann does not see her plugin');
      assert.ok(!ids.includes(theirs.id), "ann sees carol's plugin");
      for (const item of annList.body) {
        assert.equal(typeof item.i18n, 'object', `${item.id} has no i18n object`);
        assert.notEqual(item.i18n, null);
        assert.equal(typeof item.lastModifiedTime, 'string');
      }
      assert.ok(!annList.text.includes(randomPart(mine.secret)), 'the list shows a secret');
      const listed = annList.body.find((p: Json) => p.id === mine.id);
      assert.equal(listed.name, 'Ann listed');
      assert.equal(listed.status, 'developing');
      const carolList = await call(server, 'GET', '/api/plugin', { cookie: carol.cookie });
      assert.deepEqual(carolList.body.map((p: Json) => p.id), [theirs.id]);
    });

    it('reads one plugin with lastModifiedTime and the secret masked', async () => {
      const created = await registerReply(ann, { name: 'Readable', description: 'd', scopes: ['table|read'] });
      const got = await call(server, 'GET', `/api/plugin/${created.body.id}`, { cookie: ann.cookie });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.body.id, created.body.id);
      assert.equal(got.body.name, 'Readable');
      assert.equal(got.body.description, 'd');
      assert.deepEqual(got.body.scopes, ['table|read']);
      assert.equal(got.body.status, 'developing');
      assert.equal(got.body.createdTime, created.body.createdTime);
      assert.ok(!Number.isNaN(Date.parse(got.body.lastModifiedTime)));
      assert.equal(got.body.secret, MASKED);
    });

    it('changes the given fields with PUT and with PATCH, keeping the others', async () => {
      const plugin = await register(ann, { name: 'Before', description: 'first', scopes: ['record|read'] });
      const put = await call(server, 'PUT', `/api/plugin/${plugin.id}`, { cookie: ann.cookie, body: { name: 'After put', url: 'https://example.com/p' } });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.body.name, 'After put');
      assert.equal(put.body.url, 'https://example.com/p');
      assert.equal(put.body.description, 'first');
      assert.equal(put.body.secret, MASKED);
      const patch = await call(server, 'PATCH', `/api/plugin/${plugin.id}`, { cookie: ann.cookie, body: { description: 'second', scopes: ['record|read', 'table|read'] } });
      assert.equal(patch.status, 200, patch.text);
      const got = await call(server, 'GET', `/api/plugin/${plugin.id}`, { cookie: ann.cookie });
      assert.equal(got.body.name, 'After put');
      assert.equal(got.body.url, 'https://example.com/p');
      assert.equal(got.body.description, 'second');
      assert.deepEqual(got.body.scopes, ['record|read', 'table|read']);
      assert.ok(Date.parse(got.body.lastModifiedTime) >= Date.parse(got.body.createdTime));
      assertInvalid(await call(server, 'PATCH', `/api/plugin/${plugin.id}`, { cookie: ann.cookie, body: { scopes: ['space|delete'] } }), 'scopes');
    });

    it("answers 404 to anyone but the owner, as for a plugin that does not exist, and changes nothing", async () => {
      const plugin = await register(ann, { name: 'Private' });
      const attempts: [string, string, unknown][] = [
        ['GET', `/api/plugin/${plugin.id}`, undefined],
        ['PUT', `/api/plugin/${plugin.id}`, { name: 'Stolen' }],
        ['PATCH', `/api/plugin/${plugin.id}`, { name: 'Stolen' }],
        ['POST', `/api/plugin/${plugin.id}/regenerate-secret`, undefined],
        ['DELETE', `/api/plugin/${plugin.id}`, undefined],
      ];
      for (const [method, path, body] of attempts) {
        const theirs = await call(server, method, path, { cookie: carol.cookie, ...(body === undefined ? {} : { body }) });
        assertError(theirs, 404, 'not_found', `${method} ${path}`);
        const missing = await call(server, method, path.replace(plugin.id, UNKNOWN_PLUGIN), { cookie: carol.cookie, ...(body === undefined ? {} : { body }) });
        assertError(missing, 404, 'not_found', `${method} missing`);
        assert.equal(theirs.body.message.replace(plugin.id, ''), missing.body.message.replace(UNKNOWN_PLUGIN, ''), 'the bodies tell existence apart');
      }
      const got = await call(server, 'GET', `/api/plugin/${plugin.id}`, { cookie: ann.cookie });
      assert.equal(got.status, 200);
      assert.equal(got.body.name, 'Private');
      // The secret was not regenerated behind the owner's back.
      await install(plugin.id);
      await issue(plugin);
    });

    it('refuses plugin management to bearer tokens, even full-access ones', async () => {
      const plugin = await register(ann);
      const pat = await createToken(server, ann, { scopes: SCOPES, hasFullAccess: true });
      for (const [method, path] of [
        ['GET', '/api/plugin'],
        ['GET', `/api/plugin/${plugin.id}`],
        ['PATCH', `/api/plugin/${plugin.id}`],
        ['POST', `/api/plugin/${plugin.id}/regenerate-secret`],
        ['DELETE', `/api/plugin/${plugin.id}`],
      ] as const) {
        const reply = await call(server, method, path, { token: pat.token, ...(method === 'PATCH' ? { body: { name: 'x' } } : {}) });
        assertError(reply, 403, 'restricted_resource', `${method} ${path}`);
      }
      assert.equal((await call(server, 'GET', `/api/plugin/${plugin.id}`, { cookie: ann.cookie })).status, 200);
    });

    it('deletes a plugin: it is gone, its tokens stop working and it can no longer be authorized', async () => {
      const plugin = await installedPlugin();
      const pair = await issue(plugin);
      const code = await authCode(plugin.id);
      const reply = await call(server, 'DELETE', `/api/plugin/${plugin.id}`, { cookie: ann.cookie });
      assert.equal(reply.status, 200, reply.text);
      assertError(await call(server, 'GET', `/api/plugin/${plugin.id}`, { cookie: ann.cookie }), 404, 'not_found');
      const list = await call(server, 'GET', '/api/plugin', { cookie: ann.cookie });
      assert.ok(!list.body.some((p: Json) => p.id === plugin.id));
      assertError(await readRecords(pair.accessToken), 401, 'token_revoked');
      const refreshed = await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret });
      assert.ok(refreshed.status >= 400 && refreshed.status < 500, refreshed.text);
      const exchanged = await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: SCOPES, authCode: code });
      assert.ok(exchanged.status >= 400 && exchanged.status < 500, exchanged.text);
      assertError(await authorize(plugin.id, annWs.baseId), 404, 'not_found');
    });

    it('regenerates the secret with no body, once shown; the old one gets invalid_client everywhere', async () => {
      const plugin = await installedPlugin();
      const pair = await issue(plugin);
      const reply = await call(server, 'POST', `/api/plugin/${plugin.id}/regenerate-secret`, { cookie: ann.cookie });
      assert.equal(reply.status, 201, reply.text);
      const secret: string = reply.body.secret;
      assert.match(secret, /^tess_pls_[0-9A-Za-z]{49}$/);
      const got = await call(server, 'GET', `/api/plugin/${plugin.id}`, { cookie: ann.cookie });
      assert.equal(got.body.secret, MASKED);
      assert.ok(!got.text.includes(randomPart(secret)));

      assertError(await readRecords(pair.accessToken), 401, 'token_revoked');
      assertError(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 400, 'invalid_client');
      // The new secret cannot revive a family issued under the old one.
      assertError(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret }), 400, 'invalid_grant');
      const code = await authCode(plugin.id);
      assertError(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: SCOPES, authCode: code }), 400, 'invalid_client');
      assertError(await getWithBody(server, `/api/plugin/${plugin.id}/token`, { baseId: annWs.baseId, secret: plugin.secret, scopes: SCOPES, authCode: code }), 400, 'invalid_client');
      const fresh = assertPair(await exchange(plugin.id, { baseId: annWs.baseId, secret, scopes: SCOPES, authCode: code }), 201);
      assert.equal((await readRecords(fresh.accessToken)).status, 200);
    });

    it('narrowing the registered scopes ends the tokens issued under the wider ones', async () => {
      const plugin = await installedPlugin();
      const pair = await issue(plugin, ['record|read', 'record|create']);
      const reply = await call(server, 'PATCH', `/api/plugin/${plugin.id}`, { cookie: ann.cookie, body: { scopes: ['record|read'] } });
      assert.equal(reply.status, 200, reply.text);
      assertError(await createRecord(pair.accessToken), 401, 'token_revoked');
      assertError(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 400, 'invalid_grant');
      const code = await authCode(plugin.id);
      assertInvalid(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: ['record|create'], authCode: code }), 'scopes');
    });

    it('keeps only digests: no secret, code or token appears anywhere in the store', async () => {
      const plugin = await installedPlugin();
      const code = await authCode(plugin.id);
      const pair = assertPair(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: SCOPES, authCode: code }), 201);
      const next = assertPair(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 201);
      const secrets = [plugin.secret, code, pair.accessToken, pair.refreshToken, next.accessToken, next.refreshToken];
      const tables = ['plugins', 'plugin_installs', 'plugin_auth_codes', 'plugin_grants', 'plugin_refresh_tokens', 'access_tokens'];
      for (const table of tables) {
        const rows = await sql`select * from ${sql.table(table)}`.execute(server.store.db);
        const dump = JSON.stringify(rows.rows);
        for (const secret of secrets) assert.ok(!dump.includes(randomPart(secret)), `${secret.slice(0, 8)} found in ${table}`);
      }
      const row = await server.store.db.selectFrom('plugins').select('secret_digest').where('id', '=', plugin.id).executeTakeFirstOrThrow();
      assert.equal(row.secret_digest, digest(plugin.secret));
    });

    it('never writes a plugin secret, code or token to the log', async () => {
      const plugin = await installedPlugin();
      const code = await authCode(plugin.id);
      const pair = assertPair(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: SCOPES, authCode: code }), 201);
      await readRecords(pair.accessToken);
      const next = assertPair(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 201);
      await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret });
      const logs = server.logs();
      assert.ok(logs.length > 0);
      for (const secret of [plugin.secret, code, pair.accessToken, pair.refreshToken, next.accessToken, next.refreshToken]) {
        assert.ok(!logs.includes(randomPart(secret)), `${secret.slice(0, 8)} reached the log`);
      }
    });
  });

  describe('installing in a base', () => {
    it('installs one’s plugin where one may update the base, and it can then be authorized there', async () => {
      const plugin = await register(ann);
      assertError(await authorize(plugin.id, annWs.baseId), 404, 'not_found', 'before install');
      const reply = await installReply(ann, annWs.baseId, plugin.id);
      assert.equal(reply.status, 201, reply.text);
      await authCode(plugin.id);
    });

    it('refuses a viewer of the base (403), a stranger to it (404) and a token without base|update (403)', async () => {
      const bobs = await register(bob);
      assertError(await installReply(bob, annWs.baseId, bobs.id), 403, 'restricted_resource', 'viewer');
      const carols = await register(carol);
      assertError(await installReply(carol, annWs.baseId, carols.id), 404, 'not_found', 'stranger');
      const annPlugin = await register(ann);
      const pat = await createToken(server, ann, { scopes: ['base|read'], hasFullAccess: true });
      assertError(await installReply({ token: pat.token }, annWs.baseId, annPlugin.id), 403, 'restricted_resource', 'token');
      assertError(await installReply(ann, 'bseDoesNotExist00000', annPlugin.id), 404, 'not_found', 'no such base');
      for (const plugin of [bobs, carols, annPlugin]) assertError(await authorize(plugin.id, annWs.baseId), 404, 'not_found', 'installed after all');
    });

    it('lets a token with base|update on the base install its owner’s plugin', async () => {
      const plugin = await register(ann);
      const pat = await createToken(server, ann, { scopes: ['base|read', 'base|update'], baseIds: [annWs.baseId] });
      const reply = await installReply({ token: pat.token }, annWs.baseId, plugin.id);
      assert.equal(reply.status, 201, reply.text);
      await authCode(plugin.id);
    });

    it("refuses to install someone else's plugin or one that does not exist", async () => {
      const carols = await register(carol);
      const reply = await installReply(ann, annWs.baseId, carols.id);
      assert.ok(reply.status === 400 || reply.status === 404, reply.text);
      assertError(await authorize(carols.id, annWs.baseId), 404, 'not_found');
      const missing = await installReply(ann, annWs.baseId, UNKNOWN_PLUGIN);
      assert.ok(missing.status === 400 || missing.status === 404, missing.text);
    });

    it('refuses to install the same plugin twice in a base (409)', async () => {
      const plugin = await installedPlugin();
      assertError(await installReply(ann, annWs.baseId, plugin.id), 409, 'conflict');
    });

    it('uninstalls: the tokens for that base die, those for another base live on', async () => {
      const plugin = await installedPlugin([annWs.baseId, annBase2.baseId]);
      const here = await issue(plugin, SCOPES, annWs.baseId);
      const there = await issue(plugin, SCOPES, annBase2.baseId);
      const pending = await authCode(plugin.id, annWs.baseId);
      const reply = await uninstall(plugin.id, annWs.baseId);
      assert.equal(reply.status, 200, reply.text);

      assertError(await readRecords(here.accessToken), 401, 'token_revoked');
      assertError(await refresh(plugin.id, { refreshToken: here.refreshToken, secret: plugin.secret }), 400, 'invalid_grant');
      assertError(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: SCOPES, authCode: pending }), 404, 'not_found');
      assertError(await authorize(plugin.id, annWs.baseId), 404, 'not_found');

      assert.equal((await readRecords(there.accessToken, annBase2.tableId)).status, 200);
      assertPair(await refresh(plugin.id, { refreshToken: there.refreshToken, secret: plugin.secret }), 201);
    });

    it('refuses to uninstall for a viewer or a stranger, and answers 404 for a plugin not installed', async () => {
      const plugin = await installedPlugin();
      const pair = await issue(plugin);
      assertError(await uninstall(plugin.id, annWs.baseId, bob), 403, 'restricted_resource');
      assertError(await uninstall(plugin.id, annWs.baseId, carol), 404, 'not_found');
      assert.equal((await readRecords(pair.accessToken)).status, 200, 'a refused uninstall revoked the tokens');
      assertError(await uninstall(plugin.id, annBase2.baseId), 404, 'not_found');
      assert.equal((await uninstall(plugin.id)).status, 200);
      assertError(await uninstall(plugin.id), 404, 'not_found', 'twice');
    });
  });

  describe('authorization codes', () => {
    let plugin: Plugin;
    before(async () => {
      plugin = await installedPlugin([annWs.baseId, annBase2.baseId]);
    });

    it('answers 201 with the code as a raw text/plain string', async () => {
      const reply = await authorize(plugin.id, annWs.baseId);
      assert.equal(reply.status, 201, reply.text);
      assert.match(reply.headers.get('content-type') ?? '', /^text\/plain/);
      assert.match(reply.text, /^tess_plc_[0-9A-Za-z]{49}$/);
      const again = await authorize(plugin.id, annWs.baseId);
      assert.notEqual(again.text, reply.text, 'two authorizations share a code');
    });

    it('lets a viewer of the base authorize the plugin', async () => {
      await authCode(plugin.id, annWs.baseId, bob);
    });

    it('answers 404 for a base the user cannot see, a plugin not installed there, or no plugin', async () => {
      assertError(await authorize(plugin.id, annWs.baseId, carol), 404, 'not_found', 'stranger');
      assertError(await authorize(plugin.id, annWs2.baseId), 404, 'not_found', 'not installed');
      assertError(await authorize(UNKNOWN_PLUGIN, annWs.baseId), 404, 'not_found', 'no plugin');
      assertError(await authorize(plugin.id, 'bseDoesNotExist00000'), 404, 'not_found', 'no base');
    });

    it('needs a credential', async () => {
      const reply = await call(server, 'POST', `/api/plugin/${plugin.id}/authCode`, { body: { baseId: annWs.baseId } });
      assert.equal(reply.status, 401, reply.text);
    });

    it('accepts a token with base|read on the base, and refuses one without it or confined elsewhere (403)', async () => {
      const onBase = await createToken(server, ann, { scopes: ['base|read', 'record|read'], baseIds: [annWs.baseId] });
      const code = await authCode(plugin.id, annWs.baseId, { token: onBase.token });
      assertPair(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: ['record|read'], authCode: code }), 201);
      // A grant never exceeds the token that authorized it: base|read alone cannot hand out record|read.
      const readBaseOnly = await createToken(server, ann, { scopes: ['base|read'], baseIds: [annWs.baseId] });
      const narrow = await authCode(plugin.id, annWs.baseId, { token: readBaseOnly.token });
      assertError(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: ['record|read'], authCode: narrow }), 400, 'invalid_grant', 'beyond the authorizing token');
      const noScope = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
      assertError(await authorize(plugin.id, annWs.baseId, { token: noScope.token }), 403, 'restricted_resource', 'no base|read');
      const elsewhere = await createToken(server, ann, { scopes: ['base|read'], baseIds: [annBase2.baseId] });
      assertError(await authorize(plugin.id, annWs.baseId, { token: elsewhere.token }), 403, 'restricted_resource', 'other base');
    });

    it('binds a grant a token authorized to that token: deleted, its grant refreshes no more and its access tokens are refused', async () => {
      const authorizer = await createToken(server, ann, { scopes: ['base|read', 'record|read'], baseIds: [annWs.baseId] });
      const code = await authCode(plugin.id, annWs.baseId, { token: authorizer.token as string });
      const pair = assertPair(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: ['base|read', 'record|read'], authCode: code }), 201);
      const spare = assertPair(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 201);
      // A base access token (SeaTable) from one of the grant's access tokens.
      const base = await dtableOf(server.store.db, annWs);
      const minted = await call(server, 'GET', `/api/v2.1/workspace/${base.workspaceId}/dtable/${encodeURIComponent(base.name)}/access-token/`, { token: pair.accessToken });
      assert.equal(minted.status, 200, minted.text);
      const rows = (): Promise<Reply<Json>> => call(server, 'GET', `/dtable-server/api/v1/dtables/${base.uuid}/rows/?table_name=Tasks`, { headers: { authorization: `Token ${minted.body.access_token as string}` } });
      assert.equal((await rows()).status, 200);
      assert.equal((await call(server, 'DELETE', `/api/access-token/${authorizer.id as string}`, { cookie: ann.cookie })).status, 200);
      assertError(await readRecords(spare.accessToken), 401, 'token_revoked', 'an access token of the grant, never used before');
      assert.equal((await rows()).status, 401, 'the base access token it gave');
      assertError(await refresh(plugin.id, { refreshToken: spare.refreshToken, secret: plugin.secret }), 400, 'invalid_grant', 'a refresh');
      const introspected = await call(server, 'POST', '/oauth/introspect', { headers: { authorization: `Basic ${Buffer.from(`${plugin.id}:${plugin.secret}`).toString('base64')}` }, body: { token: spare.accessToken } });
      assert.deepEqual(introspected.body, { active: false }, 'introspection');
    });

    it('ends a grant a token authorized when that token expires', async () => {
      const authorizer = await createToken(server, ann, { scopes: ['base|read', 'record|read'], baseIds: [annWs.baseId] });
      const code = await authCode(plugin.id, annWs.baseId, { token: authorizer.token as string });
      const pair = assertPair(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: ['record|read'], authCode: code }), 201);
      await server.store.db.updateTable('access_tokens').set({ expired_time: PAST }).where('id', '=', authorizer.id as string).execute();
      assert.equal((await readRecords(pair.accessToken)).status, 401, 'its access token, never used before');
      assertError(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 400, 'invalid_grant', 'a refresh');
      const bySession = assertPair(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: ['record|read'], authCode: await authCode(plugin.id) }), 201);
      assert.equal((await readRecords(bySession.accessToken)).status, 200, 'a grant a person made is bound to no token');
    });

    it('refuses a plugin access token, which cannot authorize plugins (403)', async () => {
      const pair = await issue(plugin, ['base|read', 'record|read']);
      assertError(await authorize(plugin.id, annWs.baseId, { token: pair.accessToken }), 403, 'restricted_resource');
    });

    it('refuses the PKCE plain method, stated or implied, and a malformed challenge', async () => {
      const { challenge } = pkce();
      assertInvalid(await authorize(plugin.id, annWs.baseId, ann, { codeChallenge: challenge, codeChallengeMethod: 'plain' }), 'codeChallengeMethod', 'plain');
      assertInvalid(await authorize(plugin.id, annWs.baseId, ann, { codeChallenge: challenge }), 'codeChallengeMethod', 'implied');
      assertInvalid(await authorize(plugin.id, annWs.baseId, ann, { codeChallenge: 'short', codeChallengeMethod: 'S256' }), 'codeChallenge', 'malformed');
    });

    it('refuses a code after its 5 minutes', async () => {
      const code = await authCode(plugin.id);
      const row = await server.store.db.selectFrom('plugin_auth_codes').selectAll().where('code_digest', '=', digest(code)).executeTakeFirstOrThrow();
      const lifetime = Date.parse(row.expires_time) - Date.parse(row.created_time);
      assert.ok(lifetime > 0 && lifetime <= 300_000, `a code lives ${lifetime} ms`);
      await server.store.db.updateTable('plugin_auth_codes').set({ expires_time: PAST }).where('code_digest', '=', digest(code)).execute();
      assertError(await exchange(plugin.id, { baseId: annWs.baseId, secret: plugin.secret, scopes: SCOPES, authCode: code }), 400, 'invalid_grant');
    });
  });

  describe('exchanging a code for tokens', () => {
    let plugin: Plugin;
    let other: Plugin;
    const body = (code: string, extra: Record<string, unknown> = {}) => ({ baseId: annWs.baseId, secret: plugin.secret, scopes: SCOPES, authCode: code, ...extra });

    before(async () => {
      plugin = await installedPlugin([annWs.baseId, annBase2.baseId]);
      other = await installedPlugin([annWs.baseId]);
    });

    it('answers 201 to POST with the pair, the scopes and the lifetimes', async () => {
      const pair = assertPair(await exchange(plugin.id, body(await authCode(plugin.id), { scopes: ['record|read', 'table|read'] })), 201);
      assert.deepEqual([...pair.scopes].sort(), ['record|read', 'table|read']);
      assert.equal((await readRecords(pair.accessToken)).status, 200);
    });

    it('answers 200 to GET with the body seed 002 documents', async () => {
      const reply = await getWithBody(server, `/api/plugin/${plugin.id}/token`, body(await authCode(plugin.id)));
      const pair = assertPair(reply, 200);
      assert.equal((await readRecords(pair.accessToken)).status, 200);
      assertPair(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 201);
    });

    it('refuses a GET whose body is missing a field, naming it', async () => {
      const { authCode: _omitted, ...rest } = body(await authCode(plugin.id));
      assertInvalid(await getWithBody(server, `/api/plugin/${plugin.id}/token`, rest), 'authCode');
    });

    it('gives the access token 10 minutes and the refresh token 30 days', async () => {
      const pair = await issue(plugin);
      const access = await server.store.db.selectFrom('access_tokens').selectAll().where('secret_digest', '=', digest(pair.accessToken)).executeTakeFirstOrThrow();
      assert.equal(Date.parse(access.expired_time) - Date.parse(access.created_time), 600_000);
      const refreshRow = await server.store.db.selectFrom('plugin_refresh_tokens').selectAll().where('secret_digest', '=', digest(pair.refreshToken)).executeTakeFirstOrThrow();
      assert.equal(Date.parse(refreshRow.expires_time) - Date.parse(refreshRow.created_time), 2_592_000_000);
    });

    it('refuses a wrong secret with 400 invalid_client, issuing nothing and leaving the code usable', async () => {
      const code = await authCode(plugin.id);
      const before = await server.store.db.selectFrom('access_tokens').select('id').where('kind', '=', 'plugin_access_token').execute();
      assertError(await exchange(plugin.id, body(code, { secret: other.secret })), 400, 'invalid_client', "another plugin's secret");
      assertError(await exchange(plugin.id, body(code, { secret: 'not-a-secret' })), 400, 'invalid_client', 'garbage');
      const forged = `${plugin.secret.slice(0, -7)}${plugin.secret.at(-7) === 'a' ? 'b' : 'a'}${plugin.secret.slice(-6)}`;
      assertError(await exchange(plugin.id, body(code, { secret: forged })), 400, 'invalid_client', 'altered');
      const afterwards = await server.store.db.selectFrom('access_tokens').select('id').where('kind', '=', 'plugin_access_token').execute();
      assert.equal(afterwards.length, before.length, 'a refused exchange issued a token');
      assertPair(await exchange(plugin.id, body(code)), 201);
    });

    it('answers 404 for a base where the plugin is not installed, and for no plugin', async () => {
      const code = await authCode(plugin.id);
      assertError(await exchange(plugin.id, body(code, { baseId: annWs2.baseId })), 404, 'not_found', 'not installed');
      assertError(await exchange(UNKNOWN_PLUGIN, body(code)), 404, 'not_found', 'no plugin');
    });

    it('uses a code at most once', async () => {
      const code = await authCode(plugin.id);
      const first = assertPair(await exchange(plugin.id, body(code)), 201);
      assertError(await exchange(plugin.id, body(code)), 400, 'invalid_grant', 'second use');
      assert.equal((await readRecords(first.accessToken)).status, 200);
    });

    it('gives one pair and refusals when one code is exchanged by simultaneous requests', async () => {
      for (let round = 0; round < 3; round++) {
        const code = await authCode(plugin.id);
        const replies = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            i % 2 === 0 ? exchange(plugin.id, body(code)) : getWithBody(server, `/api/plugin/${plugin.id}/token`, body(code)),
          ),
        );
        const won = replies.filter((r) => r.status === 200 || r.status === 201);
        assert.equal(won.length, 1, `round ${round}: ${replies.map((r) => r.status).join(',')}`);
        for (const lost of replies.filter((r) => r !== won[0])) assertError(lost, 400, 'invalid_grant', `round ${round}`);
        const pair = won[0]!.body as Pair;
        assert.equal((await readRecords(pair.accessToken)).status, 200, 'the winning pair does not work');
      }
    });

    it('refuses and burns a code issued for another plugin', async () => {
      const code = await authCode(plugin.id);
      assertError(await exchange(other.id, { ...body(code), secret: other.secret }), 400, 'invalid_grant', 'other plugin');
      assertError(await exchange(plugin.id, body(code)), 400, 'invalid_grant', 'later correct use');
    });

    it('refuses and burns a code issued for another base', async () => {
      const code = await authCode(plugin.id, annWs.baseId);
      assertError(await exchange(plugin.id, body(code, { baseId: annBase2.baseId })), 400, 'invalid_grant', 'other base');
      assertError(await exchange(plugin.id, body(code)), 400, 'invalid_grant', 'later correct use');
    });

    it('refuses a malformed or unknown code, or another kind of secret, as invalid_grant', async () => {
      const pair = await issue(plugin);
      for (const authCode of ['nonsense', `tess_plc_${'a'.repeat(49)}`, pair.refreshToken, pair.accessToken]) {
        assertError(await exchange(plugin.id, body(authCode)), 400, 'invalid_grant', authCode.slice(0, 12));
      }
    });

    it('refuses requested scopes that are empty, not base-level or not registered, naming scopes', async () => {
      const narrow = await installedPlugin([annWs.baseId], { scopes: ['record|read', 'table|read'] });
      for (const scopes of [[], ['space|read'], ['space|create'], ['base|create'], ['base|delete'], ['record|read', 'space|delete'], ['record|create'], ['record|fly']]) {
        const code = await authCode(narrow.id);
        assertInvalid(await exchange(narrow.id, { baseId: annWs.baseId, secret: narrow.secret, scopes, authCode: code }), 'scopes', JSON.stringify(scopes));
      }
      const code = await authCode(narrow.id);
      const pair = assertPair(await exchange(narrow.id, { baseId: annWs.baseId, secret: narrow.secret, scopes: ['record|read'], authCode: code }), 201);
      assert.deepEqual(pair.scopes, ['record|read']);
    });

    it('with PKCE S256, issues only for the matching verifier', async () => {
      const { verifier, challenge } = pkce();
      const code = await authCode(plugin.id, annWs.baseId, ann, { codeChallenge: challenge, codeChallengeMethod: 'S256' });
      assertPair(await exchange(plugin.id, body(code, { codeVerifier: verifier })), 201);

      const missing = await authCode(plugin.id, annWs.baseId, ann, { codeChallenge: challenge, codeChallengeMethod: 'S256' });
      assertError(await exchange(plugin.id, body(missing)), 400, 'invalid_grant', 'no verifier');
      const wrong = await authCode(plugin.id, annWs.baseId, ann, { codeChallenge: challenge, codeChallengeMethod: 'S256' });
      assertError(await exchange(plugin.id, body(wrong, { codeVerifier: pkce().verifier })), 400, 'invalid_grant', 'wrong verifier');
      const asPlain = await authCode(plugin.id, annWs.baseId, ann, { codeChallenge: challenge, codeChallengeMethod: 'S256' });
      assertError(await exchange(plugin.id, body(asPlain, { codeVerifier: challenge })), 400, 'invalid_grant', 'the challenge as verifier');
    });
  });

  describe('what a plugin token may do', () => {
    let plugin: Plugin;
    before(async () => {
      plugin = await installedPlugin([annWs.baseId, annBase2.baseId]);
    });

    it('acts with its requested scopes only, even for the base owner', async () => {
      const pair = await issue(plugin, ['record|read']);
      assert.equal((await readRecords(pair.accessToken)).status, 200);
      assertError(await createRecord(pair.accessToken), 403, 'restricted_resource', 'record|create not requested');
      assertError(await call(server, 'GET', `/api/base/${annWs.baseId}`, { token: pair.accessToken }), 403, 'restricted_resource', 'base|read not requested');
    });

    it("acts within the authorizing user's role: a viewer's authorization cannot write", async () => {
      const pair = await issue(plugin, SCOPES, annWs.baseId, bob);
      assert.deepEqual([...pair.scopes].sort(), [...SCOPES].sort());
      assert.equal((await readRecords(pair.accessToken)).status, 200);
      assertError(await createRecord(pair.accessToken), 403, 'restricted_resource', 'viewer write');
      const owners = await issue(plugin, SCOPES, annWs.baseId, ann);
      assert.equal((await createRecord(owners.accessToken)).status, 201, 'the owner’s authorization cannot write');
    });

    it('follows the authorizing user’s role at the time of each request', async () => {
      const dave = await signUp(server);
      const add = await call(server, 'POST', `/api/space/${annWs.spaceId}/collaborator`, {
        cookie: ann.cookie,
        body: { collaborators: [{ principalId: dave.id, principalType: 'user' }], role: 'editor' },
      });
      assert.equal(add.status, 201, add.text);
      const pair = await issue(plugin, SCOPES, annWs.baseId, dave);
      assert.equal((await createRecord(pair.accessToken)).status, 201);
      const removed = await call(server, 'DELETE', `/api/space/${annWs.spaceId}/collaborators?principalId=${dave.id}&principalType=user`, { cookie: ann.cookie });
      assert.equal(removed.status, 200, removed.text);
      assertError(await readRecords(pair.accessToken), 404, 'not_found');
    });

    it('reaches its one base only: another base of the same user is 403', async () => {
      const pair = await issue(plugin, SCOPES, annWs.baseId);
      assert.equal((await readRecords(pair.accessToken)).status, 200);
      assertError(await readRecords(pair.accessToken, annBase2.tableId), 403, 'restricted_resource', 'same space, other base');
      assertError(await readRecords(pair.accessToken, annWs2.tableId), 403, 'restricted_resource', 'other space');
      assertError(await createRecord(pair.accessToken, annBase2.tableId), 403, 'restricted_resource', 'write elsewhere');
      assertError(await call(server, 'GET', `/api/base/${annWs2.baseId}`, { token: pair.accessToken }), 403, 'restricted_resource', 'other base read');
      assertError(await call(server, 'GET', `/api/space/${annWs.spaceId}`, { token: pair.accessToken }), 403, 'restricted_resource', 'the space');
    });

    it('never appears in the personal token lists and cannot manage tokens or plugins', async () => {
      const pair = await issue(plugin);
      const row = await server.store.db.selectFrom('access_tokens').select(['id', 'num']).where('secret_digest', '=', digest(pair.accessToken)).executeTakeFirstOrThrow();
      const list = await call(server, 'GET', '/api/access-token', { cookie: ann.cookie });
      assert.equal(list.status, 200);
      assert.ok(!list.body.some((t: Json) => t.id === row.id || String(t.name).startsWith('plugin ')), 'a plugin token is listed');
      const awx = await call(server, 'GET', '/api/v2/tokens/?page_size=200', {
        headers: { authorization: `Basic ${Buffer.from(`${ann.email}:passw0rd-test`).toString('base64')}` },
      });
      assert.equal(awx.status, 200, awx.text);
      assert.ok(!awx.body.results.some((t: Json) => t.id === row.num), 'a plugin token is listed among the AWX tokens');
      assertError(await call(server, 'GET', `/api/access-token/${row.id}`, { cookie: ann.cookie }), 404, 'not_found', 'read as a personal token');
      assertError(await call(server, 'DELETE', `/api/access-token/${row.id}`, { cookie: ann.cookie }), 404, 'not_found', 'deleted as a personal token');
      assert.equal((await readRecords(pair.accessToken)).status, 200, 'the personal-token delete reached the plugin token');

      assertError(await call(server, 'GET', '/api/access-token', { token: pair.accessToken }), 403, 'restricted_resource', 'list tokens');
      const create = await call(server, 'POST', '/api/access-token', {
        token: pair.accessToken,
        body: { name: 'escalate', scopes: ['record|read'], hasFullAccess: true, expiredTime: '2099-01-01' },
      });
      assertError(create, 403, 'restricted_resource', 'create a token');
      assertError(await registerReply({ token: pair.accessToken }, { name: 'child', scopes: ['record|read'] }), 403, 'restricted_resource', 'register a plugin');
      assertError(await call(server, 'POST', `/api/plugin/${plugin.id}/regenerate-secret`, { token: pair.accessToken }), 403, 'restricted_resource', 'regenerate');
    });

    it('stops working once expired (401 token_expired)', async () => {
      const pair = await issue(plugin);
      await server.store.db.updateTable('access_tokens').set({ expired_time: PAST }).where('secret_digest', '=', digest(pair.accessToken)).execute();
      assertError(await readRecords(pair.accessToken), 401, 'token_expired');
    });
  });

  describe('revocation racing with issuance', () => {
    /**
     * PostgreSQL: holds `table` in SHARE mode from a connection of the test's own, so that an
     * exchange stalls in the middle of issuing (after checking the secret and the install), runs
     * `revoke` meanwhile, then lets the exchange finish. SQLite: fires the revocation together with
     * a burst of exchanges. Either way, nothing issued under what was revoked may work afterwards.
     */
    const race = async (label: string, table: string, revoke: (plugin: Plugin) => Promise<Reply<Json>>): Promise<void> => {
      const plugin = await installedPlugin();
      const body = (code: string) => ({ baseId: annWs.baseId, secret: plugin.secret, scopes: SCOPES, authCode: code });
      let revoked: Reply<Json>;
      let replies: Reply<Json>[];
      if (storeKind === 'postgres') {
        const code = await authCode(plugin.id);
        const holder = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await holder.connect();
        const relation = `"${server.store.schema}"."${table}"`;
        try {
          await holder.query('BEGIN');
          await holder.query(`LOCK TABLE ${relation} IN SHARE MODE`);
          const exchanging = exchange(plugin.id, body(code));
          // Until the exchange waits for the held table.
          for (let i = 0; ; i++) {
            const result = await holder.query<{ n: string }>('SELECT count(*) AS n FROM pg_locks WHERE relation = $1::regclass AND NOT granted', [relation]);
            if (Number(result.rows[0]?.n) > 0) break;
            if (i === 200) assert.fail(`${label}: the exchange never reached ${table}`);
            await sleep(10);
          }
          const revoking = revoke(plugin);
          // The revocation either completes or queues behind the held table too.
          await Promise.race([revoking, sleep(300)]);
          await holder.query('COMMIT');
          [revoked, ...replies] = await Promise.all([revoking, exchanging]);
        } finally {
          await holder.end();
        }
      } else {
        const codes: string[] = [];
        for (let i = 0; i < 8; i++) codes.push(await authCode(plugin.id));
        [revoked, ...replies] = await Promise.all([revoke(plugin), ...codes.map((code) => exchange(plugin.id, body(code)))]);
      }
      assert.ok(revoked.status === 200 || revoked.status === 201, `${label}: ${revoked.text}`);
      for (const reply of replies) {
        assert.ok(reply.status === 201 || (reply.status >= 400 && reply.status < 500), `${label}: an exchange answered ${reply.status} ${reply.text}`);
        if (reply.status !== 201) continue;
        const pair = reply.body as Pair;
        const used = await readRecords(pair.accessToken);
        assert.equal(used.status, 401, `${label}: a token issued while it was being revoked still works (${used.status})`);
        const refreshed = await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret });
        assert.ok(refreshed.status >= 400 && refreshed.status < 500, `${label}: its refresh token still works (${refreshed.status})`);
      }
    };

    // Where an exchange is stalled: at the code's consumption (the secret and the install checked,
    // no grant yet), inside the grant's transaction (grant written, not committed), or at the
    // access token's integer key (grant committed, access token not yet written).
    const STALLS = ['plugin_auth_codes', 'plugin_refresh_tokens', 'sequences'];

    it('regenerating the secret while an exchange under the old one is in flight leaves none of its tokens working', async () => {
      for (const table of STALLS) {
        await race(`regenerate at ${table}`, table, (plugin) => call(server, 'POST', `/api/plugin/${plugin.id}/regenerate-secret`, { cookie: ann.cookie }));
      }
    });

    it('uninstalling while an exchange is in flight leaves none of its tokens working on that base', async () => {
      for (const table of STALLS) await race(`uninstall at ${table}`, table, (plugin) => uninstall(plugin.id));
    });

    it('deleting the plugin while an exchange is in flight answers no 5xx and leaves none of its tokens working', async () => {
      for (const table of STALLS) {
        await race(`delete at ${table}`, table, (plugin) => call(server, 'DELETE', `/api/plugin/${plugin.id}`, { cookie: ann.cookie }));
      }
    });
  });

  describe('refreshing', () => {
    let plugin: Plugin;
    before(async () => {
      plugin = await installedPlugin();
    });

    it('rotates: a new pair with the same scopes, after which the spent refresh token is refused', async () => {
      const pair = await issue(plugin, ['record|read']);
      const next = assertPair(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 201);
      assert.notEqual(next.accessToken, pair.accessToken);
      assert.notEqual(next.refreshToken, pair.refreshToken);
      assert.deepEqual(next.scopes, ['record|read']);
      assert.equal((await readRecords(next.accessToken)).status, 200);
      assertError(await createRecord(next.accessToken), 403, 'restricted_resource', 'a refresh widened the scopes');
      const third = assertPair(await refresh(plugin.id, { refreshToken: next.refreshToken, secret: plugin.secret }), 201);
      assert.equal((await readRecords(third.accessToken)).status, 200);
      assertError(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 400, 'invalid_grant', 'spent');
    });

    it('revokes the whole family when a spent refresh token is presented again, and only that family', async () => {
      const family = await issue(plugin);
      const sibling = await issue(plugin);
      const second = assertPair(await refresh(plugin.id, { refreshToken: family.refreshToken, secret: plugin.secret }), 201);
      const newest = assertPair(await refresh(plugin.id, { refreshToken: second.refreshToken, secret: plugin.secret }), 201);
      assert.equal((await readRecords(newest.accessToken)).status, 200, 'the newest token works before the reuse');

      assertError(await refresh(plugin.id, { refreshToken: family.refreshToken, secret: plugin.secret }), 400, 'invalid_grant', 'reuse');
      assertError(await readRecords(newest.accessToken), 401, 'token_revoked', 'newest access');
      assertError(await readRecords(second.accessToken), 401, 'token_revoked', 'older access');
      assertError(await readRecords(family.accessToken), 401, 'token_revoked', 'first access');
      assertError(await refresh(plugin.id, { refreshToken: newest.refreshToken, secret: plugin.secret }), 400, 'invalid_grant', 'newest refresh');

      assert.equal((await readRecords(sibling.accessToken)).status, 200, 'another family was revoked');
      assertPair(await refresh(plugin.id, { refreshToken: sibling.refreshToken, secret: plugin.secret }), 201);
    });

    it('lets exactly one of several simultaneous refreshes of one token succeed', async () => {
      for (let round = 0; round < 3; round++) {
        const pair = await issue(plugin);
        const replies = await Promise.all(Array.from({ length: 8 }, () => refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret })));
        const won = replies.filter((r) => r.status === 201);
        assert.equal(won.length, 1, `round ${round}: ${replies.map((r) => r.status).join(',')}`);
        for (const lost of replies.filter((r) => r.status !== 201)) assertError(lost, 400, 'invalid_grant', `round ${round}`);
        // The losers presented a spent token: the family, the winner's new pair included, is over.
        const winner = won[0]!.body as Pair;
        assertError(await refresh(plugin.id, { refreshToken: winner.refreshToken, secret: plugin.secret }), 400, 'invalid_grant', 'the family survived a reuse');
        assertError(await readRecords(winner.accessToken), 401, 'token_revoked');
      }
    });

    it('refuses a wrong secret with invalid_client and leaves the refresh token usable', async () => {
      const other = await installedPlugin();
      const pair = await issue(plugin);
      assertError(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: other.secret }), 400, 'invalid_client', "another plugin's secret");
      assertError(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: 'wrong' }), 400, 'invalid_client', 'garbage');
      assertPair(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 201);
    });

    it("refuses another plugin's refresh token, a malformed one and another kind of secret", async () => {
      const other = await installedPlugin();
      const theirs = await issue(other);
      assertError(await refresh(plugin.id, { refreshToken: theirs.refreshToken, secret: plugin.secret }), 400, 'invalid_grant', 'foreign');
      assertPair(await refresh(other.id, { refreshToken: theirs.refreshToken, secret: other.secret }), 201);
      const mine = await issue(plugin);
      for (const refreshToken of ['garbage', `tess_plr_${'b'.repeat(49)}`, mine.accessToken, plugin.secret]) {
        assertError(await refresh(plugin.id, { refreshToken, secret: plugin.secret }), 400, 'invalid_grant', refreshToken.slice(0, 12));
      }
      assertError(await refresh(UNKNOWN_PLUGIN, { refreshToken: mine.refreshToken, secret: plugin.secret }), 404, 'not_found', 'no plugin');
    });

    it('refuses an expired refresh token', async () => {
      const pair = await issue(plugin);
      await server.store.db.updateTable('plugin_refresh_tokens').set({ expires_time: PAST }).where('secret_digest', '=', digest(pair.refreshToken)).execute();
      assertError(await refresh(plugin.id, { refreshToken: pair.refreshToken, secret: plugin.secret }), 400, 'invalid_grant');
    });

    it('refuses a body without the refresh token, naming it', async () => {
      assertInvalid(await refresh(plugin.id, { secret: plugin.secret }), 'refreshToken');
    });
  });
});

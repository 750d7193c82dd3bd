// No secret ever reaches a log line, a table of the store (audit_events included), an error body or
// the /metrics output. The suite creates one of every secret Tessera hands out (and the passwords
// it is given), throws live, revoked, expired and forged credentials at every registered route, puts
// live secrets where they do not belong (invalid bodies, query strings, a bogus header, path
// parameters), then searches the log output, every row of every table, every answer and /metrics
// for the secrets (with test/support/secret-sweep.ts).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { generateToken } from '../src/crypto/token-format.js';
import { daysFromNow, jsonOrText, type Json } from './support/client.js';
import { cells, describeSecret, ISSUED, occurrences, readTables, scrapeMetrics, secretsIn, SHORTEST_SECRET, type SecretInfo, type Table } from './support/secret-sweep.js';
import { startServer, type TestServer } from './support/server.js';

type Headers = Record<string, string>;
type Ids = Record<string, string>;

interface Answer {
  status: number;
  text: string;
  body: Json;
  setCookies: string[];
}

/** One request of the run and its answer; `label` names it without any secret. */
interface Exchange {
  label: string;
  /** `METHOD /url/:param` of a swept route, or "setup". */
  route: string;
  status: number;
  text: string;
}

interface Secret extends SecretInfo {
  /** The exchange whose answer handed it out: the only success body allowed to show it (-1: none). */
  issuedIn: number;
}

/** A space with a base "Base" holding a table "Tasks" with three records, as both families name them. */
interface Workspace {
  spaceId: string;
  baseId: string;
  tableId: string;
  recordId: string;
  /** The same record, as the data server's rowId. */
  rowId: string;
  /** Records for the data server's row deletions (v1 and v2). */
  rowV1: string;
  rowV2: string;
  workspaceId: string;
  dtableName: string;
  dtableUuid: string;
}

interface Person {
  id: string;
  email: string;
  password: string;
  cookie: string;
}

/** Body fields a valid request stores as they are (names, descriptions) or that exist to carry a secret: given none by the one-field baits. */
const STORED_AS_GIVEN = new Set(['name', 'description', 'app_name', 'url', 'source', 'icon', 'logo', 'helpUrl', 'detailDesc', 'token', 'tokens']);
/** Body fields where a password is expected, or mistyped: the only fields a password is put in unrefused. */
const PASSWORD_FIELDS = new Set(['password', 'email', 'username']);
/** Past the length limit of nearly every field (and of no GET body), so that a body carrying it in every field is refused. */
const PADDING = ` ${'x'.repeat(1100)}`;
const INSTANCE_SECRET = randomBytes(32).toString('hex');
const VALID = Symbol('the valid body of the route');

/** The routes whose success answers may hand a secret out (created, refreshed, exchanged). */
const HANDS_OUT = new Set([
  'POST /api/access-token',
  'POST /api/access-token/:id/refresh',
  'POST /api/plugin',
  'POST /api/plugin/:pluginId/regenerate-secret',
  'POST /api/plugin/:pluginId/authCode',
  'POST /api/plugin/:pluginId/token',
  'GET /api/plugin/:pluginId/token',
  'POST /api/plugin/:pluginId/refreshToken',
  'POST /api/v2/users/:id/personal_tokens/',
  'POST /api2/auth-token/',
  'GET /api/v2.1/workspace/:workspaceId/dtable/:dtableName/access-token/',
  'POST /api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/',
  'GET /api/v2.1/dtable/app-access-token/',
  'POST /api/v2.1/dtables/share-links/',
  'GET /api/v2.1/dtable/share-link-access-token/',
]);

const isDataServer = (url: string): boolean => /^\/(dtable-server|api-gateway)\//.test(url);
const SIGN_OUT = 'POST /api/auth/signout';
/** Destructive routes that must come after the other destructive ones, in this order. */
const CONTAINERS_LAST = ['DELETE /api/plugin/:pluginId', 'DELETE /api/base/:baseId/table/:tableId', 'DELETE /api/base/:baseId', 'DELETE /api/space/:spaceId', SIGN_OUT];
/** Routes that destroy what they name: swept last, on objects of their own. */
const isDestructive = (key: string): boolean => key === SIGN_OUT || key.startsWith('DELETE ') || /\/(refresh|regenerate-secret)$/.test(key);

/** Any method, with a JSON body if given (GET and DELETE included, which fetch cannot send). */
function request(server: TestServer, method: string, path: string, headers: Headers, body: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const url = new URL(server.url + path);
  const sent: Headers = { ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }), ...headers };
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ method, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: sent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, text, body: jsonOrText(text), setCookies: response.headers['set-cookie'] ?? [] });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** Every request goes through here: its answer is kept, and every secret it hands out is collected. */
class Recorder {
  readonly secrets = new Map<string, Secret>();
  readonly exchanges: Exchange[] = [];

  constructor(private readonly server: TestServer) {}

  /** A secret the test chose or received outside a body (a password, a cookie). */
  keep(kind: string, value: string): string {
    if (!this.secrets.has(value)) this.secrets.set(value, { kind, issuedIn: -1 });
    return value;
  }

  async send(route: string, label: string, method: string, path: string, options: { headers?: Headers; body?: unknown } = {}): Promise<Answer> {
    const answer = await request(this.server, method, path, options.headers ?? {}, options.body);
    const index = this.exchanges.push({ label: `${route} [${label}]`, route, status: answer.status, text: answer.text }) - 1;
    if (answer.status < 400) {
      for (const { value, kind } of secretsIn(answer.text)) {
        if (!this.secrets.has(value)) this.secrets.set(value, { kind: `${kind} from ${route === 'setup' ? label : route}`, issuedIn: index });
      }
    }
    for (const cookie of answer.setCookies) {
      const value = /^tessera_session=([^;]+)/.exec(cookie)?.[1];
      if (value) this.keep('session cookie', value);
    }
    return answer;
  }

  /** A setup request that must succeed; its body. */
  async setup(label: string, method: string, path: string, options: { headers?: Headers; body?: unknown } = {}): Promise<Answer> {
    const answer = await this.send('setup', label, method, path, options);
    assert.ok(answer.status < 300, `${label}: ${answer.status} ${answer.text}`);
    return answer;
  }
}


describe('secrets never reach a log line, a table of the store, an error body or /metrics', () => {
  let server: TestServer;
  let rec: Recorder;
  let tables: Table[];
  let metrics: string;
  const swept = new Map<string, number>();

  before(async () => {
    server = await startServer({ TESSERA_SECRET: INSTANCE_SECRET, TESSERA_RATE_LEAK_REPORTS: '1000000' });
    rec = new Recorder(server);
    rec.keep('instance secret (TESSERA_SECRET)', INSTANCE_SECRET);
    let counter = 0;
    const unique = (name: string): string => `${name}-${++counter}`;
    const newPassword = (kind: string): string => rec.keep(kind, `pw-${randomBytes(12).toString('hex')}-9`);

    // People: the first sign-up is the instance admin.
    const person = async (name: string): Promise<Person> => {
      const email = `${unique(name)}@example.com`;
      const password = newPassword('password');
      const answer = await rec.setup(`sign up ${name}`, 'POST', '/api/auth/signup', { body: { email, password, name } });
      const cookie = answer.setCookies[0]?.split(';')[0];
      assert.ok(cookie, 'sign-up set no cookie');
      return { id: answer.body.id, email, password, cookie };
    };
    const admin = await person('admin');
    const bob = await person('bob');
    const session = { cookie: admin.cookie };
    const tokenAuth = (token: string): Headers => ({ authorization: `Token ${token}` });
    const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });

    // Two workspaces: the live one every route works on, and a victim for the destructive routes.
    const workspace = async (name: string): Promise<Workspace> => {
      const space = await rec.setup('space', 'POST', '/api/space', { headers: session, body: { name } });
      const base = await rec.setup('base', 'POST', '/api/base', { headers: session, body: { spaceId: space.body.id, name: 'Base' } });
      const table = await rec.setup('table', 'POST', `/api/base/${base.body.id}/table`, {
        headers: session,
        body: { name: 'Tasks', fields: [{ name: 'Title', type: 'singleLineText' }, { name: 'Count', type: 'number' }] },
      });
      const records = await rec.setup('records', 'POST', `/api/table/${table.body.id}/record`, {
        headers: session,
        body: { records: [{ fields: { Title: 'kept' } }, { fields: { Title: 'v1 row' } }, { fields: { Title: 'v2 row' } }] },
      });
      await rec.setup('share with bob', 'POST', `/api/space/${space.body.id}/collaborator`, {
        headers: session,
        body: { collaborators: [{ principalId: bob.id, principalType: 'user' }], role: 'editor' },
      });
      const listed = (await rec.setup('workspaces', 'GET', '/api/v2.1/workspaces/', { headers: session })).body.workspace_list.find((w: Json) => w.name === name);
      const [kept, v1, v2] = records.body.records.map((r: Json) => r.id as string) as string[];
      return {
        spaceId: space.body.id,
        baseId: base.body.id,
        tableId: table.body.id,
        recordId: kept!,
        rowId: kept!,
        rowV1: v1!,
        rowV2: v2!,
        workspaceId: String(listed.id),
        dtableName: 'Base',
        dtableUuid: listed.table_list[0].uuid,
      };
    };
    const live = await workspace('Live');
    const victim = await workspace('Victim');

    // Teable personal access tokens: one with every scope, victims, a revoked one, an expired one, a refreshed one.
    const scopes = (await rec.setup('scopes', 'GET', '/api/access-token/scopes')).body.scopes as string[];
    const newPat = async (name: string, fields: Record<string, unknown> = {}): Promise<{ id: string; token: string }> =>
      (await rec.setup(`PAT ${name}`, 'POST', '/api/access-token', { headers: session, body: { name, scopes, hasFullAccess: true, expiredTime: daysFromNow(30), ...fields } })).body;
    const fullPat = (await newPat('full')).token;
    const victimPat = await newPat('victim');
    const adminVictimPat = await newPat('admin victim');
    const revokedPat = await newPat('revoked');
    await rec.setup('revoke PAT', 'DELETE', `/api/access-token/${revokedPat.id}`, { headers: session });
    const expiredPat = await newPat('expired');
    await server.store.db.updateTable('access_tokens').set({ expired_time: '2020-01-01T00:00:00.000Z' }).where('id', '=', expiredPat.id).execute();
    const refreshed = await newPat('refreshed');
    await rec.setup('refresh PAT', 'POST', `/api/access-token/${refreshed.id}/refresh`, { headers: session, body: {} });

    // AWX user personal tokens (integer ids).
    const userNum = String((await rec.setup('AWX me', 'GET', '/api/v2/me/', { headers: session })).body.results[0].id);
    const newAwx = async (scope: string): Promise<{ id: number; token: string }> =>
      (await rec.setup('AWX token', 'POST', `/api/v2/users/${userNum}/personal_tokens/`, { headers: session, body: { description: 'cli', scope } })).body;
    const awxToken = (await newAwx('write')).token;
    const awxVictim = await newAwx('read');
    const awxRevoked = await newAwx('read');
    await rec.setup('revoke AWX token', 'DELETE', `/api/v2/tokens/${awxRevoked.id}/`, { headers: session });

    // SeaTable: account tokens (one signed out), API tokens, share links (one with a password).
    const newAccountToken = async (): Promise<string> =>
      (await rec.setup('account token', 'POST', '/api2/auth-token/', { body: { username: admin.email, password: admin.password } })).body.token;
    const accountToken = await newAccountToken();
    const signedOutAccount = await newAccountToken();
    await rec.setup('sign out account token', 'POST', '/api/auth/signout', { headers: tokenAuth(signedOutAccount) });
    const dtablePath = `/api/v2.1/workspace/${live.workspaceId}/dtable/Base`;
    const newApiToken = async (app: string): Promise<string> =>
      (await rec.setup('API token', 'POST', `${dtablePath}/api-tokens/`, { headers: session, body: { app_name: app, permission: 'rw' } })).body.api_token;
    const apiToken = await newApiToken('etl');
    await newApiToken('victim-app');
    const newShareLink = async (password?: string): Promise<string> =>
      (await rec.setup('share link', 'POST', '/api/v2.1/dtables/share-links/', {
        headers: session,
        body: { workspace_id: Number(live.workspaceId), table_name: 'Base', permission: 'r', ...(password ? { password } : {}) },
      })).body.token;
    const linkPassword = newPassword('share link password');
    const shareLink = await newShareLink(linkPassword);
    const victimLink = await newShareLink();

    // Base access tokens (JWTs) by every path: account token, session, PAT, API token, share link (password in the query and in the header).
    const jwtPath = `${dtablePath}/access-token/`;
    const jwt = (await rec.setup('JWT by account token', 'GET', jwtPath, { headers: tokenAuth(accountToken) })).body.access_token as string;
    await rec.setup('JWT by session', 'GET', jwtPath, { headers: session });
    await rec.setup('JWT by PAT', 'GET', jwtPath, { headers: bearer(fullPat) });
    await rec.setup('JWT by API token', 'GET', '/api/v2.1/dtable/app-access-token/', { headers: tokenAuth(apiToken) });
    await rec.setup('JWT by share link', 'GET', `/api/v2.1/dtable/share-link-access-token/?token=${shareLink}&password=${linkPassword}`);
    await rec.setup('JWT by share link (header)', 'GET', `/api/v2.1/dtable/share-link-access-token/?token=${shareLink}`, { headers: { 'x-share-link-password': linkPassword } });

    // Plugins: secrets (one regenerated), auth codes, access and refresh tokens (one pair refreshed).
    const allPluginScopes = ['base|read', 'table|read', 'record|read', 'record|create', 'record|update', 'record|delete'];
    const newPlugin = async (baseId: string): Promise<{ id: string; secret: string }> => {
      const created = (await rec.setup('plugin', 'POST', '/api/plugin', { headers: session, body: { name: unique('Chart'), scopes: allPluginScopes } })).body;
      await rec.setup('install plugin', 'POST', `/api/base/${baseId}/plugin`, { headers: session, body: { pluginId: created.id } });
      return { id: created.id, secret: created.secret };
    };
    const plugin = await newPlugin(live.baseId);
    const victimPlugin = await newPlugin(victim.baseId);
    const regenerated = await newPlugin(live.baseId);
    await rec.setup('regenerate plugin secret', 'POST', `/api/plugin/${regenerated.id}/regenerate-secret`, { headers: session });
    const authCode = async (): Promise<string> =>
      (await rec.setup('auth code', 'POST', `/api/plugin/${plugin.id}/authCode`, { headers: session, body: { baseId: live.baseId } })).text;
    const pluginPair = async (): Promise<{ accessToken: string; refreshToken: string }> =>
      (await rec.setup('plugin token', 'POST', `/api/plugin/${plugin.id}/token`, {
        body: { baseId: live.baseId, secret: plugin.secret, scopes: allPluginScopes, authCode: await authCode() },
      })).body;
    const pair = await pluginPair();
    const toRefresh = await pluginPair();
    await rec.setup('refresh plugin token', 'POST', `/api/plugin/${plugin.id}/refreshToken`, { body: { refreshToken: toRefresh.refreshToken, secret: plugin.secret } });
    await authCode(); // one left unused

    // A session signed out, and a token no Tessera ever issued (well-formed, checksum right).
    const signedOut = await rec.setup('sign in', 'POST', '/api/auth/signin', { body: { email: admin.email, password: admin.password } });
    const signedOutCookie = signedOut.setCookies[0]?.split(';')[0] ?? '';
    await rec.setup('sign out', 'POST', '/api/auth/signout', { headers: { cookie: signedOutCookie } });
    const forged = rec.keep('forged token', generateToken('personalAccessToken'));
    // A session on another device, for the sweep to sign out from the list of sessions.
    const otherDevice = unique('other-device');
    await rec.setup('sign in elsewhere', 'POST', '/api/auth/signin', { body: { email: admin.email, password: admin.password }, headers: { 'user-agent': otherDevice } });
    const sessions = (await rec.setup('list sessions', 'GET', '/api/auth/sessions', { headers: session })).body as { id: string; userAgent: string | null }[];
    const victimSession = sessions.find((s) => s.userAgent === otherDevice)!.id;

    // Live secrets put where they do not belong, in turn. Passwords go only where a password, an
    // email or a user name is expected, and into bodies refused by their schema: elsewhere (a path,
    // a scope, a table name) a password cannot be told from a name, which an answer may repeat. A
    // token can be told by its shape, wherever it is.
    const baitPair = await pluginPair(); // its refresh token may be used up by a bait: not the pair the sweep authenticates with
    const tokenBaits = [fullPat, awxToken, accountToken, apiToken, jwt, pair.accessToken, baitPair.refreshToken, plugin.secret, shareLink];
    const anyBaits = [...tokenBaits, admin.password, linkPassword];
    let turn = 0;
    const anyBait = (): string => anyBaits[turn++ % anyBaits.length]!;
    const tokenBait = (): string => tokenBaits[turn++ % tokenBaits.length]!;

    // The ids that fill path parameters; the destructive routes get the victim's.
    const liveIds: Ids = { ...live, pluginId: plugin.id, appName: 'victim-app', token: victimLink, kind: 'personal_access_token' };
    const victimIds: Ids = { ...liveIds, ...victim, workspaceId: live.workspaceId, dtableUuid: live.dtableUuid, rowId: live.rowId, rowV1: live.rowV1, rowV2: live.rowV2, pluginId: victimPlugin.id };
    const idParam = (url: string): string =>
      url.startsWith('/api/v2/users/') ? userNum
      : url.startsWith('/api/v2/tokens/') ? String(awxVictim.id)
      : url.startsWith('/api/admin/tokens/') ? adminVictimPat.id
      : url.startsWith('/api/auth/sessions/') ? victimSession
      : victimPat.id;
    // A wildcard (Swagger UI's static files at /api/docs/static/*) gets a file that is there.
    const fill = (url: string, ids: Ids, replaced: Ids = {}): string =>
      url
        .replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(replaced[name] ?? (name === 'id' ? idParam(url) : (ids[name] ?? `unknown-${name}`))))
        .replace(/\/\*$/, '/index.css');

    /** Query strings some routes need to do their work. */
    const queries: Record<string, (ids: Ids) => string> = {
      'DELETE /api/space/:spaceId/collaborators': () => `principalId=${bob.id}&principalType=user`,
      'GET /api/v2.1/dtables/share-links/': (ids) => `workspace_id=${ids.workspaceId}&table_name=Base`,
      'GET /api/v2.1/dtable/share-link-access-token/': () => `token=${shareLink}&password=${linkPassword}`,
      'GET /dtable-server/api/v1/dtables/:dtableUuid/rows/': () => 'table_name=Tasks',
      'GET /api-gateway/api/v2/dtables/:dtableUuid/rows/': () => 'table_name=Tasks',
      'GET /dtable-server/api/v1/dtables/:dtableUuid/rows/:rowId/': () => 'table_name=Tasks',
      'GET /api-gateway/api/v2/dtables/:dtableUuid/rows/:rowId/': () => 'table_name=Tasks',
    };

    /** A body each route accepts (fresh secrets where it consumes one); absent: no body, or {}. */
    const exchangeBody = async (): Promise<unknown> => ({ baseId: live.baseId, secret: plugin.secret, scopes: ['record|read'], authCode: await authCode() });
    const bodies: Record<string, (ids: Ids) => unknown> = {
      'POST /api/auth/signup': () => ({ email: `${unique('swept')}@example.com`, password: newPassword('password') }),
      'POST /api/auth/signin': () => ({ email: admin.email, password: admin.password }),
      'POST /api/access-token': () => ({ name: 'swept', scopes: ['record|read'], hasFullAccess: true, expiredTime: daysFromNow(30) }),
      'PUT /api/access-token/:id': () => ({ name: 'victim', scopes: ['record|read'] }),
      'POST /api/access-token/:id/refresh': () => ({}),
      'PUT /api/admin/token-policies/:kind': () => ({ maxLifetimeDays: null }),
      'POST /api/token-leaks': async () => ({ tokens: [(await newPat('leaked')).token], url: 'https://example.com/paste/1', source: 'scanner' }),
      'POST /api/space': () => ({ name: unique('Swept') }),
      'PATCH /api/space/:spaceId': () => ({ name: 'Live' }),
      'POST /api/space/:spaceId/collaborator': async () => ({ collaborators: [{ principalId: (await person('guest')).id, principalType: 'user' }], role: 'viewer' }),
      'PATCH /api/space/:spaceId/collaborators': () => ({ principalId: bob.id, principalType: 'user', role: 'editor' }),
      'POST /api/base': (ids) => ({ spaceId: ids.spaceId, name: unique('Swept') }),
      'PATCH /api/base/:baseId': () => ({ icon: 'x' }),
      'POST /api/base/:baseId/table': () => ({ name: unique('Swept'), fields: [{ name: 'Title', type: 'singleLineText' }] }),
      'POST /api/table/:tableId/record': () => ({ records: [{ fields: { Title: 'swept' } }] }),
      'PATCH /api/table/:tableId/record/:recordId': () => ({ record: { fields: { Title: 'patched' } } }),
      'POST /api/plugin': () => ({ name: unique('Swept'), scopes: ['record|read'] }),
      'PUT /api/plugin/:pluginId': () => ({ description: 'put' }),
      'PATCH /api/plugin/:pluginId': () => ({ description: 'patched' }),
      'POST /api/base/:baseId/plugin': async () => {
        const created = (await rec.setup('plugin to install', 'POST', '/api/plugin', { headers: session, body: { name: unique('Swept'), scopes: ['record|read'] } })).body;
        return { pluginId: created.id };
      },
      'POST /api/plugin/:pluginId/authCode': (ids) => ({ baseId: ids.baseId }),
      'POST /api/plugin/:pluginId/token': exchangeBody,
      'GET /api/plugin/:pluginId/token': exchangeBody,
      'POST /api/plugin/:pluginId/refreshToken': async () => ({ refreshToken: (await pluginPair()).refreshToken, secret: plugin.secret }),
      'POST /api/v2/users/:id/personal_tokens/': () => ({ description: 'swept', scope: 'read' }),
      'PATCH /api/v2/tokens/:id/': () => ({ description: 'patched' }),
      'POST /api2/auth-token/': () => ({ username: admin.email, password: admin.password }),
      'POST /api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/': () => ({ app_name: unique('swept'), permission: 'r' }),
      'PUT /api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/:appName/': () => ({ permission: 'rw' }),
      'POST /api/v2.1/dtables/share-links/': (ids) => ({ workspace_id: Number(ids.workspaceId), table_name: 'Base', permission: 'r', password: newPassword('share link password') }),
      'POST /dtable-server/api/v1/dtables/:dtableUuid/rows/': () => ({ table_name: 'Tasks', row: { Title: 'v1' } }),
      'PUT /dtable-server/api/v1/dtables/:dtableUuid/rows/': (ids) => ({ table_name: 'Tasks', row_id: ids.recordId, row: { Title: 'v1' } }),
      'DELETE /dtable-server/api/v1/dtables/:dtableUuid/rows/': (ids) => ({ table_name: 'Tasks', row_id: ids.rowV1 }),
      'POST /api-gateway/api/v2/dtables/:dtableUuid/rows/': () => ({ table_name: 'Tasks', rows: [{ Title: 'v2' }] }),
      'PUT /api-gateway/api/v2/dtables/:dtableUuid/rows/': (ids) => ({ table_name: 'Tasks', updates: [{ row_id: ids.recordId, row: { Title: 'v2' } }] }),
      'DELETE /api-gateway/api/v2/dtables/:dtableUuid/rows/': (ids) => ({ table_name: 'Tasks', row_ids: [ids.rowV2] }),
      'POST /oauth/introspect': () => ({ token: fullPat }),
      'POST /oauth/revoke': async () => ({ token: (await newPat('revoked by oauth')).token }),
    };
    const takesBody = (key: string): boolean => !key.startsWith('GET ') || key in bodies;

    /** Bodies that are refused but carry a secret: in every field, padded past the length limits... */
    const paddedBait = (secret: string): Json => {
      const long = secret + PADDING;
      const fields = ['name', 'description', 'email', 'password', 'username', 'scope', 'spaceId', 'baseId', 'pluginId', 'principalId', 'role', 'expiredTime', 'permission',
        'workspace_id', 'table_name', 'app_name', 'row_id', 'authCode', 'refreshToken', 'secret', 'codeVerifier', 'codeChallenge', 'url', 'source', 'logo', 'icon', 'title', 'record', 'row', 'maxLifetimeDays'];
      const lists = ['scopes', 'spaceIds', 'baseIds', 'row_ids', 'records', 'rows', 'updates', 'fields', 'positions', 'collaborators'];
      return Object.fromEntries([...fields.map((f) => [f, long]), ...lists.map((f) => [f, [long]])]);
    };
    /** ...or exactly, in the fields Tessera looks up or checks against a list (over a valid body)... */
    const exactBait = (secret: string): Json => ({
      email: secret, username: secret, password: secret, scopes: [secret], scope: secret, spaceIds: [secret], baseIds: [secret], spaceId: secret, baseId: secret,
      pluginId: secret, principalId: secret, principalType: 'user', role: secret, collaborators: [{ principalId: secret, principalType: 'user' }], expiredTime: secret,
      permission: secret, workspace_id: secret, table_name: secret, row_id: secret, row_ids: [secret], updates: [{ row_id: secret, row: {} }], authCode: secret,
      refreshToken: secret, secret, codeVerifier: secret, maxLifetimeDays: secret, positions: [secret],
    });
    /** ...or in one field of a valid body at a time, so that each field's own check runs. */
    const oneFieldBaits = (valid: unknown): [string, Json][] =>
      valid && typeof valid === 'object'
        ? Object.entries(valid)
            .filter(([field]) => !STORED_AS_GIVEN.has(field))
            .map(([field, value]) => {
              const secret = PASSWORD_FIELDS.has(field) ? anyBait() : tokenBait();
              return [field, { ...valid, [field]: Array.isArray(value) ? [secret] : secret }];
            })
        : [];

    const pluginClient = { authorization: `Basic ${Buffer.from(`${plugin.id}:${plugin.secret}`).toString('base64')}` };
    const validCredentials: [string, Headers][] = [
      ['session', session],
      ['PAT with every scope', bearer(fullPat)],
      ['AWX token', bearer(awxToken)],
      ['account token', tokenAuth(accountToken)],
      ['base access token', tokenAuth(jwt)],
      ['API token', tokenAuth(apiToken)],
      ['plugin access token', bearer(pair.accessToken)],
      ['plugin client', pluginClient],
      ['password (HTTP Basic)', { authorization: `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString('base64')}` }],
    ];
    const deadCredentials: [string, Headers][] = [
      ['revoked PAT', bearer(revokedPat.token)],
      ['expired PAT', bearer(expiredPat.token)],
      ['replaced PAT', bearer(refreshed.token)],
      ['revoked AWX token', bearer(awxRevoked.token)],
      ['signed-out account token', tokenAuth(signedOutAccount)],
      ['signed-out session', { cookie: signedOutCookie }],
      ['forged token', bearer(forged)],
      ['garbage', bearer(`tess_pat_${'A'.repeat(49)}`)],
      ['wrong password (HTTP Basic)', { authorization: `Basic ${Buffer.from(`${admin.email}:${newPassword('wrong password')}`).toString('base64')}` }],
    ];
    /** The credential a route is meant for. */
    const rightCredential = (url: string): Headers =>
      isDataServer(url) ? tokenAuth(jwt) : url === '/api/v2.1/dtable/app-access-token/' ? tokenAuth(apiToken) : session;

    /** One request to a route; `body` VALID asks the route's valid body of the moment. */
    const hit = async (route: { method: string; url: string }, ids: Ids, label: string, headers: Headers, body: unknown, path?: string): Promise<void> => {
      const key = `${route.method} ${route.url}`;
      const query = queries[key]?.(ids);
      const sentBody = body === VALID ? await bodies[key]?.(ids) : body;
      const target = path ?? `${fill(route.url, ids)}${query ? `?${query}` : ''}`;
      const answer = await rec.send(key, label, route.method, target, { headers, body: sentBody ?? (takesBody(key) ? {} : undefined) });
      if (answer.status < 400) swept.set(key, (swept.get(key) ?? 0) + 1);
      else if (!swept.has(key)) swept.set(key, 0);
    };

    /** One route, many times: dead credentials, secrets where they do not belong, then every live credential. */
    const sweep = async (route: { method: string; url: string }): Promise<void> => {
      const key = `${route.method} ${route.url}`;
      const ids = isDestructive(key) ? victimIds : liveIds;
      const right = rightCredential(route.url);
      for (const [label, headers] of deadCredentials) await hit(route, ids, label, headers, takesBody(key) ? {} : undefined);
      if (takesBody(key)) {
        await hit(route, ids, 'a secret padded into every field', right, paddedBait(anyBait()));
        const valid = (await bodies[key]?.(ids)) ?? {};
        await hit(route, ids, 'secrets in every checked field', right, { ...valid, ...exactBait(tokenBait()) });
        for (const [field, body] of oneFieldBaits(valid)) await hit(route, ids, `a secret as ${field}`, right, body);
      }
      for (const [, param] of route.url.matchAll(/:(\w+)/g)) {
        const query = queries[key]?.(ids);
        await hit(route, ids, `a secret as :${param}`, right, VALID, `${fill(route.url, ids, { [param!]: tokenBait() })}${query ? `?${query}` : ''}`);
      }
      const query = queries[key]?.(ids);
      const secretQuery = `token=${tokenBait()}&access_token=${tokenBait()}&api_key=${tokenBait()}&password=${admin.password}&code=${tokenBait()}`;
      await hit(route, ids, 'secrets in the query and a bogus header', { ...right, 'x-api-key': anyBait() }, VALID, `${fill(route.url, ids)}?${query ? `${query}&` : ''}${secretQuery}`);
      for (const [label, headers] of validCredentials) await hit(route, ids, label, headers, VALID);
      await hit(route, ids, 'no credential', {}, VALID);
    };

    // Every route; the destructive ones last, containers after what they contain, signing out the very last.
    const rank = ({ method, url }: { method: string; url: string }): number => {
      const key = `${method} ${url}`;
      return isDestructive(key) ? 2 + CONTAINERS_LAST.indexOf(key) : 0; // indexOf -1: the other destructive routes, first
    };
    const routes = [...server.routes].sort((a, b) => rank(a) - rank(b));
    for (const route of routes) {
      if (`${route.method} ${route.url}` === SIGN_OUT) break;
      await sweep(route);
    }

    // The standard endpoints and a leak report, over one live secret of each kind.
    const introspected = [fullPat, awxToken, accountToken, apiToken, jwt, pair.accessToken, pair.refreshToken, shareLink, plugin.secret];
    for (const token of introspected) {
      await rec.send('POST /oauth/introspect', 'admin introspects a live secret', 'POST', '/oauth/introspect', { headers: session, body: { token } });
      await rec.send('POST /oauth/introspect', 'plugin introspects a live secret', 'POST', '/oauth/introspect', { headers: pluginClient, body: { token } });
    }
    await rec.send('POST /oauth/revoke', 'plugin revokes its refresh token', 'POST', '/oauth/revoke', { headers: pluginClient, body: { token: (await pluginPair()).refreshToken } });
    await rec.send('POST /oauth/revoke', 'revoke a live PAT', 'POST', '/oauth/revoke', { body: { token: (await newPat('revoked')).token } });
    const leaked = [(await newPat('leaked')).token, (await newAwx('read')).token, await newAccountToken(), await newShareLink(), (await newPlugin(live.baseId)).secret];
    await rec.send('POST /api/token-leaks', 'report live secrets', 'POST', '/api/token-leaks', { body: { tokens: leaked, url: 'https://example.com/gist/1', source: 'scanner' } });
    await rec.send('GET /api/audit', 'admin reads the audit log', 'GET', '/api/audit?take=200', { headers: session });
    await rec.send('GET /api/v2/tokens/', 'admin lists AWX tokens', 'GET', '/api/v2/tokens/?page_size=200', { headers: session });

    const signOut = routes.find((r) => `${r.method} ${r.url}` === SIGN_OUT);
    if (signOut) await sweep(signOut);

    // Failed authentications reach the store behind the requests: wait for one sent last.
    const marker = `secrets-test-${randomBytes(4).toString('hex')}`;
    await rec.send('setup', 'a last refused token', 'GET', '/api/auth/user', { headers: { ...bearer(revokedPat.token), 'user-agent': marker } });
    for (let waited = 0; waited < 5000; waited += 100) {
      const rows = await server.store.db.selectFrom('audit_events').select('id').where('user_agent', '=', marker).execute();
      if (rows.length > 0) break;
      await sleep(100);
    }

    tables = await readTables(server.store, server.config.databaseSchema);
    metrics = await scrapeMetrics(server);
  });
  after(() => server.close());

  it('sends every registered route requests, and gets each to succeed at least once', () => {
    assert.ok(server.routes.length >= 80, `only ${server.routes.length} routes registered`);
    const never = server.routes.map((r) => `${r.method} ${r.url}`).filter((key) => !swept.get(key));
    assert.deepEqual(never, [], 'routes that never answered with success');
    const failures = rec.exchanges.filter((e) => e.status >= 500).map((e) => `${e.label}: ${e.status}`);
    assert.deepEqual(failures, [], 'a server error may log what it was handling');
  });

  it('answers no error with a secret in its body', () => {
    const errors = rec.exchanges.map((e, i) => ({ where: `the ${e.status} answer #${i} to ${e.label}`, text: e.text, status: e.status })).filter((e) => e.status >= 400);
    assert.ok(errors.length > 1000, `only ${errors.length} error answers`);
    assert.deepEqual(occurrences(rec.secrets, errors), []);
  });

  it('writes request lines to the log, and no secret in them', async () => {
    // A request's line is written once its answer has gone: give the last ones a moment.
    const completed = (): number => server.logs().split('\n').filter((line) => line.includes('"request completed"')).length;
    for (let waited = 0; completed() < rec.exchanges.length && waited < 2000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const logs = server.logs();
    assert.ok(completed() >= rec.exchanges.length, `${completed()} request lines for ${rec.exchanges.length} requests`);
    assert.ok(logs.split('\n').some((line) => line.includes('"request completed"') && line.includes('/api/access-token')), 'no request line in the logs');
    assert.deepEqual(occurrences(rec.secrets, [{ where: 'the logs', text: logs }]), []);
    assert.ok(logs.includes('tess_shl_[redacted]') && logs.includes('password=[redacted]'), 'the secrets sent in URLs left no trace at all: was the URL logged?');
  });

  it('keeps no secret in any table of the store, audit_events included', () => {
    const names = tables.map((t) => t.name);
    for (const expected of ['audit_events', 'access_tokens', 'users']) assert.ok(names.includes(expected), `table ${expected} not searched (${names.join(', ')})`);
    const audit = tables.find((t) => t.name === 'audit_events')!;
    assert.ok(audit.rows.length > 50, `only ${audit.rows.length} audit events`);
    assert.ok(audit.rows.some((row) => row.action === 'auth.failed'), 'no failed authentication was audited');
    assert.deepEqual(occurrences(rec.secrets, cells(tables)), []);
  });

  it('shows no secret in /metrics, which counts the requests of the run', () => {
    assert.ok(/tessera_http_requests_total\{[^}]*route="\/api\/access-token\/:id"/.test(metrics), 'the metrics count the routes swept');
    assert.ok(/tessera_verifications_total\{[^}]*outcome="token_revoked"/.test(metrics), 'the metrics count the refused credentials');
    assert.deepEqual(occurrences(rec.secrets, [{ where: '/metrics', text: metrics }]), []);
  });

  it('hands a secret out only in the answer that issues it, from a route that issues secrets', () => {
    assert.ok(rec.secrets.size > 100, `only ${rec.secrets.size} secrets collected`);
    const kinds = new Set([...rec.secrets.values()].map((s) => s.kind.split(' ')[0]));
    for (const prefix of ['tess_pat', 'tess_upt', 'tess_act', 'tess_bat', 'tess_shl', 'tess_pls', 'tess_plc', 'tess_pla', 'tess_plr', 'base', 'session', 'password']) {
      assert.ok(kinds.has(prefix), `no ${prefix} secret was collected`);
    }
    const successes = rec.exchanges.map((e, i) => ({ ...e, i })).filter((e) => e.status < 400);
    const misplaced: string[] = [];
    for (const [value, secret] of rec.secrets) {
      if (value.length < SHORTEST_SECRET) continue;
      for (const e of successes) if (e.i !== secret.issuedIn && e.text.includes(value)) misplaced.push(`${describeSecret(value, secret)} in the answer to ${e.label}`);
    }
    assert.deepEqual(misplaced, []);
    const carriesSecret = new RegExp(ISSUED.source);
    const issuers = new Set(successes.filter((e) => e.route !== 'setup' && carriesSecret.test(e.text)).map((e) => e.route));
    assert.deepEqual([...issuers].filter((route) => !HANDS_OUT.has(route)), [], 'routes whose success answers carry a secret');
    assert.ok(issuers.has('POST /api/access-token') && issuers.has('POST /api/v2.1/dtables/share-links/'), 'the sweep issued no secret: the check above is vacuous');
  });
});


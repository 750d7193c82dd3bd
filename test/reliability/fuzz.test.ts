// Hostile input: a property-based fuzzer (fast-check) that drives every operation of Tessera's own
// OpenAPI document with generated and mutated path parameters, query strings, headers, bodies and
// credentials (test/reliability/fuzz-inputs.ts), against a real server on a fresh store seeded with
// accounts, a base with records and one credential of each kind (so that valid credentials reach
// deep into the handlers). Every request must hold:
// - no 5xx, and an answer within 5 s (and the server answers /healthz after each operation's runs);
// - a refusal (4xx) is JSON in its family's error body (Teable, AWX, SeaTable or OAuth, by path),
//   which also matches the operation's documented answer for that status;
// - a refusal changed nothing in the store: every table's rows are the same before and after,
//   apart from what a refusal legitimately writes (the coalesced audit rows of failed
//   authentications, written behind; last-used times, written behind; an authorization code
//   burned by a failed exchange; a refresh-token family revoked on reuse).
// Requests run one at a time, so that the before/after comparison is the request's own; each
// operation in turn gets its share of TESSERA_FUZZ_RUNS, with seed SEED + its index. A success that
// may have spent a seeded credential or resource (a delete, a revocation, a refresh...) is followed
// by a few cheap reads that check the seed, and a new seed when one fails.
// Replay: TESSERA_FUZZ_SEED=<seed printed> (and TESSERA_FUZZ_RUNS=<n> to run longer).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { sql } from 'kysely';
import { ACTIONS } from '../../src/auth/actions.js';
import type { Database } from '../../src/db/schema.js';
import { ERROR_STATUS } from '../../src/errors.js';
import { call, createToken, SIGNUP_PASSWORD, signUp, type Account, type Json, type Reply } from '../support/client.js';
import { apiToken, authCode, awxToken, pair, plugin, shareLink, signIn, tokenAuth } from '../support/credential-kinds.js';
import { rawCall, RawTimeout } from '../support/raw-http.js';
import { accountToken, seedDtable } from '../support/seatable.js';
import { startServer, storeKind, type TestServer } from '../support/server.js';
import { bodyFor, credentialFor, extraHeaders, fromSchema, queryFor, segmentFor, type Body, type Credential, type Pool } from './fuzz-inputs.js';

const SEED = process.env.TESSERA_FUZZ_SEED ? Number(process.env.TESSERA_FUZZ_SEED) : Date.now() % 2 ** 31;
/** Requests in all, shared evenly by the operations. */
const RUNS = process.env.TESSERA_FUZZ_RUNS ? Number(process.env.TESSERA_FUZZ_RUNS) : 3_000;
const REQUEST_TIMEOUT_MS = 5_000;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  method: string;
  template: string;
  pathParams: string[];
  queryParams: { name: string; schema: Json }[];
  /** The JSON schema of the body (null: takes none). */
  bodySchema: Json;
  example: unknown;
  /** The security schemes it documents. */
  schemes: string[];
}

/** The wire family of a path, as DESIGN.md and README name them by prefix. */
type Family = 'teable' | 'awx' | 'seatable' | 'oauth';
function familyOfPath(path: string): Family {
  if (path.startsWith('/oauth/')) return 'oauth';
  if (/^\/(api2|api\/v2\.1|dtable-server|api-gateway)\//.test(path)) return 'seatable';
  if (path.startsWith('/api/v2/')) return 'awx';
  return 'teable';
}

const isStrings = (value: unknown): boolean => Array.isArray(value) && value.every((item) => typeof item === 'string');
/** `{field: [problem, ...]}`: Django REST framework's invalid input. */
const isFieldErrors = (body: Json): boolean => Object.keys(body).length > 0 && Object.values(body).every(isStrings);
const OAUTH_ERRORS = new Set(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'temporarily_unavailable', 'invalid_token']);

/** Why a 4xx body is not its family's error body, or null when it is. */
function familyBodyProblem(family: Family, status: number, body: Json): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'not a JSON object';
  switch (family) {
    case 'teable': {
      const code = body.code as keyof typeof ERROR_STATUS;
      if (typeof body.message !== 'string' || body.status !== status || !(code in ERROR_STATUS)) return 'not {message, status, code}';
      return ERROR_STATUS[code] === status ? null : `code ${code} is not a ${status}`;
    }
    case 'awx':
      return typeof body.detail === 'string' || isFieldErrors(body) ? null : 'not {detail} or {field: [problem]}';
    case 'seatable':
      return typeof body.error_msg === 'string' || typeof body.detail === 'string' || isFieldErrors(body) ? null : 'not {error_msg}, {detail} or {field: [problem]}';
    case 'oauth':
      return OAUTH_ERRORS.has(body.error) && typeof body.error_description === 'string' ? null : 'not {error, error_description}';
  }
}

type Table = keyof Database;
const TABLES: Table[] = ['users', 'sessions', 'spaces', 'space_members', 'bases', 'data_tables', 'fields', 'records', 'access_tokens', 'sequences', 'jwt_keys', 'share_links', 'plugins', 'plugin_installs', 'plugin_auth_codes', 'plugin_grants', 'plugin_refresh_tokens', 'audit_events', 'token_policies'];
type Snapshot = Map<Table, Set<string>>;

/**
 * Every row of every table, as text; without what is written behind, off the request's path,
 * whatever the request's outcome: failed authentications (audit rows, coalesced and counted) and
 * last-used times. The seeded store is small (hundreds of rows), so a full read per request is
 * affordable and leaves nothing out.
 */
async function snapshot(server: TestServer): Promise<Snapshot> {
  const db = server.store.db;
  const rows = await Promise.all(TABLES.map((table) => db.selectFrom(table).selectAll().execute()));
  return new Map(
    TABLES.map((table, i) => [
      table,
      new Set(
        (rows[i] as Record<string, unknown>[])
          .filter((row) => !(table === 'audit_events' && row.action === 'auth.failed'))
          .map((row) => JSON.stringify(table === 'access_tokens' ? { ...row, last_used_time: undefined } : row)),
      ),
    ]),
  );
}

/**
 * A cheap sign of any write since: on SQLite, the rows its one connection has inserted, updated or
 * deleted (total_changes()); on PostgreSQL, each table's row count and newest row version (xmin: an
 * insert or update gives a row a newer transaction id, a delete lowers the count). Unchanged, no
 * row changed; changed, the full snapshots are compared.
 */
async function writeMark(server: TestServer): Promise<string> {
  const db = server.store.db;
  if (server.store.dialect === 'sqlite') return JSON.stringify((await sql<{ n: number }>`SELECT total_changes() AS n`.execute(db)).rows);
  const parts = TABLES.map((table) => sql`SELECT ${table} AS t, count(*) AS n, max(xmin::text::bigint) AS x FROM ${sql.table(table)}`);
  return JSON.stringify((await sql.join(parts, sql` UNION ALL `).execute(db)).rows);
}

/** What differs between two snapshots: table and row, added (+) or gone (-). */
function changes(before: Snapshot, after: Snapshot): { table: Table; change: string }[] {
  const found: { table: Table; change: string }[] = [];
  for (const table of TABLES) {
    const was = before.get(table)!;
    const is = after.get(table)!;
    for (const row of is) if (!was.has(row)) found.push({ table, change: `+ ${row.slice(0, 300)}` });
    for (const row of was) if (!is.has(row)) found.push({ table, change: `- ${row.slice(0, 300)}` });
  }
  return found;
}

/** The tables a refusal may change: a failed code exchange burns the code; a reused refresh token revokes its family. */
function allowedChanges(operation: Operation, status: number, body: Json): Set<Table> {
  if (status === 400 && body?.code === 'invalid_grant' && operation.template === '/api/plugin/{pluginId}/token') return new Set(['plugin_auth_codes']);
  if (status === 400 && body?.code === 'invalid_grant' && operation.template === '/api/plugin/{pluginId}/refreshToken') {
    return new Set(['plugin_grants', 'access_tokens', 'plugin_refresh_tokens', 'audit_events']);
  }
  return new Set();
}

/**
 * What a success of this request may have done to the seed: spent the authorization code or the
 * refresh token (`spent`: seed again), perhaps deleted, revoked or changed a credential or resource
 * (`check`: seed again if one no longer works), or nothing that matters (`none`).
 */
function effectOn(method: string, template: string): 'spent' | 'check' | 'none' {
  if (/\/plugin\/\{pluginId\}\/(token|refreshToken)$/.test(template)) return 'spent';
  if (['DELETE', 'PUT', 'PATCH'].includes(method)) return 'check';
  return /(signout|\/refresh$|regenerate-secret|\/revoke$|token-leaks|rotate)/.test(template) ? 'check' : 'none';
}

interface Seeded {
  pool: Pool;
  /** Whether every seeded credential and resource still works (a few cheap reads). */
  healthy(): Promise<boolean>;
}

/** The seeded store: ann's base with records and one credential of each kind; bob, another account. */
async function seed(server: TestServer, ann: Account, bob: Account, previous?: Seeded): Promise<Seeded> {
  // An earlier run may have capped token lifetimes (PUT /api/admin/token-policies/{kind}): lift the caps.
  await server.store.db.deleteFrom('token_policies').execute();
  // The previous seed's session and account token when they still work (a sign-in costs a password hash).
  const reuse = async (path: string, options: { cookie?: string; headers?: Record<string, string> }): Promise<boolean> => (await call(server, 'GET', path, options)).status === 200;
  const old = previous?.pool.secrets;
  const cookie = old && (await reuse('/api/auth/user', { cookie: `tessera_session=${old.session}` })) ? `tessera_session=${old.session}` : await signIn(server, ann);
  const owner = { ...ann, cookie };
  const dtable = await seedDtable(server, owner);
  const records = await call(server, 'POST', `/api/table/${dtable.tableId}/record`, { cookie, body: { records: [{ fields: { Title: 'one', Count: 1 } }, { fields: { Title: 'two', Count: 2 } }] } });
  assert.equal(records.status, 201, records.text);
  const recordIds = (records.body.records as { id: string }[]).map((r) => r.id);
  const pat = await createToken(server, owner, { scopes: [...ACTIONS], hasFullAccess: true });
  const awx = await awxToken(server, owner);
  const awxId = (await call(server, 'GET', '/api/v2/tokens/', { cookie })).body.results.map((t: { id: number }) => t.id) as number[];
  const userNums = await Promise.all([owner, bob].map(async (who) => (await call(server, 'GET', '/api/v2/me/', { headers: { authorization: `Basic ${Buffer.from(`${who.email}:${SIGNUP_PASSWORD}`).toString('base64')}` } })).body.results[0].id as number));
  const account = old && (await reuse('/api/v2.1/workspaces/', tokenAuth(old.account!))) ? old.account! : await accountToken(server, owner);
  const p = await plugin(server, owner, dtable.baseId);
  const tokens = await pair(server, owner, p, dtable.baseId);
  const code = await authCode(server, owner, p, dtable.baseId);
  const app = await apiToken(server, owner, dtable);
  const appName = (await call(server, 'GET', `/api/v2.1/workspace/${dtable.workspaceId}/dtable/${encodeURIComponent(dtable.name)}/api-tokens/`, { cookie })).body.api_tokens.map((t: { app_name: string }) => t.app_name) as string[];
  const link = await shareLink(server, owner, dtable);
  const jwt = await call(server, 'GET', `/api/v2.1/workspace/${dtable.workspaceId}/dtable/${encodeURIComponent(dtable.name)}/access-token/`, tokenAuth(account));
  assert.equal(jwt.status, 200, jwt.text);
  const sessions = ((await call(server, 'GET', '/api/auth/sessions', { cookie })).body as { id: string }[]).map((s) => s.id);
  const byName: Record<string, (string | number)[]> = {
    id: [pat.id, ...awxId, ...userNums, ...sessions, link.id],
    userId: [ann.id, bob.id],
    principalId: [bob.id, ann.id],
    principalType: ['user'],
    role: ['viewer', 'editor', 'owner'],
    spaceId: [dtable.spaceId],
    baseId: [dtable.baseId],
    tableId: [dtable.tableId],
    recordId: recordIds,
    rowId: recordIds,
    row_id: recordIds,
    pluginId: [p.id],
    workspaceId: [dtable.workspaceId],
    workspace_id: [dtable.workspaceId],
    dtableName: [dtable.name],
    table_name: ['Tasks', dtable.name],
    appName,
    app_name: appName,
    dtableUuid: [dtable.uuid],
    token: [link.id, link.token, tokens.accessToken, pat.token],
    refreshToken: [tokens.refreshToken],
    secret: [p.secret],
    authCode: [code],
    scope: [...ACTIONS, 'read', 'write'],
    permission: ['r', 'rw'],
    kind: ['personal_access_token', 'user_personal_token', 'plugin_access_token', 'base_api_token', 'share_link', 'session', 'account_token'],
    email: [ann.email, bob.email],
    username: [ann.email],
    password: [SIGNUP_PASSWORD],
    action: ['auth.failed', 'token.create'],
  };
  const secrets = { session: cookie.split('=')[1]!, account, pat: pat.token, awx, pluginAccess: tokens.accessToken, pluginRefresh: tokens.refreshToken, pluginSecret: p.secret, authCode: code, apiToken: app, shareLink: link.token, jwt: jwt.body.access_token as string };
  const v1 = `/dtable-server/api/v1/dtables/${dtable.uuid}`;
  const reads: [string, { cookie?: string; headers?: Record<string, string> }][] = [
    ...recordIds.map((id): [string, { cookie: string }] => [`/api/table/${dtable.tableId}/record/${id}`, { cookie }]),
    [`/api/table/${dtable.tableId}/record`, { headers: { authorization: `Bearer ${secrets.pat}` } }],
    [`/api/table/${dtable.tableId}/record`, { headers: { authorization: `Bearer ${secrets.pluginAccess}` } }],
    ['/api/v2/me/', { headers: { authorization: `Bearer ${awx}` } }],
    ['/api/v2.1/workspaces/', tokenAuth(account)],
    ['/api/v2.1/dtable/app-access-token/', tokenAuth(app)],
    [`/api/v2.1/dtable/share-link-access-token/?token=${link.token}`, {}],
    [`${v1}/metadata/`, tokenAuth(secrets.jwt)],
    [`/api/plugin/${p.id}`, { cookie }],
    [`/api/v2/tokens/${awxId[0]}/`, { cookie }],
    [`/api/v2.1/workspace/${dtable.workspaceId}/dtable/${encodeURIComponent(dtable.name)}/api-tokens/`, { cookie }],
  ];
  const introspect = { headers: { authorization: `Basic ${Buffer.from(`${p.id}:${p.secret}`).toString('base64')}` }, body: { token: tokens.accessToken } };
  return {
    async healthy() {
      const replies = await Promise.all([...reads.map(([path, options]) => call(server, 'GET', path, options)), call(server, 'POST', '/oauth/introspect', introspect)]);
      return replies.every((reply) => reply.status === 200) && replies.at(-1)!.body.active === true;
    },
    pool: {
      byName,
      any: [...new Set(Object.values(byName).flat())],
      cells: { Title: 'text', Count: 'number' },
      secrets,
      basic: [
        { user: ann.email, password: SIGNUP_PASSWORD },
        { user: p.id, password: p.secret },
      ],
    },
  };
}

interface Sent {
  path: string;
  credential: Credential;
  body: Body | null;
  headers: [string, string | Buffer][];
}

/** An operation's name in the tallies: `METHOD /template`. */
const keyOf = (operation: Operation): string => `${operation.method} ${operation.template}`;

const describeSent = (operation: Operation, sent: Sent): string =>
  `${operation.method} ${sent.path.slice(0, 300)}${sent.path.length > 300 ? `… (${sent.path.length} chars)` : ''} | credential: ${sent.credential.label} | body: ${sent.body ? `${sent.body.label} as ${sent.body.contentType ?? 'no type'}: ${JSON.stringify(sent.body.bytes.subarray(0, 200).toString('utf8'))}${sent.body.bytes.length > 200 ? ` (${sent.body.bytes.length} bytes)` : ''}` : 'none'} | headers: ${sent.headers.map(([n, v]) => `${n}: ${v.toString().slice(0, 40)}`).join(', ') || 'none'}`;

describe(`the hostile-input fuzzer on ${storeKind} (seed ${SEED}, ${RUNS} runs)`, () => {
  let server: TestServer;
  let doc: Json;
  let ajv: Ajv2020;
  let operations: Operation[];
  let ann: Account;
  let bob: Account;
  let seeded: Seeded;

  before(async () => {
    server = await startServer();
    doc = (await call(server, 'GET', '/api/openapi.json')).body;
    ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
    ajv.addSchema(doc, 'openapi.json');
    operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => (METHODS as readonly string[]).includes(method))
        .map(([method, op]): Operation => {
          const parameters = (op.parameters ?? []) as { in: string; name: string; schema: Json }[];
          const media = op.requestBody?.content?.['application/json'] ?? op.requestBody?.content?.['application/x-www-form-urlencoded'];
          return {
            method: method.toUpperCase(),
            template,
            pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
            queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
            bodySchema: media?.schema ?? null,
            example: media?.example,
            schemes: [...new Set(((op.security ?? []) as Record<string, unknown>[]).flatMap((requirement) => Object.keys(requirement)))],
          };
        }),
    );
    ann = await signUp(server, 'ann@example.com');
    bob = await signUp(server, 'bob@example.com');
    seeded = await seed(server, ann, bob);
  });
  after(() => server.close());

  it('drives every documented operation: no 5xx, no hang, the family error body, no state changed by a refusal', async (t) => {
    t.diagnostic(`seed ${SEED} (replay: TESSERA_FUZZ_SEED=${SEED} TESSERA_FUZZ_RUNS=${RUNS})`);
    const started = Date.now();
    /** Per operation: statuses seen. */
    const seen = new Map<string, Map<number, number>>();
    let reseeds = 0;
    const timing = { seed: 0, snapshot: 0, request: 0 };
    let stale: 'spent' | 'check' | 'none' = 'none';
    let known: { mark: string; rows: Snapshot } | null = null;
    /** Per operation: the documented credentials it let past authentication (not 401 or 403). */
    const accepted = new Map<string, Set<string>>();

    const requestFor = (operation: Operation): fc.Arbitrary<Sent> => {
      const pool = seeded.pool;
      const valid = operation.bodySchema ? fc.oneof(fromSchema(operation.bodySchema, doc, pool), ...(operation.example !== undefined ? [fc.constant(operation.example)] : [])) : null;
      const segments = fc.tuple(...operation.pathParams.map((name) => segmentFor(name, pool)));
      return fc.record({
        segments: operation.pathParams.length > 0 ? segments : fc.constant([] as string[]),
        query: operation.queryParams.length > 0 ? queryFor(operation.queryParams, doc, pool) : fc.option(queryFor([], doc, pool), { freq: 5 }).map((q) => q ?? ''),
        credential: credentialFor(pool, operation.schemes, accepted.get(keyOf(operation))),
        body: bodyFor(valid),
        headers: extraHeaders,
      }).map(({ segments: values, query, credential, body, headers }) => {
        let i = 0;
        const path = operation.template.replace(/\{\w+\}/g, () => values[i++] ?? '');
        const sent: Sent = { path: query === '' ? path : `${path}?${query}`, credential, body, headers };
        // fast-check prints a failing input this way, not as a whole 1 MiB body.
        return Object.assign(sent, { [fc.toStringMethod]: () => describeSent(operation, sent) });
      });
    };

    const check = async (operation: Operation, sent: Sent): Promise<void> => {
      if (stale !== 'none') {
        const t0 = Date.now();
        if (stale === 'spent' || !(await seeded.healthy())) {
          seeded = await seed(server, ann, bob, seeded);
          reseeds++;
        }
        timing.seed += Date.now() - t0;
        stale = 'none';
      }
      let t0 = Date.now();
      // The store as the request finds it: the last full snapshot, unless something wrote since.
      const mark = await writeMark(server);
      if (known?.mark !== mark) known = { mark, rows: await snapshot(server) };
      const before = known.rows;
      timing.snapshot += Date.now() - t0;
      t0 = Date.now();
      const headers: [string, string | Buffer][] = [...sent.credential.headers, ...sent.headers];
      if (sent.body?.contentType !== undefined) headers.push(['content-type', sent.body.contentType]);
      const what = describeSent(operation, sent);
      let reply: Reply<Json>;
      try {
        reply = await rawCall(server, { method: operation.method, path: sent.path, headers, body: sent.body?.bytes }, REQUEST_TIMEOUT_MS);
      } catch (error) {
        if (error instanceof RawTimeout) assert.fail(`no answer within ${REQUEST_TIMEOUT_MS} ms: ${what}`);
        throw error;
      }
      timing.request += Date.now() - t0;
      const key = keyOf(operation);
      const statuses = seen.get(key) ?? new Map<number, number>();
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      seen.set(key, statuses);
      if (sent.credential.documented && reply.status !== 401 && reply.status !== 403) {
        const labels = accepted.get(key) ?? new Set<string>();
        accepted.set(key, labels.add(sent.credential.label));
      }
      const answer = `${reply.status} ${reply.text.slice(0, 300)}`;
      assert.ok(reply.status < 500, `a ${reply.status}: ${answer}\n  for ${what}`);
      if (reply.status >= 400) {
        const family = familyOfPath(sent.path);
        assert.match(reply.headers.get('content-type') ?? '', /^application\/json/, `${answer}\n  for ${what}`);
        const problem = familyBodyProblem(family, reply.status, reply.body);
        assert.equal(problem, null, `not the ${family} error body (${problem}): ${answer}\n  for ${what}`);
        const documented = doc.paths[operation.template][operation.method.toLowerCase()].responses;
        const status = String(reply.status) in documented ? String(reply.status) : 'default';
        const pointer = `openapi.json#/paths/${encodeURIComponent(operation.template.replace(/~/g, '~0').replace(/\//g, '~1'))}/${operation.method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
        const validate = documented[status]?.content?.['application/json'] ? ajv.getSchema(pointer) : undefined;
        if (validate && !sent.path.includes('%2F') && !sent.path.includes('..')) assert.ok(validate(reply.body), `${answer} is not the documented ${status} answer (${ajv.errorsText(validate.errors)})\n  for ${what}`);
        t0 = Date.now();
        const markAfter = await writeMark(server);
        if (markAfter !== mark) {
          const after = await snapshot(server);
          const allowed = allowedChanges(operation, reply.status, reply.body);
          const unexpected = changes(before, after).filter((c) => !allowed.has(c.table));
          assert.deepEqual(unexpected, [], `a refused request changed the store: ${answer}\n  for ${what}`);
          known = { mark: markAfter, rows: after };
        }
        timing.snapshot += Date.now() - t0;
      } else if (reply.status < 300) stale = effectOn(operation.method, operation.template);
    };

    // Operation by operation, so that each gets its share of the runs; seeds SEED, SEED+1, ...
    const perOperation = Math.max(1, Math.ceil(RUNS / operations.length));
    for (const [index, operation] of operations.entries()) {
      await fc.assert(
        // Built at each run, from the seed of the moment (a run that spends a credential reseeds).
        fc.asyncProperty(fc.constant(null).chain(() => requestFor(operation)), async (sent) => check(operation, sent)),
        { seed: SEED + index, numRuns: perOperation, endOnFailure: true },
      );
      const health = await rawCall(server, { method: 'GET', path: '/healthz' }, REQUEST_TIMEOUT_MS);
      assert.equal(health.status, 200, `the server answers /healthz after ${keyOf(operation)}`);
    }

    const health = await call(server, 'GET', '/healthz');
    assert.equal(health.status, 200, 'the server still answers /healthz');
    const never = operations.map(keyOf).filter((key) => !seen.has(key));
    assert.deepEqual(never, [], 'every documented operation was driven');
    const total = [...seen.values()].reduce((sum, m) => sum + [...m.values()].reduce((a, b) => a + b, 0), 0);
    const byClass = new Map<string, number>();
    for (const statuses of seen.values()) for (const [status, n] of statuses) byClass.set(`${status}`, (byClass.get(`${status}`) ?? 0) + n);
    const refusedOnly = [...seen.entries()].filter(([, m]) => ![...m.keys()].some((s) => s < 300)).map(([key]) => key);
    const succeeded = seen.size - refusedOnly.length;
    t.diagnostic(`${total} requests in ${((Date.now() - started) / 1000).toFixed(1)} s on ${storeKind}; ${operations.length} operations, ${succeeded} of them answered a 2xx at least once; ${reseeds} reseeds`);
    t.diagnostic(`time in requests ${(timing.request / 1000).toFixed(1)} s, in store snapshots ${(timing.snapshot / 1000).toFixed(1)} s, in checking and reseeding ${(timing.seed / 1000).toFixed(1)} s`);
    t.diagnostic(`never answered a 2xx: ${refusedOnly.join(', ')}`);
    t.diagnostic(`statuses: ${[...byClass.entries()].sort().map(([s, n]) => `${s}×${n}`).join(' ')}`);
  });
});

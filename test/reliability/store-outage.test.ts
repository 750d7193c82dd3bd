// The store goes away (PostgreSQL only): a Tessera process reaches its store through a TCP proxy
// that the test stops (every connection destroyed, new ones refused: a store that is down) or
// black-holes (connections kept, nothing forwarded: a store that hangs, a network partition). Every
// request that needs the store, in each family, must get 503 in the family's error body within
// 2 s; the process stays up, /healthz stays 200 and /readyz is 503; when the proxy passes traffic
// again the service comes back by itself, without a restart, within a bounded time.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { call, createToken, daysFromNow, seedWorkspace, SIGNUP_PASSWORD, signUp, type Account, type Json, type Reply, type RequestOptions } from '../support/client.js';
import { apiToken, authCode, awxToken, pair, plugin, PLUGIN_SCOPES, tokenAuth, type Plugin } from '../support/credential-kinds.js';
import type { TesseraProcess } from '../support/process.js';
import type { Dtable } from '../support/seatable.js';
import { freshLocation, storeKind } from '../support/server.js';
import { dtableOf, startProxiedTessera, type ProxiedTessera } from '../support/proxied-tessera.js';
import type { TcpProxy } from '../support/tcp-proxy.js';

/** The issue's bound on a refusal while the store is away. */
const QUICKLY_MS = 2000;
/** How long the service may take to come back once the store does. */
const RECOVERY_MS = 10_000;

type Family = 'teable' | 'awx' | 'seatable' | 'oauth';

interface Probe {
  readonly label: string;
  readonly family: Family;
  readonly send: () => Promise<Reply<Json>>;
}

/** The family's error body for a 503 (src/routes/error-handler.ts). */
function assertUnavailable(reply: Reply<Json>, family: Family, label: string): void {
  assert.equal(reply.status, 503, `${label}: ${reply.status} ${reply.text}`);
  const body = reply.body as Record<string, unknown>;
  switch (family) {
    case 'teable':
      assert.deepEqual({ status: body.status, code: body.code, message: typeof body.message }, { status: 503, code: 'service_unavailable', message: 'string' }, label);
      break;
    case 'awx':
      assert.deepEqual(Object.keys(body), ['detail'], label);
      assert.equal(typeof body.detail, 'string', label);
      break;
    case 'seatable':
      assert.deepEqual(Object.keys(body), ['error_msg'], label);
      assert.equal(typeof body.error_msg, 'string', label);
      break;
    case 'oauth':
      assert.equal(body.error, 'temporarily_unavailable', label);
      assert.equal(typeof body.error_description, 'string', label);
      break;
  }
}


/** Polls `ready` until it holds; how long that took (fails past `limitMs`). */
async function timeUntil(ready: () => Promise<boolean>, limitMs: number, what: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await ready()) return performance.now() - started;
    assert.ok(performance.now() - started < limitMs, `${what} within ${limitMs} ms`);
    await sleep(50);
  }
}

describe('the store stopped or black-holed', { skip: storeKind !== 'postgres' && 'PostgreSQL only: the embedded SQLite store cannot go away' }, () => {
  const location = storeKind === 'postgres' ? freshLocation() : null;
  let proxy: TcpProxy;
  let server: TesseraProcess;
  let tessera: ProxiedTessera | undefined;
  let ann: Account;
  let dtable: Dtable;
  let annUserNum: number;
  let annPlugin: Plugin;

  before(async () => {
    tessera = await startProxiedTessera(location!);
    ({ proxy, server } = tessera);
    ann = await signUp(server);
    dtable = await dtableOf(tessera.db, await seedWorkspace(server, ann));
    annUserNum = Number((await tessera.db.selectFrom('users').select('num').where('id', '=', ann.id).executeTakeFirstOrThrow()).num);
    annPlugin = await plugin(server, ann, dtable.baseId);
  });

  after(() => tessera?.stop());

  /**
   * Fresh credentials of every kind, made while the store is up and never presented, so that no
   * verdict about them is cached: each request during the outage must reach the store.
   */
  async function freshCredentials() {
    const pat = (await createToken(server, ann, { name: 'outage', scopes: ['space|read', 'base|read', 'table|read', 'record|read'], hasFullAccess: true, expiredTime: daysFromNow(5) })).token as string;
    const awx = await awxToken(server, ann);
    const seatableApi = await apiToken(server, ann, dtable);
    const plugins = await pair(server, ann, annPlugin, dtable.baseId);
    const code = await authCode(server, ann, annPlugin, dtable.baseId);
    // A base access token (a JWT): verified by its signature, then its source credential.
    const jwt = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(await apiToken(server, ann, dtable)));
    assert.equal(jwt.status, 200, jwt.text);
    return { pat, awx, seatableApi, plugins, code, jwt: jwt.body.access_token as string };
  }

  function probes(c: Awaited<ReturnType<typeof freshCredentials>>): Probe[] {
    const p = (label: string, family: Family, method: string, path: string, options: RequestOptions = {}): Probe => ({ label, family, send: () => call(server, method, path, options) });
    const records = `/api/table/${dtable.tableId}/record`;
    const basic = `Basic ${Buffer.from(`${annPlugin.id}:${annPlugin.secret}`).toString('base64')}`;
    return [
      p('Teable sign-in', 'teable', 'POST', '/api/auth/signin', { body: { email: ann.email, password: SIGNUP_PASSWORD } }),
      p('Teable token creation', 'teable', 'POST', '/api/access-token', { cookie: ann.cookie, body: { name: 'x', scopes: ['space|read'], expiredTime: daysFromNow(5) } }),
      p('Teable token list', 'teable', 'GET', '/api/access-token', { cookie: ann.cookie }),
      p('Teable records, new PAT', 'teable', 'GET', records, { token: c.pat }),
      p('Teable plugin code exchange', 'teable', 'POST', `/api/plugin/${annPlugin.id}/token`, { body: { baseId: dtable.baseId, secret: annPlugin.secret, scopes: PLUGIN_SCOPES, authCode: c.code } }),
      p('Teable plugin refresh', 'teable', 'POST', `/api/plugin/${annPlugin.id}/refreshToken`, { body: { refreshToken: c.plugins.refreshToken, secret: annPlugin.secret } }),
      p('Teable records, new plugin token', 'teable', 'GET', records, { token: c.plugins.accessToken }),
      p('AWX me, new token', 'awx', 'GET', '/api/v2/me/', { token: c.awx }),
      p('AWX token list', 'awx', 'GET', '/api/v2/tokens/', { cookie: ann.cookie }),
      p('AWX token creation', 'awx', 'POST', `/api/v2/users/${annUserNum}/personal_tokens/`, { cookie: ann.cookie, body: { scope: 'read' } }),
      p('SeaTable account token (sign-in)', 'seatable', 'POST', '/api2/auth-token/', { body: { username: ann.email, password: SIGNUP_PASSWORD } }),
      p('SeaTable workspaces, new API token', 'seatable', 'GET', '/api/v2.1/workspaces/', tokenAuth(c.seatableApi)),
      p('SeaTable base access token, new API token', 'seatable', 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(c.seatableApi)),
      p('SeaTable API token list', 'seatable', 'GET', `/api/v2.1/workspace/${dtable.workspaceId}/dtable/${encodeURIComponent(dtable.name)}/api-tokens/`, { cookie: ann.cookie }),
      p('SeaTable data server rows, new base token', 'seatable', 'GET', `/dtable-server/api/v1/dtables/${dtable.uuid}/rows/?table_name=Tasks`, tokenAuth(c.jwt)),
      p('OAuth introspection', 'oauth', 'POST', '/oauth/introspect', { headers: { authorization: basic }, body: { token: c.plugins.accessToken } }),
      p('OAuth revocation', 'oauth', 'POST', '/oauth/revoke', { headers: { authorization: basic }, body: { token: c.plugins.refreshToken } }),
    ];
  }

  /** Every probe at once; each must be a 503 in its family's body, answered within QUICKLY_MS. */
  async function assertAllUnavailable(list: Probe[]): Promise<number[]> {
    const timed = await Promise.all(
      list.map(async (probe) => {
        const started = performance.now();
        const reply = await probe.send();
        return { probe, reply, ms: performance.now() - started };
      }),
    );
    for (const { probe, reply, ms } of timed) {
      assertUnavailable(reply, probe.family, probe.label);
      assert.ok(ms < QUICKLY_MS, `${probe.label}: answered in ${Math.round(ms)} ms, not under ${QUICKLY_MS}`);
    }
    return timed.map((t) => t.ms);
  }

  async function assertOperationsDuringOutage(): Promise<void> {
    const health = await call(server, 'GET', '/healthz');
    assert.equal(health.status, 200, 'healthz stays 200');
    const started = performance.now();
    const ready = await call(server, 'GET', '/readyz');
    assert.equal(ready.status, 503, ready.text);
    assert.equal(ready.body.status, 'unavailable');
    assert.ok(performance.now() - started < 2500, 'readyz answers within its own check timeout');
    assert.equal(server.child.exitCode, null, 'the process is alive');
  }

  /** After the proxy resumes: readiness, then every kind of request, by themselves; how long it took. */
  async function assertRecovers(c: Awaited<ReturnType<typeof freshCredentials>>): Promise<{ readyMs: number; servingMs: number }> {
    const readyMs = await timeUntil(async () => (await call(server, 'GET', '/readyz')).status === 200, RECOVERY_MS, 'ready again');
    const servingMs = await timeUntil(
      async () => (await call(server, 'GET', `/api/table/${dtable.tableId}/record`, { token: c.pat })).status === 200,
      RECOVERY_MS,
      'serving again',
    );
    // Everything else too, with the credentials made before the outage.
    const records = `/api/table/${dtable.tableId}/record`;
    const checks: [string, Reply<Json>, number][] = [
      ['sign-in', await call(server, 'POST', '/api/auth/signin', { body: { email: ann.email, password: SIGNUP_PASSWORD } }), 200],
      ['token list', await call(server, 'GET', '/api/access-token', { cookie: ann.cookie }), 200],
      ['AWX me', await call(server, 'GET', '/api/v2/me/', { token: c.awx }), 200],
      ['AWX tokens', await call(server, 'GET', '/api/v2/tokens/', { cookie: ann.cookie }), 200],
      ['SeaTable workspaces', await call(server, 'GET', '/api/v2.1/workspaces/', tokenAuth(c.seatableApi)), 200],
      ['data server rows', await call(server, 'GET', `/dtable-server/api/v1/dtables/${dtable.uuid}/rows/?table_name=Tasks`, tokenAuth(c.jwt)), 200],
      ['plugin token reads', await call(server, 'GET', records, { token: c.plugins.accessToken }), 200],
    ];
    for (const [label, reply, status] of checks) assert.equal(reply.status, status, `${label} after recovery: ${reply.text}`);
    assert.equal(server.child.exitCode, null, 'the same process, never restarted');
    return { readyMs, servingMs };
  }

  for (const outage of ['stopped', 'black-holed'] as const) {
    it(`answers 503 quickly while the store is ${outage}, and serves again by itself`, async () => {
      const credentials = await freshCredentials();
      if (outage === 'stopped') proxy.stop();
      else proxy.blackHole();
      let ms: number[];
      let again: number[];
      try {
        ms = await assertAllUnavailable(probes(credentials));
        // A second round: what the first one left behind (a pool emptied, or full of stuck connections) answers as quickly.
        again = await assertAllUnavailable(probes(credentials));
        await assertOperationsDuringOutage();
      } finally {
        proxy.resume();
      }
      const resumedAt = performance.now();
      const { readyMs, servingMs } = await assertRecovers(credentials);
      const max = (list: number[]): number => Math.round(Math.max(...list));
      console.log(
        `ℹ ${outage}: ${ms.length} requests answered 503 in at most ${max(ms)} ms (second round ${max(again)} ms); ready again ${Math.round(readyMs)} ms and serving ${Math.round(servingMs)} ms after the store came back (${Math.round(performance.now() - resumedAt)} ms for all checks)`,
      );
    });
  }

  it('refuses with 503, not from the cache, a credential verified just before a black hole', async () => {
    // A verdict cached before the outage spares the lookup of the credential, not the request's
    // own reads: the request still needs the store, and gets 503 like any other.
    const credentials = await freshCredentials();
    const records = `/api/table/${dtable.tableId}/record`;
    for (const [label, reply] of [
      ['records with the PAT', await call(server, 'GET', records, { token: credentials.pat })],
      ['AWX me', await call(server, 'GET', '/api/v2/me/', { token: credentials.awx })],
    ] as const) {
      assert.equal(reply.status, 200, `${label}: ${reply.text}`);
    }
    proxy.blackHole();
    try {
      const cached: Probe[] = [
        { label: 'Teable records, cached PAT', family: 'teable', send: () => call(server, 'GET', records, { token: credentials.pat }) },
        { label: 'Teable user, cached PAT', family: 'teable', send: () => call(server, 'GET', '/api/auth/user', { token: credentials.pat }) },
        { label: 'AWX me, cached token', family: 'awx', send: () => call(server, 'GET', '/api/v2/me/', { token: credentials.awx }) },
      ];
      await assertAllUnavailable(cached);
    } finally {
      proxy.resume();
    }
    await assertRecovers(credentials);
  });
});

// What an operator relies on: /healthz and /readyz for the load balancer, /metrics for Prometheus
// after real traffic, a SIGTERM that finishes the requests in flight and flushes what is written
// behind (a restart loses nothing), and configuration errors that name the variable.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { migrateDown, migrateToLatest } from '../src/db/migrate.js';
import { openStore } from '../src/db/database.js';
import { loadConfig } from '../src/config.js';
import { call, createToken, daysFromNow, signUp, SIGNUP_PASSWORD, type Account } from './support/client.js';
import { startProcess } from './support/process.js';
import { freshLocation, startServer, type TestServer } from './support/server.js';

const root = path.resolve(import.meta.dirname, '..');

/** The value of one sample in Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (wanted.every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('health and readiness', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('answers /healthz without a credential and without the store', async () => {
    const reply = await call(server, 'GET', '/healthz');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { status: 'ok' });
  });

  it('is ready with current migrations, and says 503 with the reason when one is pending', async () => {
    assert.deepEqual((await call(server, 'GET', '/readyz')).body, { status: 'ready' });
    await migrateDown(server.store);
    try {
      const pending = await call(server, 'GET', '/readyz');
      assert.equal(pending.status, 503);
      assert.deepEqual(pending.body, { status: 'unavailable', reason: '1 migration(s) pending' });
    } finally {
      await migrateToLatest(server.store);
    }
    assert.equal((await call(server, 'GET', '/readyz')).status, 200);
  });
});

describe('metrics', () => {
  let server: TestServer;
  let ann: Account;
  before(async () => {
    server = await startServer({ TESSERA_METRICS_TOKEN: 'metrics-token-0123456789' });
    ann = await signUp(server);
  });
  after(() => server.close());

  it('needs the metrics token when one is configured', async () => {
    assert.equal((await call(server, 'GET', '/metrics')).status, 401);
    assert.equal((await call(server, 'GET', '/metrics', { token: 'metrics-token-wrong-456789' })).status, 401);
    assert.equal((await call(server, 'GET', '/metrics', { token: 'metrics-token-0123456789' })).status, 200);
  });

  it('counts requests by route and status, verifications by kind and outcome, cache hits, store latency and tokens by state', async () => {
    const live = await createToken(server, ann, { name: 'live', scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(5) });
    const dead = await createToken(server, ann, { name: 'dead', scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(5) });
    assert.equal((await call(server, 'DELETE', `/api/access-token/${dead.id}`, { cookie: ann.cookie })).status, 200);
    for (let i = 0; i < 3; i++) assert.equal((await call(server, 'GET', '/api/auth/user', { token: live.token })).status, 200);
    assert.equal((await call(server, 'GET', '/api/auth/user', { token: dead.token })).status, 401);
    assert.equal((await call(server, 'GET', '/api/auth/user', { token: 'tess_pat_garbage' })).status, 401);

    const scrape = await call(server, 'GET', '/metrics', { token: 'metrics-token-0123456789' });
    assert.match(scrape.headers.get('content-type') ?? '', /^text\/plain/);
    const text = scrape.text;
    assert.equal(sample(text, 'tessera_http_requests_total', { method: 'GET', route: '/api/auth/user', status: '200' }), 3);
    assert.equal(sample(text, 'tessera_http_requests_total', { method: 'GET', route: '/api/auth/user', status: '401' }), 2);
    assert.equal(sample(text, 'tessera_http_requests_total', { method: 'POST', route: '/api/access-token', status: '201' }), 2);
    assert.equal(sample(text, 'tessera_http_request_duration_seconds_count', { method: 'GET', route: '/api/auth/user' }), 5);
    assert.equal(sample(text, 'tessera_verifications_total', { kind: 'personal_access_token', outcome: 'ok' }), 3);
    assert.equal(sample(text, 'tessera_verifications_total', { kind: 'personal_access_token', outcome: 'token_revoked' }), 1);
    assert.equal(sample(text, 'tessera_verifications_total', { kind: 'malformed', outcome: 'token_invalid' }), 1, 'garbage has no kind');
    assert.ok((sample(text, 'tessera_verifications_total', { kind: 'session', outcome: 'ok' }) ?? 0) >= 3, 'the session that made the tokens');
    assert.ok((sample(text, 'tessera_verdict_cache_lookups', { result: 'hit' }) ?? 0) >= 2, 'the 2nd and 3rd uses of the live token hit the cache');
    assert.ok((sample(text, 'tessera_verdict_cache_lookups', { result: 'miss' }) ?? 0) >= 1);
    assert.ok((sample(text, 'tessera_store_query_duration_seconds_count') ?? 0) > 0);
    assert.equal(sample(text, 'tessera_credentials', { kind: 'personal_access_token', state: 'live' }), 1);
    assert.equal(sample(text, 'tessera_credentials', { kind: 'personal_access_token', state: 'revoked' }), 1);
    assert.equal(sample(text, 'tessera_credentials', { kind: 'session', state: 'live' }), 1);
    assert.ok(!text.includes(live.token) && !text.includes('tess_pat_garbage'), 'no secret in the metrics');
  });

  it("shows the process's memory and garbage-collection pauses", async () => {
    const text = (await call(server, 'GET', '/metrics', { token: 'metrics-token-0123456789' })).text;
    const rss = sample(text, 'process_resident_memory_bytes') ?? 0;
    const heap = sample(text, 'nodejs_heap_size_used_bytes') ?? 0;
    assert.ok(rss > 10_000_000 && heap > 1_000_000 && heap < rss, `resident ${rss} bytes, heap in use ${heap}`);
    assert.ok((sample(text, 'nodejs_heap_size_total_bytes') ?? 0) >= heap);
    assert.ok(sample(text, 'nodejs_external_memory_bytes') !== undefined);
    assert.match(text, /^# TYPE nodejs_gc_duration_seconds histogram$/m);
  });
});

/** A TCP connection to the server at `url`, once open. */
function connected(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends on `socket` until it closes it (one `Connection: close` answer). */
function answerOf(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => void (text += chunk));
    socket.once('error', reject);
    socket.once('end', () => resolve(text));
  });
}

describe('shutdown and restart', () => {
  it('on SIGTERM finishes every request in flight, flushes lastUsedTime and refused credentials, and exits 0; a restart loses nothing', async () => {
    const location = freshLocation();
    const first = await startProcess({ ...location.env, LOG_LEVEL: 'info', TESSERA_RATE_FAILED_SIGNIN: '1000000' });
    const ann = await signUp(first);
    const pat = await createToken(first, ann, { name: 'used', scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(5) });
    // Written behind, not yet flushed when the signal comes: a use of the token, a refused credential.
    assert.equal((await call(first, 'GET', '/api/auth/user', { token: pat.token })).status, 200);
    assert.equal((await call(first, 'GET', '/api/auth/user', { token: 'tess_pat_refused_just_before_stopping' })).status, 401);
    // Requests in flight when the signal comes: 16 sign-ins, each written whole on its own open
    // connection before any is answered (raw sockets: fetch may still be dispatching some when
    // the first answer comes, on a loaded machine). A sign-in hashes a password on the thread pool,
    // so by the time the first is answered the server has read them all; the signal comes then.
    const body = JSON.stringify({ email: ann.email, password: SIGNUP_PASSWORD });
    const request = `POST /api/auth/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    const sockets = await Promise.all(Array.from({ length: 16 }, () => connected(first.url)));
    const signIns = sockets.map((socket) => answerOf(socket));
    for (const socket of sockets) socket.write(request);
    await Promise.race(signIns);
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)));
    first.child.kill('SIGTERM');
    const answers = await Promise.all(signIns);
    assert.deepEqual(answers.map((a) => a.split('\r\n')[0]), Array<string>(16).fill('HTTP/1.1 200 OK'), 'every request in flight got its whole answer');
    assert.ok(answers.every((a) => a.includes(`"email":"${ann.email}"`)), 'whole answers');
    assert.equal(await exited, 0);
    assert.match(first.output(), /shutting down: finishing requests in flight/);
    assert.match(first.output(), /"msg":"stopped"/);

    const store = openStore(loadConfig({ ...location.env }));
    try {
      const row = await store.db.selectFrom('access_tokens').select('last_used_time').where('id', '=', pat.id).executeTakeFirstOrThrow();
      assert.notEqual(row.last_used_time, null, 'the written-behind lastUsedTime was flushed before exit');
      const refused = await store.db.selectFrom('audit_events').select('count').where('action', '=', 'auth.failed').execute();
      assert.equal(refused.length, 1, 'the refused credential was flushed to the audit log');
    } finally {
      await store.close();
    }

    const second = await startProcess({ ...location.env });
    try {
      assert.equal((await call(second, 'GET', '/api/auth/user', { token: pat.token })).status, 200, 'the token survives the restart');
      assert.equal((await call(second, 'GET', '/api/auth/user', { cookie: ann.cookie })).status, 200, 'and the session');
    } finally {
      await second.stop();
      const cleanup = openStore(loadConfig({ ...location.env }));
      await location.drop(cleanup);
      await cleanup.close();
    }
  });
});

describe('logs', () => {
  it('are JSON lines with request ids by default, and readable lines with LOG_FORMAT=pretty', async () => {
    for (const format of ['json', 'pretty'] as const) {
      const location = freshLocation();
      const server = await startProcess({ ...location.env, LOG_LEVEL: 'info', LOG_FORMAT: format });
      assert.equal((await call(server, 'GET', '/api/auth/user', { token: 'tess_pat_not_a_real_token_at_all_0000' })).status, 401);
      await server.stop();
      const lines = server.output().trim().split('\n').filter((line) => line.includes('request completed'));
      assert.ok(lines.length >= 1, `${format}: a request line in ${server.output()}`);
      if (format === 'json') {
        const entry = JSON.parse(lines.at(-1)!) as { reqId?: string; req?: { url?: string } };
        assert.match(entry.reqId ?? '', /^req-/);
        assert.equal(entry.req?.url, '/api/auth/user');
      } else {
        assert.ok(lines.every((line) => !line.trimStart().startsWith('{')), `pretty lines are not JSON: ${lines[0]}`);
        assert.match(server.output(), /INFO/);
      }
      assert.ok(!server.output().includes('tess_pat_not_a_real_token_at_all_0000'), 'no secret in the log');
      const cleanup = openStore(loadConfig({ ...location.env }));
      await location.drop(cleanup);
      await cleanup.close();
    }
  });
});

describe('configuration errors', () => {
  for (const [variable, value] of [['PORT', 'eighty'], ['DATABASE_URL', 'mysql://nope'], ['TESSERA_METRICS_TOKEN', 'short'], ['LOG_FORMAT', 'xml'], ['TESSERA_DB_POOL_SIZE', '0']] as const) {
    it(`names ${variable} and exits non-zero`, () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...process.env, [variable]: value }, encoding: 'utf8', timeout: 20_000 });
      assert.equal(run.status, 1, run.stderr);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `one line: ${run.stderr}`);
      assert.match(lines[0]!, new RegExp(`^tessera: configuration error: ${variable}: `));
    });
  }
});

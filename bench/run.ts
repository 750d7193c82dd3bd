// npm run bench: Tessera's verification cost against a bare Fastify server measured in the same
// run. For each store (SQLite, and PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set)
// it seeds a fresh store, starts Tessera (dist/main.js) as a separate process, drives each scenario
// with autocannon over loopback (fixed duration and connections), and prints req/s, p50, p99 and
// the ratio to the bare server. Results go to bench/results/latest.json and a dated copy.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { digestSecret } from '../src/crypto/digest.js';
import { newId } from '../src/crypto/ids.js';
import { generateToken } from '../src/crypto/token-format.js';
import { openStore, type Store } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { AccessTokenRow } from '../src/db/schema.js';
import { freePort } from '../test/support/free-port.js';
import { startNode, type NodeProcess } from '../test/support/process.js';

const root = path.resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const COLD_TOKENS = Number(process.env.BENCH_COLD_TOKENS ?? 100_000);
const SCALE_SMALL = 10_000;
const SCALE_LARGE = Number(process.env.BENCH_SCALE_TOKENS ?? 1_000_000);
const CACHE_SIZE = 10_000;
const SCALE_CACHE_SIZE = 1000;
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;
/** BENCH_ONLY=pat-cold,jwt runs only those scenarios ("scale" included); BENCH_STORES=sqlite only that store. */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const STORES = new Set((process.env.BENCH_STORES ?? 'sqlite,postgres').split(','));
/** BENCH_PROFILE=dir: Tessera runs with --cpu-prof and writes its profile there. */
const PROFILE_DIR = process.env.BENCH_PROFILE ?? null;
const wanted = (scenario: string): boolean => ONLY === null || ONLY.has(scenario);

interface Result {
  store: string;
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ratio: number | null;
  errors: number;
  non2xx: number;
}

/** Peak resident memory of a process, in MB (Linux). */
function peakRssMb(pid: number | undefined): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

async function json(url: string, init: RequestInit & { expect?: number } = {}): Promise<{ body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (init.expect !== undefined ? response.status !== init.expect : response.status >= 300) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return { body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Everything the scenarios need, made through the public API as a client would. */
async function seedThroughApi(url: string) {
  const signup = await json(`${url}/api/auth/signup`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ email: 'bench@example.com', password: 'bench-passw0rd' }), expect: 201 });
  const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
  const userId = signup.body.id as string;
  const as = { ...JSON_HEADERS, cookie };
  const space = await json(`${url}/api/space`, { method: 'POST', headers: as, body: JSON.stringify({ name: 'Bench' }) });
  const base = await json(`${url}/api/base`, { method: 'POST', headers: as, body: JSON.stringify({ spaceId: space.body.id, name: 'Bench' }) });
  const table = await json(`${url}/api/base/${base.body.id as string}/table`, { method: 'POST', headers: as, body: JSON.stringify({ name: 'T', fields: [{ name: 'Title', type: 'singleLineText' }] }) });
  const tableId = table.body.id as string;
  const records = await json(`${url}/api/table/${tableId}/record`, { method: 'POST', headers: as, body: JSON.stringify({ records: [{ fields: { Title: 'hello' } }] }) });
  const recordId = (records.body.records as { id: string }[])[0]!.id;
  const expiredTime = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const pat = await json(`${url}/api/access-token`, { method: 'POST', headers: as, body: JSON.stringify({ name: 'bench', scopes: ['record|read', 'table|read'], hasFullAccess: true, expiredTime }) });
  const plugin = await json(`${url}/api/plugin`, { method: 'POST', headers: as, body: JSON.stringify({ name: 'Bench', scopes: ['record|read'] }) });
  const account = await json(`${url}/api2/auth-token/`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ username: 'bench@example.com', password: 'bench-passw0rd' }) });
  const workspaces = await json(`${url}/api/v2.1/workspaces/`, { headers: { authorization: `Token ${account.body.token as string}` } });
  const workspaceId = (workspaces.body.workspace_list as { id: number }[])[0]!.id;
  const access = await json(`${url}/api/v2.1/workspace/${workspaceId}/dtable/Bench/access-token/`, { headers: { authorization: `Token ${account.body.token as string}` } });
  return {
    userId,
    cookie,
    tableId,
    recordId,
    pat: pat.body.token as string,
    pluginBasic: `Basic ${Buffer.from(`${plugin.body.id as string}:${plugin.body.secret as string}`).toString('base64')}`,
    jwt: access.body.access_token as string,
    dtableUuid: access.body.dtable_uuid as string,
    expiredTime,
  };
}

/** Inserts `count` personal access tokens straight into the store; returns `keep` of their secrets. */
async function insertTokens(store: Store, userId: string, count: number, keep: number): Promise<string[]> {
  const kept: string[] = [];
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const start = Number((await sql<{ n: number | null }>`SELECT MAX(num) AS n FROM access_tokens`.execute(store.db)).rows[0]?.n ?? 0) + 1;
  const BATCH = 1000;
  for (let offset = 0; offset < count; offset += BATCH) {
    const rows: AccessTokenRow[] = [];
    for (let i = offset; i < Math.min(count, offset + BATCH); i++) {
      const secret = generateToken('personalAccessToken');
      if (kept.length < keep) kept.push(secret);
      rows.push({
        id: newId('acc'),
        kind: 'personal_access_token',
        num: start + i,
        user_id: userId,
        name: `bulk ${i}`,
        description: null,
        scopes: '["record|read"]',
        space_ids: null,
        base_ids: null,
        has_full_access: 1,
        secret_digest: digestSecret(secret),
        expired_time: expires,
        created_time: now,
        modified_time: now,
        last_used_time: null,
        revoked_time: null,
        grant_id: null,
      });
    }
    await store.db.insertInto('access_tokens').values(rows).execute();
  }
  await sql`UPDATE sequences SET value = ${start + count} WHERE name = 'access_tokens'`.execute(store.db);
  return kept;
}

interface Scenario {
  name: string;
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Rotates a header over many values (one per request). */
  rotate?: { header: string; values: string[] };
}

async function drive(url: string, scenario: Scenario): Promise<autocannon.Result> {
  let next = 0;
  const rotate = scenario.rotate;
  return autocannon({
    url: url + scenario.path,
    method: scenario.method ?? 'GET',
    connections: CONNECTIONS,
    duration: DURATION,
    headers: scenario.headers ?? {},
    ...(scenario.body !== undefined ? { body: scenario.body } : {}),
    ...(rotate
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                headers: { ...request.headers, [rotate.header]: rotate.values[next++ % rotate.values.length]! },
              }),
            },
          ],
        }
      : {}),
  });
}

function summarize(store: string, scenario: string, result: autocannon.Result, bare: number | null): Result {
  return {
    store,
    scenario,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ratio: bare ? Math.round((result.requests.average / bare) * 100) / 100 : null,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

interface StoreLocation {
  env: Record<string, string>;
  open(): Store;
  /** Closes the store and removes everything it held. */
  drop(): Promise<void>;
}

function location(kind: 'sqlite' | 'postgres'): StoreLocation {
  if (kind === 'postgres') {
    const schema = `bench_${randomBytes(6).toString('hex')}`;
    const env = { DATABASE_URL: PG_URL!, TESSERA_DB_SCHEMA: schema };
    let store: Store | undefined;
    return {
      env,
      open: () => (store = openStore(loadConfig(env))),
      drop: async () => {
        if (!store) return;
        await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(store.db);
        await store.close();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-'));
  const env = { TESSERA_DATA_DIR: dir };
  let store: Store | undefined;
  return {
    env,
    open: () => (store = openStore(loadConfig(env))),
    drop: async () => {
      await store?.close();
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
  };
}

async function startTessera(env: Record<string, string>, cacheSize = CACHE_SIZE): Promise<{ url: string; server: NodeProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : [];
  const server = await startNode([...profile, 'dist/main.js'], {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    TESSERA_PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    TESSERA_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    TESSERA_TOKEN_CACHE_SIZE: String(cacheSize),
    TESSERA_RATE_FAILED_AUTH: '1000000000',
    TESSERA_RATE_TOKEN_CREATION: '1000000000',
  }, `${url}/api/access-token/scopes`, { passOutput: true });
  return { url, server };
}

async function benchStore(kind: 'sqlite' | 'postgres', bareUrl: string, results: Result[], rss: Record<string, number | null>): Promise<void> {
  const log = (line: string): void => void process.stdout.write(`[${kind}] ${line}\n`);
  const where = location(kind);
  const store = where.open();
  await migrateToLatest(store);
  let tessera = await startTessera(where.env);
  try {
    const seed = await seedThroughApi(tessera.url);
    log(`seeding ${COLD_TOKENS.toLocaleString()} tokens`);
    const cold = await insertTokens(store, seed.userId, COLD_TOKENS - 1, COLD_TOKENS);
    const scenarios: Scenario[] = [
      { name: 'pat-warm', path: '/api/auth/user', headers: { authorization: `Bearer ${seed.pat}` } },
      { name: 'pat-cold', path: '/api/auth/user', rotate: { header: 'authorization', values: [seed.pat, ...cold].map((t) => `Bearer ${t}`) } },
      { name: 'jwt', path: `/dtable-server/api/v1/dtables/${seed.dtableUuid}/metadata/`, headers: { authorization: `Token ${seed.jwt}` } },
      { name: 'introspect', method: 'POST', path: '/oauth/introspect', headers: { authorization: seed.pluginBasic, 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${seed.pat}` },
      { name: 'record-read', path: `/api/table/${seed.tableId}/record/${seed.recordId}`, headers: { authorization: `Bearer ${seed.pat}` } },
      {
        name: 'issue',
        method: 'POST',
        path: '/api/access-token',
        headers: { cookie: seed.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'issued', scopes: ['record|read'], hasFullAccess: true, expiredTime: seed.expiredTime }),
      },
    ];
    for (const scenario of scenarios.filter((s) => wanted(s.name))) {
      // The bare server gets the very same requests (the rotation costs the client too).
      const bare = await drive(bareUrl, scenario);
      const result = await drive(tessera.url, scenario);
      const summary = summarize(kind, scenario.name, result, bare.requests.average);
      results.push(summary);
      log(`${scenario.name}: ${summary.requestsPerSecond} req/s (bare ${Math.round(bare.requests.average)}), ratio ${summary.ratio}, p50 ${summary.p50} ms, p99 ${summary.p99} ms, non-2xx ${summary.non2xx}`);
    }
    rss[`${kind} (${COLD_TOKENS.toLocaleString()} tokens)`] = peakRssMb(tessera.server.child.pid);
  } finally {
    await tessera.server.stop();
    await where.drop();
  }

  if (!wanted('scale')) return;
  // scale: the same cold round (the same 10,000 distinct tokens, a cache of 1,000: nearly every
  // request looks its token up) on a store of 10,000 tokens, then on one of 1,000,000.
  const perStore: Record<number, number> = {};
  for (const size of [SCALE_SMALL, SCALE_LARGE]) {
    const scaled = location(kind);
    const scaledStore = scaled.open();
    await migrateToLatest(scaledStore);
    tessera = await startTessera(scaled.env, SCALE_CACHE_SIZE);
    try {
      const seed = await seedThroughApi(tessera.url);
      log(`scale: seeding ${size.toLocaleString()} tokens`);
      const tokens = await insertTokens(scaledStore, seed.userId, size, SCALE_SMALL);
      const result = await drive(tessera.url, { name: 'scale', path: '/api/auth/user', rotate: { header: 'authorization', values: tokens.map((t) => `Bearer ${t}`) } });
      perStore[size] = result.requests.average;
      log(`scale ${size.toLocaleString()}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms`);
      rss[`${kind} (${size.toLocaleString()} tokens)`] = peakRssMb(tessera.server.child.pid);
    } finally {
      await tessera.server.stop();
      await scaled.drop();
    }
  }
  results.push({
    store: kind,
    scenario: `scale (${SCALE_LARGE.toLocaleString()} / ${SCALE_SMALL.toLocaleString()} tokens)`,
    requestsPerSecond: Math.round(perStore[SCALE_LARGE] ?? 0),
    p50: 0,
    p99: 0,
    ratio: Math.round(((perStore[SCALE_LARGE] ?? 0) / (perStore[SCALE_SMALL] ?? 1)) * 100) / 100,
    errors: 0,
    non2xx: 0,
  });
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, 'dist', 'main.js'))) throw new Error('build first: npm run build');
  const barePort = await freePort();
  const bareUrl = `http://127.0.0.1:${barePort}`;
  const bare = await startNode(['bench/bare-server.mjs'], { PORT: String(barePort) }, `${bareUrl}/`, { passOutput: true });
  const results: Result[] = [];
  const rss: Record<string, number | null> = {};
  const started = Date.now();
  try {
    if (STORES.has('sqlite')) await benchStore('sqlite', bareUrl, results, rss);
    if (STORES.has('postgres') && PG_URL) await benchStore('postgres', bareUrl, results, rss);
    else if (STORES.has('postgres')) process.stdout.write('PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)\n');
  } finally {
    await bare.stop();
  }
  console.table(results.map((r) => ({ store: r.store, scenario: r.scenario, 'req/s': r.requestsPerSecond, 'p50 ms': r.p50, 'p99 ms': r.p99, ratio: r.ratio, 'non-2xx': r.non2xx })));
  console.table(Object.entries(rss).map(([server, mb]) => ({ server, 'peak RSS MB': mb })));
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    elapsedSeconds: Math.round((Date.now() - started) / 1000),
    results,
    peakRssMb: rss,
  };
  const dir = path.join(root, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  // A partial run (BENCH_ONLY, BENCH_STORES) keeps its dated copy but does not replace latest.json.
  if (ONLY === null && STORES.has('sqlite') && STORES.has('postgres')) fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${report.date.slice(0, 19).replaceAll(':', '-')}.json`), `${JSON.stringify(report, null, 2)}\n`);
}

await main();

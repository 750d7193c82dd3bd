// The secret sweep: whether any secret handed out during a run (or a part of one) appears where no
// secret may be: a row of any table of the store (audit_events included), log output, an error
// body, or the /metrics output. A SecretCollector hears every answer `call` receives and keeps the
// secrets issued in it (tokens in bodies, session cookies); `findSecrets` searches the places.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Store } from '../../src/db/database.js';
import { call, SIGNUP_PASSWORD, watchReplies, type Endpoint, type Json, type Reply } from './client.js';
import type { TestServer } from './server.js';

/** A secret and what it is (named without the secret). */
export interface SecretInfo {
  readonly kind: string;
}

/** A text to search, and where it came from (said in a failure message). */
export interface Place {
  readonly where: string;
  readonly text: string;
}

export interface Table {
  readonly name: string;
  readonly rows: Record<string, unknown>[];
}

/** Strings shorter than this are not searched for (they could match by chance). */
export const SHORTEST_SECRET = 12;
/** What a secret handed out in an answer looks like: an opaque token (kind prefix, 49 base62 characters) or a JWT. */
export const ISSUED = /tess_[a-z]{3}_[0-9A-Za-z]{49}|eyJ[\w-]*\.[\w-]+\.[\w-]+/g;

/** The secrets a text carries, each with its kind (`tess_pat`, ... or "base access token (JWT)"). */
export function secretsIn(text: string): { value: string; kind: string }[] {
  return [...text.matchAll(ISSUED)].map(([value]) => ({ value, kind: value.startsWith('eyJ') ? 'base access token (JWT)' : value.slice(0, 8) }));
}

/** What the failure messages say about a secret: its kind and its first 9 characters, never more. */
export function describeSecret(value: string, secret: SecretInfo): string {
  const prefix = /^(tess_[a-z]{3}_|eyJ)/.test(value) ? `${value.slice(0, 9)}…` : '(not shown)';
  return `${secret.kind} ${prefix}`;
}

/**
 * What to look for of a secret: all of it, and for an opaque token the start and the end of its
 * random part, for a JWT its signature (a part of a secret gives most of it away).
 */
function needles(value: string): string[] {
  if (/^tess_[a-z]{3}_/.test(value)) return [value, value.slice(9, 29), value.slice(-20)];
  if (value.startsWith('eyJ')) return [value, value.slice(value.lastIndexOf('.') + 1)];
  return [value];
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where each secret (or a part of it) occurs in `places`, compared case-insensitively too (a
 * lower-cased secret is still one), with the text around it, every secret in that text masked.
 */
export function occurrences(secrets: ReadonlyMap<string, SecretInfo>, places: readonly Place[]): string[] {
  const searched = [...secrets].filter(([value]) => value.length >= SHORTEST_SECRET).map(([value, secret]) => ({ value, secret, parts: needles(value).map((n) => n.toLowerCase()) }));
  if (searched.length === 0) return [];
  const everySecret = new RegExp(searched.flatMap((s) => s.parts).map(escape).join('|'), 'gi');
  const mask = (text: string): string => text.replace(everySecret, '<secret>');
  const found: string[] = [];
  for (const { where, text } of places) {
    const haystack = text.toLowerCase();
    for (const { value, secret, parts } of searched) {
      const part = parts.find((p) => haystack.includes(p));
      if (part === undefined) continue;
      const at = haystack.indexOf(part);
      const what = part === parts[0] ? 'this secret' : 'part of this secret';
      // The characters joined to the part found may be more of the secret: they go too.
      const before = mask(text.slice(0, at)).replace(/[\w-]+$/, '').slice(-80);
      const after = mask(text.slice(at + part.length)).replace(/^[\w-]+/, '').slice(0, 80);
      found.push(`${describeSecret(value, secret)} in ${where}: …${before}<${what}>${after}…`);
    }
  }
  return found;
}

/** Every value of a row as text (JSON columns, dates and buffers included). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('utf8') + value.toString('hex');
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** Every row of every table of Tessera's store (`schema`: its PostgreSQL schema, null for public). */
export async function readTables(store: Store, schema: string | null): Promise<Table[]> {
  const db = store.db;
  const names =
    store.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${schema ?? 'public'}`.execute(db)).rows.map((r) => r.name);
  const tables: Table[] = [];
  for (const name of names) tables.push({ name, rows: (await sql<Record<string, unknown>>`select * from ${sql.id(name)}`.execute(db)).rows });
  return tables;
}

/** Each cell of each table as a place to search. */
export function cells(tables: readonly Table[]): Place[] {
  return tables.flatMap((table) => table.rows.flatMap((row, i) => Object.entries(row).map(([column, value]) => ({ where: `${table.name}.${column} (row ${i})`, text: cellText(value) }))));
}

/**
 * Every secret handed out in an answer `call` received while it listens (opaque tokens and JWTs in
 * success bodies, session cookies), the secrets it is told of, and every error answer.
 */
export class SecretCollector {
  readonly secrets = new Map<string, SecretInfo>();
  readonly errors: Place[] = [];
  private readonly stop: () => void;

  constructor() {
    this.keep('password of the accounts signUp makes', SIGNUP_PASSWORD);
    this.stop = watchReplies((method, path, reply) => this.heard(method, path, reply));
  }

  /** A secret the test chose or was given outside an answer (an instance secret, a password). */
  keep(kind: string, value: string): string {
    if (!this.secrets.has(value)) this.secrets.set(value, { kind });
    return value;
  }

  /** Stops listening. */
  close(): void {
    this.stop();
  }

  private heard(method: string, path: string, reply: Reply<Json>): void {
    const route = `${method} ${path.split('?')[0]}`;
    if (reply.status >= 400) this.errors.push({ where: `the ${reply.status} answer to ${route}`, text: reply.text });
    else for (const { value, kind } of secretsIn(reply.text)) this.keep(`${kind} from ${route}`, value);
    for (const cookie of reply.headers.getSetCookie()) {
      const value = /^tessera_session=([^;]+)/.exec(cookie)?.[1];
      if (value) this.keep(`session cookie from ${route}`, value);
    }
  }
}

/** The /metrics text of a Tessera (open: the reliability runs set no TESSERA_METRICS_TOKEN). */
export async function scrapeMetrics(server: Endpoint): Promise<string> {
  const reply = await call(server, 'GET', '/metrics');
  if (reply.status !== 200 || !reply.text.includes('tessera_http_requests_total')) throw new Error(`GET /metrics: ${reply.status} ${reply.text.slice(0, 200)}`);
  return reply.text;
}

/** What a sweep searched (so that a test can tell it was not vacuous), and what it found. */
export interface SweepResult {
  readonly found: string[];
  readonly secrets: number;
  readonly tables: number;
  readonly cells: number;
  readonly auditRows: number;
  readonly logBytes: number;
  readonly errorAnswers: number;
  readonly metricsBytes: number;
  /** One line saying the above, for a test's diagnostic. */
  readonly summary: string;
}

/** Searches the tables, logs, error answers and metrics for every secret. */
export function findSecrets(secrets: ReadonlyMap<string, SecretInfo>, where: { tables: readonly Table[]; logs: readonly Place[]; errors: readonly Place[]; metrics: readonly Place[] }): SweepResult {
  const tableCells = cells(where.tables);
  const found = occurrences(secrets, [...tableCells, ...where.logs, ...where.errors, ...where.metrics]);
  const result = {
    found,
    secrets: secrets.size,
    tables: where.tables.length,
    cells: tableCells.length,
    auditRows: where.tables.find((t) => t.name === 'audit_events')?.rows.length ?? 0,
    logBytes: where.logs.reduce((sum, p) => sum + p.text.length, 0),
    errorAnswers: where.errors.length,
    metricsBytes: where.metrics.reduce((sum, p) => sum + p.text.length, 0),
  };
  const summary =
    `${result.secrets} secrets searched for in ${result.cells} cells of ${result.tables} tables (${result.auditRows} audit rows), ` +
    `${Math.round(result.logBytes / 1024)} KiB of logs, ${result.errorAnswers} error answers and ${Math.round(result.metricsBytes / 1024)} KiB of /metrics: ${found.length} found`;
  return { ...result, summary };
}

/**
 * Waits until the failed authentications written behind have reached the store: sends a refused
 * token with a marker and polls for its audit row (5 s at most).
 */
export async function auditFlushed(server: TestServer): Promise<void> {
  const marker = `secret-sweep-${randomBytes(4).toString('hex')}`;
  await call(server, 'GET', '/api/auth/user', { token: `tess_pat_${'A'.repeat(49)}`, headers: { 'user-agent': marker } });
  for (let waited = 0; waited < 5000; waited += 100) {
    if ((await server.store.db.selectFrom('audit_events').select('id').where('user_agent', '=', marker).execute()).length > 0) return;
    await sleep(100);
  }
}

/** The sweep of a server in the test process: its store's tables, its log lines, the collected error answers, its /metrics. */
export async function sweepServer(server: TestServer, collector: SecretCollector): Promise<SweepResult> {
  const metrics = await scrapeMetrics(server);
  await auditFlushed(server);
  const tables = await readTables(server.store, server.config.databaseSchema);
  return findSecrets(collector.secrets, { tables, logs: [{ where: 'the logs', text: server.logs() }], errors: collector.errors, metrics: [{ where: '/metrics', text: metrics }] });
}

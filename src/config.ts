// Environment -> frozen, validated Config. Nothing else in src/ reads process.env.
import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Directory of the embedded SQLite store (used when databaseUrl is not set). */
  readonly dataDir: string;
  /** PostgreSQL connection string; when set, PostgreSQL is the store. */
  readonly databaseUrl: string | null;
  /** PostgreSQL schema holding Tessera's tables (created if missing); null: the server's default. */
  readonly databaseSchema: string | null;
  /** PostgreSQL: how long the server waits for a new connection (or a free one) before answering 503. */
  readonly databaseConnectTimeoutMs: number;
  /** PostgreSQL: how long the server waits for one statement before answering 503 (and dropping the connection). */
  readonly databaseQueryTimeoutMs: number;
  /** PostgreSQL: the most connections the server holds to the store at once. */
  readonly databasePoolSize: number;
  readonly signup: 'open' | 'closed';
  readonly tokenMaxDays: number;
  /** Lifetime of an AWX-style user personal token. */
  readonly personalTokenDays: number;
  readonly sessionDays: number;
  readonly cookieSecure: boolean;
  readonly tokenCacheSize: number;
  readonly tokenCacheTtlMs: number;
  /** How this Tessera is reached from outside (SeaTable's `dtable_server` and the JWT issuer). */
  readonly publicUrl: string;
  /** Lifetime of a SeaTable base access token (JWT), in seconds. */
  readonly baseTokenTtlSeconds: number;
  /** The instance secret that seals the JWT signing keys in the store; null: kept in the data directory. */
  readonly instanceSecret: string | null;
  /** Redis for rate-limit counters shared by several processes; null: counters in memory. */
  readonly redisUrl: string | null;
  /** Prefix of Tessera's Redis keys (several instances may share one Redis). */
  readonly redisPrefix: string;
  /** Failed authentications allowed per client address and minute. */
  readonly failedAuthPerMinute: number;
  /** Failed sign-ins allowed per account and 15 minutes. */
  readonly failedSigninsPer15Minutes: number;
  /** Tokens a user may create per hour (all kinds). */
  readonly tokensPerHour: number;
  /** Days an audit event is kept. */
  readonly auditDays: number;
  /** Leak reports accepted per client address and hour. */
  readonly leakReportsPerHour: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Log lines made readable for a person (pino-pretty) instead of JSON. */
  readonly logPretty: boolean;
  /** When set, GET /metrics wants `Authorization: Bearer <it>`; null: open. */
  readonly metricsToken: string | null;
  /** How long a shutdown waits for requests in flight before closing their connections. */
  readonly shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.toLowerCase();
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return value as T;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = oneOf(env, name, ['true', 'false', '1', '0'], fallback ? 'true' : 'false');
  return value === 'true' || value === '1';
}

function databaseUrl(env: Env): string | null {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return null;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  return raw;
}

function databaseSchema(env: Env): string | null {
  const raw = env.TESSERA_DB_SCHEMA;
  if (raw === undefined || raw === '') return null;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    throw new ConfigError('TESSERA_DB_SCHEMA', 'must be a lower-case identifier (letters, digits, underscores)');
  }
  return raw;
}

function publicUrl(env: Env): string {
  const raw = env.TESSERA_PUBLIC_URL;
  if (raw === undefined || raw === '') return `http://localhost:${env.PORT && /^\d+$/.test(env.PORT) ? env.PORT : '8080'}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('TESSERA_PUBLIC_URL', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('TESSERA_PUBLIC_URL', 'must be an http(s) URL');
  return url.toString().replace(/\/+$/, '');
}

function redisUrl(raw: string): string {
  if (!/^rediss?:\/\//.test(raw)) throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  return raw;
}

function instanceSecret(env: Env): string | null {
  const raw = env.TESSERA_SECRET;
  if (raw === undefined || raw === '') return null;
  if (raw.length < 32) throw new ConfigError('TESSERA_SECRET', 'must be at least 32 characters');
  return raw;
}

/** LOG_FORMAT=pretty or json; by default pretty when standard output is a terminal. */
function logPretty(env: Env): boolean {
  const format = oneOf(env, 'LOG_FORMAT', ['auto', 'json', 'pretty'], 'auto');
  return format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
}

function metricsToken(env: Env): string | null {
  const raw = env.TESSERA_METRICS_TOKEN;
  if (raw === undefined || raw === '') return null;
  if (raw.length < 16) throw new ConfigError('TESSERA_METRICS_TOKEN', 'must be at least 16 characters');
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  return Object.freeze({
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0',
    dataDir: path.resolve(env.TESSERA_DATA_DIR && env.TESSERA_DATA_DIR !== '' ? env.TESSERA_DATA_DIR : './data'),
    databaseUrl: databaseUrl(env),
    databaseSchema: databaseSchema(env),
    databaseConnectTimeoutMs: integer(env, 'TESSERA_DB_CONNECT_TIMEOUT_MS', 1000, 100, 60_000),
    databaseQueryTimeoutMs: integer(env, 'TESSERA_DB_QUERY_TIMEOUT_MS', 1500, 100, 3_600_000),
    databasePoolSize: integer(env, 'TESSERA_DB_POOL_SIZE', 10, 1, 1000),
    signup: oneOf(env, 'TESSERA_SIGNUP', ['open', 'closed'], 'open'),
    tokenMaxDays: integer(env, 'TESSERA_TOKEN_MAX_DAYS', 366, 1, 36500),
    personalTokenDays: integer(env, 'TESSERA_PERSONAL_TOKEN_DAYS', 365, 1, 36500),
    sessionDays: integer(env, 'TESSERA_SESSION_DAYS', 30, 1, 3650),
    cookieSecure: boolean(env, 'TESSERA_COOKIE_SECURE', false),
    tokenCacheSize: integer(env, 'TESSERA_TOKEN_CACHE_SIZE', 10000, 0, 10_000_000),
    tokenCacheTtlMs: integer(env, 'TESSERA_TOKEN_CACHE_TTL_SECONDS', 30, 0, 3600) * 1000,
    publicUrl: publicUrl(env),
    baseTokenTtlSeconds: integer(env, 'TESSERA_BASE_TOKEN_TTL', 3600, 60, 86_400 * 7),
    instanceSecret: instanceSecret(env),
    redisUrl: env.REDIS_URL && env.REDIS_URL !== '' ? redisUrl(env.REDIS_URL) : null,
    redisPrefix: env.TESSERA_REDIS_PREFIX && env.TESSERA_REDIS_PREFIX !== '' ? env.TESSERA_REDIS_PREFIX : 'tessera:',
    failedAuthPerMinute: integer(env, 'TESSERA_RATE_FAILED_AUTH', 20, 1, 1_000_000_000),
    failedSigninsPer15Minutes: integer(env, 'TESSERA_RATE_FAILED_SIGNIN', 10, 1, 1_000_000_000),
    tokensPerHour: integer(env, 'TESSERA_RATE_TOKEN_CREATION', 100, 1, 1_000_000_000),
    auditDays: integer(env, 'TESSERA_AUDIT_DAYS', 90, 1, 36500),
    leakReportsPerHour: integer(env, 'TESSERA_RATE_LEAK_REPORTS', 60, 1, 1_000_000_000),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    logPretty: logPretty(env),
    metricsToken: metricsToken(env),
    shutdownTimeoutMs: integer(env, 'TESSERA_SHUTDOWN_TIMEOUT_SECONDS', 10, 0, 3600) * 1000,
  });
}

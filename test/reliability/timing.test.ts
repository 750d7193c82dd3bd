// Timing of digest comparison (both stores): how long a presented secret takes to be refused does
// not depend on how much of it matches a real one. Candidates share nothing, half, or all but the
// last character of a real token's random part (with a valid checksum, so they reach the store
// lookup), and are measured interleaved in random order; the medians of their paired differences
// must stay within a tolerance set from the measured noise. The same at the function level for
// secretMatches (src/crypto/digest.ts), where the harness is first shown to catch an early-exit
// comparison. docs/reliability.md says why a prefix match cannot show through the lookup.
import assert from 'node:assert/strict';
import { createHash, randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { encodeBase62 } from '../../src/crypto/base62.js';
import { digestSecret, secretMatches } from '../../src/crypto/digest.js';
import { parseToken } from '../../src/crypto/token-format.js';
import { call, createToken, signUp } from '../support/client.js';
import { startServer, storeKind, type TestServer } from '../support/server.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX = 'tess_pat_';
const RANDOM_LENGTH = 43;

/** How many characters of the real token's random part a candidate shares (then differs at the next one). */
const SHARED = { nothing: 0, half: 21, 'all but the last': 42 } as const;
type Share = keyof typeof SHARED;
const SHARES = Object.keys(SHARED) as Share[];

/** A personal access token sharing the first `shared` characters of `real`'s random part, differing at the next, with a valid checksum. */
function candidate(real: string, shared: number): string {
  const random = real.slice(PREFIX.length, PREFIX.length + RANDOM_LENGTH);
  let rest = '';
  for (let i = shared; i < RANDOM_LENGTH; i++) {
    let c = ALPHABET[randomInt(62)]!;
    while (i === shared && c === random[i]) c = ALPHABET[randomInt(62)]!;
    rest += c;
  }
  // The checksum, as src/crypto/token-format.ts makes it: CRC32 of `<prefix>_<random>`, 6 base62 characters.
  const head = PREFIX + random.slice(0, shared) + rest;
  const token = head + encodeBase62(BigInt(crc32(head)), 6);
  assert.equal(parseToken(token), 'personalAccessToken', 'the candidate is well formed and its checksum holds');
  return token;
}

/**
 * A copy of the string laid out flat in memory. Strings built by concatenation or slicing are
 * ropes or views of another in V8, each shape read at its own speed: the classes compared must not
 * differ in that, only in their content.
 */
const flat = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** How one class of samples differs from the baseline class, against the noise. */
interface Difference {
  readonly label: string;
  /** Median of the per-round differences (this class minus the baseline), in the samples' unit. */
  readonly median: number;
  /** Standard error of that median, from the differences' median absolute deviation. */
  readonly standardError: number;
  readonly tolerance: number;
}

/**
 * Measures every class once per round, in a fresh random order each round, and compares each
 * class with the first by the median of their per-round differences (pairing takes out the
 * machine's drift; the median, its outliers). The tolerance is `k` standard errors of that median,
 * estimated from the differences themselves (1.4826 × MAD for sigma, × 1.2533 / √n for a median),
 * and at least `floor` of the baseline's median.
 */
async function compare<C extends string>(classes: readonly C[], rounds: number, measure: (c: C) => number | Promise<number>, k: number, floor: number): Promise<{ baseline: number; differences: Difference[] }> {
  const samples = new Map(classes.map((c) => [c, [] as number[]]));
  for (let r = 0; r < rounds; r++) for (const c of shuffled(classes)) samples.get(c)!.push(await measure(c));
  const base = samples.get(classes[0]!)!;
  const baseline = median(base);
  const differences = classes.slice(1).map((c) => {
    const d = samples.get(c)!.map((t, r) => t - base[r]!);
    const m = median(d);
    const mad = median(d.map((x) => Math.abs(x - m)));
    const standardError = (1.2533 * 1.4826 * mad) / Math.sqrt(d.length);
    return { label: c, median: m, standardError, tolerance: Math.max(k * standardError, floor * baseline) };
  });
  return { baseline, differences };
}

const say = (unit: string, scale: number, result: { baseline: number; differences: Difference[] }): string =>
  `baseline median ${(result.baseline * scale).toFixed(2)} ${unit}; ` +
  result.differences.map((d) => `${d.label}: ${(d.median * scale).toFixed(3)} ± ${(d.standardError * scale).toFixed(3)} (tolerance ${(d.tolerance * scale).toFixed(3)})`).join('; ');

describe('verification time does not depend on how much of a token matches', () => {
  let server: TestServer;
  const reals: string[] = [];
  before(async () => {
    // Without the verdict cache every candidate reaches the store lookup, however often it is sent.
    server = await startServer({ TESSERA_TOKEN_CACHE_SIZE: '0' });
    const owner = await signUp(server);
    for (let i = 0; i < 5; i++) reals.push((await createToken(server, owner, { scopes: ['record|read'], hasFullAccess: true })).token as string);
  });
  after(() => server.close());

  it('over HTTP: candidates sharing nothing, half, or all but the last character of a real token take the same time to be refused', async (t) => {
    // Each candidate reaches the lookup: one store query per request, where a wrong checksum makes none.
    const queries = async (token: string): Promise<number> => {
      const before = server.queries();
      assert.equal((await call(server, 'GET', '/api/auth/user', { token })).status, 401);
      return server.queries() - before;
    };
    for (const share of SHARES) assert.ok((await queries(candidate(reals[0]!, SHARED[share]))) >= 1, `a candidate sharing ${share} reaches the store`);
    const badChecksum = candidate(reals[0]!, 0).slice(0, -1) + (candidate(reals[0]!, 0).endsWith('0') ? '1' : '0');
    // The count is of every query the server runs, whatever it runs for: one that is not this
    // request's may land in its window (seen once in CI, on PostgreSQL, where the count was 1).
    // A lookup made for a wrong checksum would show in every one of five.
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) counts.push(await queries(badChecksum));
    assert.equal(Math.min(...counts), 0, `a wrong checksum is refused without the store (the count above means something); queries seen: ${counts.join(', ')}`);
    const timeOf = async (share: Share): Promise<number> => {
      const token = candidate(reals[randomInt(reals.length)]!, SHARED[share]);
      const started = process.hrtime.bigint();
      const reply = await call(server, 'GET', '/api/auth/user', { token });
      const elapsed = Number(process.hrtime.bigint() - started);
      assert.equal(reply.status, 401, reply.text);
      return elapsed;
    };
    for (let i = 0; i < 30; i++) await timeOf(SHARES[i % SHARES.length]!); // warm up
    // Over HTTP the noise is tens of microseconds: the test bounds any dependence at that scale.
    const result = await compare(SHARES, 400, timeOf, 6, 0.03);
    t.diagnostic(`GET /api/auth/user, 400 rounds: ${say('µs', 1e-3, result)}`);
    for (const d of result.differences) assert.ok(Math.abs(d.median) <= d.tolerance, `sharing ${d.label}: ${(d.median / 1e3).toFixed(1)} µs slower than sharing nothing, beyond the tolerance of ${(d.tolerance / 1e3).toFixed(1)} µs`);
  });
});

// No store is involved: run once, in the SQLite pass.
describe('secretMatches takes the same time however much matches', { skip: storeKind === 'postgres' ? 'no store involved: run in the SQLite pass' : false }, () => {
  /** One sample: the time of a batch of calls, in nanoseconds per call. */
  const BATCH = 200;
  const ROUNDS = 1000;
  const timed = (run: () => unknown): number => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) run();
    return Number(process.hrtime.bigint() - started) / BATCH;
  };
  /** A hex digest sharing the first `bytes` bytes with `digest` and differing in every later one. */
  const digestSharing = (digest: string, bytes: number): string =>
    digest.slice(0, bytes * 2) + [...Buffer.from(digest.slice(bytes * 2), 'hex')].map((b) => (b ^ 0xff).toString(16).padStart(2, '0')).join('');
  const presented = flat(candidate(`${PREFIX}${'x'.repeat(49)}`, 0));
  const presentedDigest = digestSecret(presented);
  const DIGESTS = { nothing: flat(digestSharing(presentedDigest, 0)), half: flat(digestSharing(presentedDigest, 16)), 'all but the last': flat(digestSharing(presentedDigest, 31)) } as const;

  it('the harness catches an early-exit comparison of the same digests (so it could catch one in secretMatches)', async (t) => {
    // What secretMatches would be with a hand-rolled comparison: the same hashing, then byte by byte until a difference.
    const leaky = (secret: string, digest: string): boolean => {
      const a = createHash('sha256').update(secret, 'utf8').digest();
      const b = Buffer.from(digest, 'hex');
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
      return true;
    };
    // The leak is real, so a miss can only be noise: up to three attempts (the tests below get one).
    let seen = false;
    for (let attempt = 1; attempt <= 3 && !seen; attempt++) {
      const result = await compare(SHARES, ROUNDS, (share) => timed(() => leaky(presented, DIGESTS[share])), 6, 0.005);
      t.diagnostic(`early-exit comparison, attempt ${attempt}, ${ROUNDS} rounds of ${BATCH} calls: ${say('ns per call', 1, result)}`);
      const last = result.differences.find((d) => d.label === 'all but the last')!;
      seen = last.median > last.tolerance;
    }
    assert.ok(seen, 'the harness did not see the early exit in three attempts');
  });

  it('against digests sharing nothing, half, or all but the last byte with the presented secret\'s', async (t) => {
    for (const digest of Object.values(DIGESTS)) assert.equal(secretMatches(presented, digest), false);
    assert.equal(secretMatches(presented, presentedDigest), true);
    const result = await compare(SHARES, ROUNDS, (share) => timed(() => secretMatches(presented, DIGESTS[share])), 6, 0.005);
    t.diagnostic(`secretMatches, ${ROUNDS} rounds of ${BATCH} calls: ${say('ns per call', 1, result)}`);
    for (const d of result.differences) assert.ok(Math.abs(d.median) <= d.tolerance, `sharing ${d.label}: ${d.median.toFixed(1)} ns per call slower, beyond the tolerance of ${d.tolerance.toFixed(1)} ns`);
  });

  it('for secrets sharing nothing, half, or all but the last character with the real one', async (t) => {
    const real = flat(candidate(`${PREFIX}${'y'.repeat(49)}`, 0));
    const digest = digestSecret(real);
    const pools = new Map(SHARES.map((share) => [share, Array.from({ length: 64 }, () => flat(candidate(real, SHARED[share])))]));
    for (const pool of pools.values()) for (const secret of pool) assert.equal(secretMatches(secret, digest), false);
    let i = 0;
    const result = await compare(SHARES, ROUNDS, (share) => timed(() => secretMatches(pools.get(share)![i++ & 63]!, digest)), 6, 0.005);
    t.diagnostic(`secretMatches, ${ROUNDS} rounds of ${BATCH} calls: ${say('ns per call', 1, result)}`);
    for (const d of result.differences) assert.ok(Math.abs(d.median) <= d.tolerance, `sharing ${d.label}: ${d.median.toFixed(1)} ns per call slower, beyond the tolerance of ${d.tolerance.toFixed(1)} ns`);
  });
});

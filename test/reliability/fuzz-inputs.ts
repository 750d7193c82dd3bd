// The fuzzer's inputs (fast-check arbitraries): values derived from an operation's documented JSON
// schema, then mutated; hostile strings, path segments, query strings, raw bodies, content types and
// credential presentations. `Pool` holds the seeded store's real ids, names and secrets, so that
// generated requests reach past the lookups into the handlers.
import fc from 'fast-check';
import type { Json } from '../support/client.js';

export interface Pool {
  /** Real values by the names they go under (a path parameter, a body or query field). */
  readonly byName: Readonly<Record<string, readonly (string | number)[]>>;
  /** Every real id, name and number, for any field. */
  readonly any: readonly (string | number)[];
  /** The seeded table's cells: field name and what it holds. */
  readonly cells: Readonly<Record<string, 'text' | 'number'>>;
  /** Valid credentials: each kind's secret, and the HTTP Basic pairs. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly basic: readonly { user: string; password: string }[];
}

const MIB = 1024 * 1024;

/** Strings that break naive code: empty, huge, control characters, NUL, lone surrogates, odd unicode, injection-looking. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\udbff\udc00\ud800',
    '\u202e\u200b\ufeff',
    '🦜'.repeat(50),
    'ǅ̸̢̛̖̜͚͔̤̲ͯ̀̊',
    '%00',
    '../../etc/passwd',
    "' OR 1=1 --",
    '__proto__',
    'constructor',
    '${7*7}{{7*7}}',
    '\r\nx-injected: 1',
    'null',
    'NaN',
    '-1',
    '1e309',
    '9'.repeat(40),
    '2026-02-30',
    '0000-00-00T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(1_000, 70_000, 300_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(1_000, 100_000).map((n) => '\u{1f99c}\ud800'.repeat(n)),
);

/** Values of the wrong type, or extreme ones of the right type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: fc.constantFrom(null, true, false, 0, -1, -0, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, [], {}, [null], { '': '' }), weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.constantFrom(10, 63, 64, 65, 200).map(nested), weight: 1 },
  { arbitrary: fc.constantFrom(100, 5_000).map((n) => Array.from({ length: n }, (_, i) => `item${i}`)), weight: 1 },
);

/** `[[[...]]]`, `depth` arrays deep. */
export function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { d: value };
  return value;
}

type Schema = Record<string, Json>;

const deref = (schema: Schema, doc: Json): Schema =>
  typeof schema.$ref === 'string' ? (doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] as Schema) : schema;

/** Dates around now: mostly ahead (expiry times that pass), some behind. */
const ISO = fc.date({ min: new Date(Date.now() - 30 * 86_400_000), max: new Date(Date.now() + 365 * 86_400_000), noInvalidDate: true }).map((d) => d.toISOString());

/** A string for a field named `name`: a real value that goes under that name, any real value, or one matching the schema. */
function stringFor(name: string, schema: Schema, pool: Pool): fc.Arbitrary<string> {
  const own = (pool.byName[name] ?? []).map(String);
  const generated = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) });
  const options: fc.WeightedArbitrary<string>[] = [
    { arbitrary: generated, weight: 2 },
    { arbitrary: fc.constantFrom(...pool.any.map(String)), weight: 1 },
  ];
  if (/time|date|expire/i.test(name)) options.push({ arbitrary: fc.oneof(ISO, ISO.map((s) => s.slice(0, 10))), weight: 4 });
  if (own.length > 0) options.push({ arbitrary: fc.constantFrom(...own), weight: 6 });
  return fc.oneof(...options);
}

/** A value the schema (probably) accepts, with real ids where the field names one. */
export function fromSchema(raw: Schema, doc: Json, pool: Pool, name = '', depth = 0): fc.Arbitrary<unknown> {
  const schema = deref(raw, doc);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const members = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (members) return fc.oneof(...members.map((member) => fromSchema(member, doc, pool, name, depth)));
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [schema.type as string] : [];
  if (type.length > 1) return fc.oneof(...type.map((t) => fromSchema({ ...schema, type: t }, doc, pool, name, depth)));
  const own = (pool.byName[name] ?? []).filter((v): v is number => typeof v === 'number');
  switch (type[0]) {
    case 'string':
      return stringFor(name, schema, pool);
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -5;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1000;
      const numbers = fc.integer({ min, max: Math.max(min, Math.min(max, 1_000_000)) });
      return own.length > 0 ? fc.oneof(fc.constantFrom(...own), numbers) : numbers;
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ? fromSchema(schema.items as Schema, doc, pool, name.replace(/s$/, ''), depth + 1) : fc.jsonValue({ maxDepth: 1 });
      return fc.array(items, { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, 3) });
    }
    case 'object': {
      const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
      if (properties.length === 0 || depth > 4) {
        // A free-form object (record cells): the table's cells, or loose names and values.
        const cell = (kind: 'text' | 'number'): fc.Arbitrary<unknown> => (kind === 'text' ? fc.string({ maxLength: 20 }) : fc.integer({ min: -1000, max: 1000 }));
        return fc.oneof(
          fc.record(Object.fromEntries(Object.entries(pool.cells).map(([field, kind]) => [field, cell(kind)])), { requiredKeys: [] }),
          fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(pool.cells)), fc.string({ maxLength: 10 })), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
        );
      }
      const record = Object.fromEntries(properties.map(([key, property]) => [key, fromSchema(property, doc, pool, key, depth + 1)]));
      return fc.record(record, { requiredKeys: (schema.required as string[] | undefined) ?? [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** One change to a JSON value: a field replaced by a hostile value, removed, an extra one added, or the whole of it replaced. */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const change = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), value: hostileValue, at: fc.nat() }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('extra' as const), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'userId', 'id', 'hasFullAccess', ''), fc.string({ maxLength: 12 })), value: hostileValue }),
    fc.record({ kind: fc.constant('whole' as const), value: hostileValue }),
  );
  return fc.tuple(base, fc.array(change, { minLength: 1, maxLength: 3 })).map(([value, changes]) => {
    let result: unknown = structuredClone(value);
    for (const c of changes) {
      if (c.kind === 'whole') {
        result = structuredClone(c.value);
        continue;
      }
      const target = pickObject(result, 'at' in c ? c.at : 0);
      if (target === null) continue;
      const keys = Object.keys(target);
      if (c.kind === 'extra') Object.defineProperty(target, c.key, { value: structuredClone(c.value), enumerable: true, writable: true, configurable: true });
      else if (keys.length > 0) {
        const key = keys[c.at % keys.length]!;
        if (c.kind === 'remove') delete target[key];
        else target[key] = structuredClone(c.value);
      }
    }
    return result;
  });
}

/** The `at`-th object or array found walking the value (modulo how many there are), or null. */
function pickObject(value: unknown, at: number): Record<string, unknown> | null {
  const found: Record<string, unknown>[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > 6) return;
    found.push(v as Record<string, unknown>);
    for (const item of Object.values(v)) walk(item, depth + 1);
  };
  walk(value, 0);
  return found.length === 0 ? null : found[at % found.length]!;
}

export interface Body {
  /** The bytes sent. */
  bytes: Buffer;
  /** Content-Type sent, or none. */
  contentType: string | undefined;
  /** What it is, for the report. */
  label: string;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/merge-patch+json',
  'application/jsonx',
  'application/json; charset=latin1',
  '',
  '*/*',
  'application/json\u00e9',
];

/** Raw JSON texts no serializer writes: duplicate keys, broken syntax, deep nesting, bad UTF-8. */
const rawJsonText: fc.Arbitrary<{ text: string | Buffer; label: string }> = fc.oneof(
  fc.constantFrom(
    '{',
    '{"a":}',
    '{"a":1,}',
    "{'a':1}",
    '[1,2',
    'nul',
    'true',
    '"just a string"',
    '12',
    'null',
    '{}garbage',
    '\ufeff{}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"a":1e999999}',
    '{"a":-0.0000000000000000000000000001e-400}',
  ).map((text) => ({ text, label: `raw ${JSON.stringify(text)}` })),
  fc.constantFrom(64, 65, 100, 1_000, 100_000, 500_000).map((n) => ({ text: '['.repeat(n) + ']'.repeat(n), label: `[ nested ${n} deep` })),
  fc.constantFrom(64, 65, 5_000).map((n) => ({ text: '{"a":'.repeat(n) + '1' + '}'.repeat(n), label: `{ nested ${n} deep` })),
  fc.constant({ text: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x22, 0x7d]), label: 'invalid UTF-8 in a string' }),
  fc.constant({ text: 'x'.repeat(MIB + 10), label: 'over 1 MiB' }),
);

/** Duplicate keys: each of the valid body's keys written twice, the second time with a hostile value. */
function withDuplicateKeys(value: unknown, hostile: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  if (entries.length === 0) return null;
  const parts = entries.flatMap(([k, v]) => [`${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`, `${JSON.stringify(k)}:${JSON.stringify(hostile) ?? 'null'}`]);
  return `{${parts.join(',')}}`;
}

const form = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return String(value);
  return new URLSearchParams(Object.entries(value).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')])).toString();
};

/** A body for an operation whose valid bodies `valid` generates (none: the operation takes no body). */
export function bodyFor(valid: fc.Arbitrary<unknown> | null): fc.Arbitrary<Body | null> {
  const json = (value: unknown, label: string, contentType: string | undefined = 'application/json'): Body => ({ bytes: Buffer.from(JSON.stringify(value) ?? 'undefined', 'utf8'), contentType, label });
  if (valid === null) {
    return fc.oneof(
      { arbitrary: fc.constant(null), weight: 8 },
      { arbitrary: fc.tuple(hostileValue, fc.constantFrom(...CONTENT_TYPES)).map(([v, type]) => json(v, 'a body where none is taken', type || undefined)), weight: 1 },
      { arbitrary: rawJsonText.map(({ text, label }) => ({ bytes: Buffer.from(text), contentType: 'application/json', label })), weight: 1 },
    );
  }
  return fc.oneof(
    { arbitrary: valid.map((v) => json(v, 'schema-valid JSON')), weight: 10 },
    { arbitrary: mutated(valid).map((v) => json(v, 'mutated JSON')), weight: 6 },
    { arbitrary: fc.tuple(valid, fc.constantFrom(...CONTENT_TYPES)).map(([v, type]) => json(v, `JSON as ${type || 'no type'}`, type || undefined)), weight: 2 },
    { arbitrary: valid.map((v) => ({ bytes: Buffer.from(form(v)), contentType: 'application/x-www-form-urlencoded', label: 'a form' })), weight: 2 },
    { arbitrary: mutated(valid).map((v) => ({ bytes: Buffer.from(form(v)), contentType: 'application/x-www-form-urlencoded', label: 'a mutated form' })), weight: 1 },
    {
      arbitrary: fc.tuple(valid, hostileValue).map(([v, hostile]) => {
        const text = withDuplicateKeys(v, hostile);
        return text === null ? json(v, 'schema-valid JSON') : { bytes: Buffer.from(text), contentType: 'application/json', label: 'duplicate keys' };
      }),
      weight: 2,
    },
    { arbitrary: rawJsonText.map(({ text, label }) => ({ bytes: Buffer.from(text), contentType: 'application/json', label })), weight: 3 },
    { arbitrary: fc.constantFrom('', '   ', '\r\n').map((text) => ({ bytes: Buffer.from(text), contentType: 'application/json', label: 'empty' })), weight: 1 },
    { arbitrary: fc.constant(null), weight: 1 },
  );
}

/** A path segment as sent (already percent-encoded, or deliberately not). */
export function segmentFor(name: string, pool: Pool): fc.Arbitrary<string> {
  const own = (pool.byName[name] ?? []).map(String);
  const real = own.length > 0 ? fc.constantFrom(...own) : fc.constantFrom(...pool.any.map(String));
  return fc.oneof(
    { arbitrary: real.map(encodeURIComponent), weight: 20 },
    { arbitrary: fc.constantFrom(...pool.any.map(String)).map(encodeURIComponent), weight: 2 },
    {
      arbitrary: fc.constantFrom('%2F', 'a%2Fb', '..', '%2e%2e', '%2e%2e%2f%2e%2e', '%', '%ZZ', '%00', 'a%00', '%C0%AF', '%ED%A0%80', '%FF', '-1', '0', '1.5', '1e999', '0x10', '99999999999999999999999', ' ', '%20', '+', 'a;b', 'a%3Fb=c', '%23', '~'),
      weight: 4,
    },
    { arbitrary: real.map((r) => `${encodeURIComponent(r)}${'x'.repeat(200)}`), weight: 1 },
    { arbitrary: fc.constantFrom(190, 201, 2_000, 6_000).map((n) => 'a'.repeat(n)), weight: 1 },
    { arbitrary: hostileString.filter((s) => s.length < 3000).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'))), weight: 3 },
  );
}

/** A query string (without the `?`), from the documented query parameters and hostile extras. */
export function queryFor(params: readonly { name: string; schema: Schema }[], doc: Json, pool: Pool): fc.Arbitrary<string> {
  const values = params.map(({ name, schema }) =>
    fc.option(
      fc.oneof(
        { arbitrary: fromSchema(schema, doc, pool, name).map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(String(v))}`), weight: 6 },
        { arbitrary: hostileString.filter((s) => s.length < 3000).map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'))}`), weight: 2 },
        { arbitrary: fc.constantFrom('=', '=%', '=%ZZ', '=%00', '=-1', '=1e999', '[]=1', '[a]=1', `=1&${name}=2`).map((v) => `${encodeURIComponent(name)}${v}`), weight: 2 },
      ),
      { freq: 2 },
    ),
  );
  const extras = fc.array(fc.oneof(fc.constantFrom('__proto__=x', 'constructor[prototype][x]=1', 'a=%', '&&', '=', 'x'.repeat(5_000)), fc.string({ maxLength: 10 }).map((s) => `${encodeURIComponent(s)}=1`)), { maxLength: 2 });
  return fc.tuple(fc.tuple(...values), extras).map(([own, extra]) => [...own.filter((v): v is string => v !== null), ...extra].join('&'));
}

export interface Credential {
  /** Header name and value pairs to send. */
  headers: [string, string | Buffer][];
  label: string;
  /** One of the operation's documented credentials, presented as documented. */
  documented?: true;
}

const SCHEMES = ['Bearer', 'Token', 'bearer', 'TOKEN', 'Basic', 'JWT', 'Bearer  ', ''];

/**
 * Credential presentations: valid ones of every kind in every family's form, and broken ones, for
 * an operation that documents `schemes`. `accepted` names the documented
 * credentials (by label) that the operation has let past authentication before: when there are
 * any, the documented share goes to them alone, so that the runs reach the handler rather than
 * spending themselves on a kind that the operation refuses (a token where a person is required).
 */
export function credentialFor(pool: Pool, schemes: readonly string[], accepted: ReadonlySet<string> = new Set()): fc.Arbitrary<Credential> {
  const kinds = Object.keys(pool.secrets);
  const secret = fc.constantFrom(...kinds).map((kind) => ({ kind, value: pool.secrets[kind]! }));
  const broken = fc.tuple(secret, fc.nat(), fc.constantFrom('truncate', 'flip-checksum', 'flip-any', 'append', 'upper', 'other-prefix', 'huge', 'unicode')).map(([{ kind, value }, at, how]) => {
    const i = at % Math.max(1, value.length);
    const flip = (c: string): string => (c === 'a' ? 'b' : 'a');
    const mangled = {
      truncate: value.slice(0, i),
      'flip-checksum': value.slice(0, -1) + flip(value.slice(-1)),
      'flip-any': value.slice(0, i) + flip(value.charAt(i)) + value.slice(i + 1),
      append: `${value}x`,
      upper: value.toUpperCase(),
      'other-prefix': value.replace(/^tess_[a-z]+_/, 'tess_pat_'),
      huge: value.repeat(200),
      unicode: `${value.slice(0, i)}é${value.slice(i)}`,
    }[how];
    return { kind: `${kind} ${how}`, value: mangled };
  });
  const presented = fc.tuple(fc.oneof({ arbitrary: secret, weight: 3 }, { arbitrary: broken, weight: 2 }), fc.constantFrom('bearer', 'token', 'cookie', 'basic', 'scheme', 'both')).chain(([{ kind, value }, form]) => {
    switch (form) {
      case 'bearer':
        return fc.constant<Credential>({ headers: [['authorization', `Bearer ${value}`]], label: `Bearer ${kind}` });
      case 'token':
        return fc.constant<Credential>({ headers: [['authorization', `Token ${value}`]], label: `Token ${kind}` });
      case 'cookie':
        return fc.constant<Credential>({ headers: [['cookie', `tessera_session=${value}`]], label: `cookie ${kind}` });
      case 'basic':
        return fc.constant<Credential>({ headers: [['authorization', `Basic ${Buffer.from(`${value}:${value}`).toString('base64')}`]], label: `Basic ${kind}:${kind}` });
      case 'scheme':
        return fc.constantFrom(...SCHEMES).map((scheme): Credential => ({ headers: [['authorization', `${scheme} ${value}`]], label: `"${scheme}" ${kind}` }));
      default:
        return fc.constant<Credential>({ headers: [['authorization', `Bearer ${value}`], ['cookie', `tessera_session=${pool.secrets.session ?? value}`]], label: `Bearer ${kind} and a cookie` });
    }
  });
  const basic = fc.tuple(fc.constantFrom(...pool.basic), fc.constantFrom('valid', 'wrong', 'no-colon', 'not-base64', 'unicode')).map(([pair, how]): Credential => {
    const encoded = {
      valid: Buffer.from(`${pair.user}:${pair.password}`).toString('base64'),
      wrong: Buffer.from(`${pair.user}:${pair.password}x`).toString('base64'),
      'no-colon': Buffer.from(pair.user).toString('base64'),
      'not-base64': `${pair.user}:${pair.password}`,
      unicode: Buffer.from(`${pair.user}é:\u0000${pair.password}`).toString('base64'),
    }[how];
    return { headers: [['authorization', `Basic ${encoded}`]], label: `Basic ${how}` };
  });
  const odd = fc.constantFrom<Credential>(
    { headers: [['authorization', '']], label: 'empty Authorization' },
    { headers: [['authorization', 'Bearer']], label: 'Bearer alone' },
    { headers: [['authorization', `Bearer ${'a'.repeat(12_000)}`]], label: 'huge Bearer' },
    { headers: [['authorization', Buffer.from('Bearer t\u00e9st\u{1f99c}', 'utf8')]], label: 'Bearer with UTF-8 bytes' },
    { headers: [['authorization', Buffer.from([0x42, 0x65, 0x61, 0x72, 0x65, 0x72, 0x20, 0x61, 0x00, 0x62])]], label: 'Bearer with a NUL byte' },
    { headers: [['authorization', Buffer.from([0x42, 0x65, 0x61, 0x72, 0x65, 0x72, 0x20, 0x61, 0x01, 0x7f])]], label: 'Bearer with control bytes' },
    { headers: [['cookie', 'tessera_session=']], label: 'empty cookie' },
    { headers: [['cookie', 'tessera_session=%ZZ; tessera_session=x']], label: 'broken and duplicate cookies' },
    { headers: [['cookie', `a=${'b'.repeat(10_000)}`]], label: 'huge cookie' },
    { headers: [['authorization', 'Bearer a'], ['authorization', 'Token b']], label: 'two Authorization headers' },
  );
  // The credentials the operation documents, presented as documented: these reach the handlers.
  const s = pool.secrets;
  const basicOf = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const documentedAs: Credential[] = schemes.flatMap((scheme): Credential[] => {
    switch (scheme) {
      case 'sessionCookie':
        return [{ headers: [['cookie', `tessera_session=${s.session}`]], label: 'the session cookie' }];
      case 'bearerAuth':
        return ['pat', 'awx', 'pluginAccess', 'account', 'apiToken'].map((kind) => ({ headers: [['authorization', `Bearer ${s[kind]}`]], label: `Bearer ${kind}` }));
      case 'tokenAuth':
        return ['account', 'apiToken', 'jwt'].map((kind) => ({ headers: [['authorization', `Token ${s[kind]}`]], label: `Token ${kind}` }));
      case 'baseAccessToken':
        return [{ headers: [['authorization', `Token ${s.jwt}`]], label: 'Token jwt' }];
      case 'basicAuth':
        return [{ headers: [['authorization', basicOf(pool.basic[0]!.user, pool.basic[0]!.password)]], label: 'Basic email:password' }];
      case 'pluginClientAuth':
        return [{ headers: [['authorization', basicOf(pool.basic[1]!.user, pool.basic[1]!.password)]], label: 'Basic plugin:secret' }];
      default:
        return [];
    }
  });
  const documented = documentedAs.map((credential): Credential => ({ ...credential, documented: true }));
  const preferred = documented.filter((credential) => accepted.has(credential.label));
  return fc.oneof(
    { arbitrary: fc.constant<Credential>({ headers: [], label: 'none' }), weight: 2 },
    ...(documented.length > 0 ? [{ arbitrary: fc.constantFrom(...(preferred.length > 0 ? preferred : documented)), weight: 12 }] : []),
    { arbitrary: presented, weight: 6 },
    { arbitrary: basic, weight: 1 },
    { arbitrary: odd, weight: 2 },
  );
}

/** Other headers: none mostly; sometimes huge, unicode or odd ones. */
export const extraHeaders: fc.Arbitrary<[string, string | Buffer][]> = fc.oneof(
  { arbitrary: fc.constant<[string, string | Buffer][]>([]), weight: 8 },
  {
    arbitrary: fc.constantFrom<[string, string | Buffer][]>(
      [['x-forwarded-for', '1.2.3.4, <script>']],
      [['user-agent', 'x'.repeat(12_000)]],
      [['user-agent', Buffer.from('agent \u00e9\u{1f99c}', 'utf8')]],
      [['accept', 'application/xml']],
      [['accept-encoding', 'gzip, br, zstd']],
      [['origin', 'https://evil.example']],
      [['x-requested-with', 'XMLHttpRequest'], ['x-custom', '\u00ff']],
      [['content-encoding', 'gzip']],
      [['transfer-encoding', 'identity']],
      [['expect', '100-continue']],
      [['x-a', 'b'], ['x-a', 'c']],
      [['x-nul', Buffer.from([0x61, 0x00, 0x62])]],
    ),
    weight: 2,
  },
);

// The OpenAPI document (GET /api/openapi.json) of a real server: a valid OpenAPI 3.1 document that
// lists every registered route; each operation's security matches what the route does without a
// credential; the seed endpoints' bodies match the seeds (/work/shared/seeds) field for field; the
// answers of a walk through every operation match their documented schemas; /api/docs renders it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import YAML from 'yaml';
import { ACTIONS } from '../src/auth/actions.js';
import { call, daysFromNow, getWithBody, SIGNUP_PASSWORD, type Json, type Reply, type RequestOptions } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

/** The seeds beside the repository: ../shared/seeds from its root. */
const SEEDS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'seeds');

/** Routes that are not API: the management page's files and Swagger UI's own static files. */
const isStaticFile = (url: string): boolean => url === '/' || url === '/index.html' || url.startsWith('/assets/') || url.startsWith('/api/docs/static/');

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type Schema = Record<string, Json>;
type Operation = Schema & { responses: Record<string, Schema>; security?: Record<string, string[]>[] };

const toOpenApiPath = (url: string): string => url.replace(/:(\w+)/g, '{$1}');
const isPublic = (security: Record<string, string[]>[]): boolean => security.length === 0 || security.some((r) => Object.keys(r).length === 0);

function seedText(number: string): string {
  const file = fs.readdirSync(SEEDS).find((name) => name.startsWith(`${number}_`));
  assert.ok(file, `seed ${number} in ${SEEDS}`);
  return fs.readFileSync(path.join(SEEDS, file), 'utf8');
}

/** The OpenAPI fragment a seed carries in its ````yaml block. */
function seedDocument(number: string): Json {
  const block = /````yaml[^\n]*\n([\s\S]*?)````/.exec(seedText(number));
  assert.ok(block, `seed ${number} has a yaml block`);
  return YAML.parse(block[1]!);
}

/** A property's types, without null (OpenAPI 3.0's `nullable` and 3.1's `null` type alike), and its items'. */
function typesOf(schema: Schema, doc: Json): string[] {
  const resolved = deref(schema, doc);
  const own: string[] = resolved.anyOf ? resolved.anyOf.flatMap((member: Schema) => typesOf(member, doc)) : [resolved.type].flat().filter((t): t is string => typeof t === 'string');
  return [...new Set(own.filter((t) => t !== 'null').map((t) => (t === 'array' && resolved.items ? `array<${typesOf(resolved.items, doc).join('|')}>` : t)))].sort();
}

function deref(schema: Schema, doc: Json): Schema {
  const target = typeof schema.$ref === 'string' ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
  assert.ok(target, `resolves ${String(schema.$ref)}`);
  return target;
}

/** An object schema's fields: each with its types, and the required ones. */
function fields(schema: Schema, doc: Json): { types: Record<string, string[]>; required: string[] } {
  const object = deref(schema, doc);
  const types = Object.fromEntries(Object.entries(object.properties as Record<string, Schema>).map(([name, property]) => [name, typesOf(property, doc)]));
  return { types, required: [...((object.required as string[] | undefined) ?? [])].sort() };
}

/** Asserts our schema has the seed's fields with the seed's types and required list; `extra` names documented additions. */
function assertMatchesSeed(label: string, ours: Schema, oursDoc: Json, seed: Schema, seedDoc: Json, extra: string[] = []): void {
  const mine = fields(ours, oursDoc);
  const theirs = fields(seed, seedDoc);
  for (const name of extra) {
    assert.ok(name in mine.types, `${label}: the documented addition ${name}`);
    assert.ok(!mine.required.includes(name), `${label}: the addition ${name} is optional`);
    delete mine.types[name];
  }
  assert.deepEqual(mine.types, theirs.types, `${label}: fields and types`);
  assert.deepEqual(mine.required, theirs.required, `${label}: required fields`);
}

describe('the OpenAPI document', () => {
  let server: TestServer;
  let doc: Json;
  let operations: { method: string; path: string; op: Operation }[];
  const op = (method: string, path: string): Operation => {
    const found = doc.paths[path]?.[method.toLowerCase()] as Operation | undefined;
    assert.ok(found, `${method} ${path} is documented`);
    return found;
  };
  const jsonSchema = (response: Schema | undefined): Schema => {
    assert.ok(response?.content?.['application/json']?.schema, 'a JSON answer');
    return response.content['application/json'].schema;
  };
  const requestSchema = (operation: Operation): Schema => jsonSchema(operation.requestBody);

  before(async () => {
    server = await startServer();
    const reply = await call(server, 'GET', '/api/openapi.json');
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type') ?? '', /^application\/json/);
    doc = reply.body;
    operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => (METHODS as readonly string[]).includes(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, op: operation })),
    );
  });
  after(() => server.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.deepEqual(result.errors, undefined);
    assert.equal(result.valid, true);
    assert.equal(validator.version, '3.1');
    assert.equal(doc.openapi, '3.1.0');
  });

  it('documents every registered route with its method, and nothing the server does not answer', () => {
    const registered = server.routes.filter((r) => !isStaticFile(r.url)).map((r) => `${r.method} ${toOpenApiPath(r.url)}`);
    const documented = operations.map((o) => `${o.method} ${o.path}`);
    assert.ok(registered.length >= 90, `only ${registered.length} routes`);
    assert.deepEqual([...new Set(registered)].sort(), [...documented].sort());
  });

  it('gives every operation a summary, one declared tag, success and error answers, and security', () => {
    const tags = new Set((doc.tags as { name: string }[]).map((t) => t.name));
    const schemes = new Set(Object.keys(doc.components.securitySchemes));
    for (const { method, path, op: operation } of operations) {
      const key = `${method} ${path}`;
      assert.ok(typeof operation.summary === 'string' && operation.summary.length > 0, `${key}: summary`);
      assert.equal(operation.tags?.length, 1, `${key}: one tag`);
      assert.ok(tags.has(operation.tags[0]), `${key}: tag ${operation.tags[0]} is declared`);
      assert.ok(Object.keys(operation.responses).some((status) => /^2\d\d$/.test(status)), `${key}: a success answer`);
      assert.ok(Array.isArray(operation.security), `${key}: security, or explicitly none`);
      for (const requirement of operation.security) {
        for (const [scheme, scopes] of Object.entries(requirement)) {
          assert.ok(schemes.has(scheme), `${key}: scheme ${scheme} is declared`);
          for (const scope of scopes) assert.ok((ACTIONS as readonly string[]).includes(scope) || scope === 'r' || scope === 'rw', `${key}: scope ${scope}`);
        }
      }
      if (!path.startsWith('/api/docs') && path !== '/api/openapi.json') assert.ok(operation.responses.default, `${key}: a default error answer`);
      if (!isPublic(operation.security)) {
        for (const status of ['401', '403']) assert.ok(operation.responses[status], `${key}: documents ${status}`);
      }
    }
  });

  it("names each route's scope and credentials from the hook it runs", () => {
    assert.deepEqual(op('POST', '/api/table/{tableId}/record').security, [{ bearerAuth: ['record|create'] }, { sessionCookie: ['record|create'] }]);
    assert.deepEqual(op('DELETE', '/api/space/{spaceId}').security, [{ bearerAuth: ['space|delete'] }, { sessionCookie: ['space|delete'] }]);
    assert.deepEqual(op('POST', '/api/access-token').security, [{ bearerAuth: [] }, { sessionCookie: [] }]);
    assert.match(op('POST', '/api/access-token').description, /Only a person/);
    assert.deepEqual(op('GET', '/api/v2/me/').security, [{ bearerAuth: [] }, { basicAuth: [] }, { sessionCookie: [] }]);
    assert.deepEqual(op('GET', '/api/v2.1/workspaces/').security, [{ tokenAuth: [] }, { bearerAuth: [] }, { sessionCookie: [] }]);
    assert.deepEqual(op('GET', '/dtable-server/api/v1/dtables/{dtableUuid}/rows/').security, [{ baseAccessToken: ['r'] }, { tokenAuth: ['r'] }]);
    assert.deepEqual(op('PUT', '/api-gateway/api/v2/dtables/{dtableUuid}/rows/').security, [{ baseAccessToken: ['rw'] }, { tokenAuth: ['rw'] }]);
    assert.deepEqual(op('POST', '/oauth/introspect').security, [{ pluginClientAuth: [] }, { sessionCookie: [] }]);
    assert.deepEqual(op('POST', '/api/plugin/{pluginId}/token').security, []);
    // A body whose fields are all optional may be left out (it reads as {}).
    assert.equal(op('POST', '/api/access-token/{id}/refresh').requestBody.required, false);
    assert.equal(op('POST', '/api/access-token').requestBody.required, true);
    // Error answers come in the family's body.
    const errorRef = (method: string, path: string) => jsonSchema(op(method, path).responses['401']).$ref;
    assert.equal(errorRef('GET', '/api/auth/user'), '#/components/schemas/TeableError');
    assert.equal(errorRef('GET', '/api/v2/tokens/'), '#/components/schemas/AwxError');
    assert.equal(errorRef('GET', '/api/v2.1/workspaces/'), '#/components/schemas/SeatableError');
    assert.equal(errorRef('GET', '/dtable-server/api/v1/dtables/{dtableUuid}/metadata/'), '#/components/schemas/SeatableError');
    assert.equal(errorRef('POST', '/oauth/introspect'), '#/components/schemas/OAuthError');
  });

  it('answers 401 without a credential exactly where the document requires one', async () => {
    for (const { method, path, op: operation } of operations) {
      const url = path.replace(/\{\w+\}/g, '1');
      // The documented example where there is one, so that a route that reads its body first (the OAuth ones) gets past it.
      const body: unknown = operation.requestBody?.content?.['application/json']?.example ?? {};
      const reply = await call(server, method, url, method === 'GET' || method === 'HEAD' ? {} : { body });
      const key = `${method} ${path}`;
      if (isPublic(operation.security ?? [])) assert.notEqual(reply.status, 401, `${key} is public: ${reply.text.slice(0, 200)}`);
      else assert.equal(reply.status, 401, `${key} requires a credential: ${reply.text.slice(0, 200)}`);
    }
  });

  describe('the seed endpoints, field for field', () => {
    it('POST /api/access-token (seed 000): the body and the 201 answer', () => {
      const seed = seedDocument('000');
      const theirs = seed.paths['/access-token'].post;
      const ours = op('POST', '/api/access-token');
      assertMatchesSeed('request', requestSchema(ours), doc, theirs.requestBody.content['application/json'].schema, seed);
      assertMatchesSeed('201', jsonSchema(ours.responses['201']), doc, theirs.responses['201'].content['application/json'].schema, seed);
      assert.deepEqual(Object.keys(theirs.responses), ['201']);
    });

    it('GET /api/access-token/{id} (seed 001): the path parameter and the 200 answer', () => {
      const seed = seedDocument('001');
      const theirs = seed.paths['/access-token/{id}'].get;
      const ours = op('GET', '/api/access-token/{id}');
      assert.deepEqual(
        ours.parameters.map((p: Schema) => [p.in, p.name, p.required, p.schema.type]),
        theirs.parameters.map((p: Schema) => [p.in, p.name, p.required, p.schema.type]),
      );
      assertMatchesSeed('200', jsonSchema(ours.responses['200']), doc, theirs.responses['200'].content['application/json'].schema, seed);
    });

    it('GET /api/plugin/{pluginId}/token (seed 002): the body of the GET and the 200 answer', () => {
      const seed = seedDocument('002');
      const theirs = seed.paths['/plugin/{pluginId}/token'].get;
      const ours = op('GET', '/api/plugin/{pluginId}/token');
      // PKCE's verifier is Tessera's addition (RFC 7636), optional as it must be for seed 002's clients.
      assertMatchesSeed('request', requestSchema(ours), doc, theirs.requestBody.content['application/json'].schema, seed, ['codeVerifier']);
      assertMatchesSeed('200', jsonSchema(ours.responses['200']), doc, theirs.responses['200'].content['application/json'].schema, seed);
      // POST takes and answers the same, with 201.
      assert.deepEqual(requestSchema(op('POST', '/api/plugin/{pluginId}/token')), requestSchema(ours));
      assert.deepEqual(jsonSchema(op('POST', '/api/plugin/{pluginId}/token').responses['201']), jsonSchema(ours.responses['200']));
    });

    it('POST /api/v2/users/{id}/personal_tokens/ (seed 003): the writable fields and the 201 answer', () => {
      const text = seedText('003');
      const [request, response] = text.split('201 Response');
      // The request's fields are listed as "name\n: what it is"; the answer's as "name:" lines (types are capitalised).
      const writable = [...request!.matchAll(/^([a-z_]+)\n: /gm)].map((m) => m[1]);
      const answered = [...response!.matchAll(/^(?:- )?([a-z_]+):/gm)].map((m) => m[1]);
      assert.deepEqual(writable.sort(), ['description', 'scope']);
      assert.equal(answered.length, 14);
      const ours = op('POST', '/api/v2/users/{id}/personal_tokens/');
      assert.deepEqual(Object.keys(fields(requestSchema(ours), doc).types).sort(), writable);
      assert.deepEqual(Object.keys(fields(jsonSchema(ours.responses['201']), doc).types).sort(), answered.sort());
      // The seed's integer and date-time fields.
      const types = fields(jsonSchema(ours.responses['201']), doc).types;
      for (const name of ['id', 'user', 'application']) assert.deepEqual(types[name], ['integer'], name);
      assert.equal(deref(jsonSchema(ours.responses['201']), doc).properties.expires.format, 'date-time');
    });

    it("GET a base's access token and the share link's (seed 004): the sample answers' fields and the errors' bodies", () => {
      const text = seedText('004');
      const [byAccount, byLink] = text.split('## Get A Base\'s Read-only Access Token via Share Link');
      const sampleKeys = (part: string) => {
        const sample = /\*\*Sample Response\*\*([\s\S]*?)\*\*Possible Errors\*\*/.exec(part);
        assert.ok(sample);
        return [...sample[1]!.matchAll(/"(\w+)":/g)].map((m) => m[1]!).sort();
      };
      const accountKeys = sampleKeys(byAccount!);
      const linkKeys = sampleKeys(byLink!);
      assert.deepEqual(accountKeys, ['access_token', 'dtable_server', 'dtable_socket', 'dtable_uuid']);
      for (const [method, path, keys] of [
        ['GET', '/api/v2.1/workspace/{workspaceId}/dtable/{dtableName}/access-token/', accountKeys],
        ['GET', '/api/v2.1/dtable/share-link-access-token/', linkKeys],
      ] as const) {
        const answer = fields(jsonSchema(op(method, path).responses['200']), doc);
        for (const key of keys) {
          assert.deepEqual(answer.types[key], ['string'], `${path}: ${key}`);
          assert.ok(answer.required.includes(key), `${path}: ${key} is always there`);
        }
      }
      // 401 {"detail"}, 403 and 404 {"error_msg"}: SeaTable's error body holds both shapes.
      const accessToken = op('GET', '/api/v2.1/workspace/{workspaceId}/dtable/{dtableName}/access-token/');
      const errorShapes = (deref(doc.components.schemas.SeatableError, doc).anyOf as Schema[]).map((s) => Object.keys(s.properties ?? {}).join());
      for (const [status, body] of [['401', 'detail'], ['403', 'error_msg'], ['404', 'error_msg']] as const) {
        assert.ok(text.includes(`"${body}"`));
        assert.equal(jsonSchema(accessToken.responses[status]).$ref, '#/components/schemas/SeatableError', status);
        assert.ok(errorShapes.includes(body), `${status}: {${body}}`);
      }
      assert.ok(op('GET', '/api/v2.1/dtable/share-link-access-token/').responses['403']);
    });
  });

  it('shows examples of the bodies that make tokens', () => {
    for (const [method, path] of [
      ['POST', '/api/access-token'],
      ['POST', '/api/access-token/{id}/refresh'],
      ['POST', '/api/plugin'],
      ['POST', '/api/plugin/{pluginId}/authCode'],
      ['POST', '/api/plugin/{pluginId}/token'],
      ['GET', '/api/plugin/{pluginId}/token'],
      ['POST', '/api/plugin/{pluginId}/refreshToken'],
      ['POST', '/api/v2/users/{id}/personal_tokens/'],
      ['POST', '/api2/auth-token/'],
      ['POST', '/api/v2.1/workspace/{workspaceId}/dtable/{dtableName}/api-tokens/'],
      ['POST', '/api/v2.1/dtables/share-links/'],
    ] as const) {
      const media = op(method, path).requestBody.content['application/json'];
      assert.ok(media.example && typeof media.example === 'object', `${method} ${path}: an example`);
      // The example is a body the route's own schema accepts.
      const ajv = new Ajv2020({ strict: false });
      assert.ok(ajv.validate(media.schema, media.example), `${method} ${path}: ${ajv.errorsText()}`);
    }
  });

  it('renders at /api/docs: an HTML page whose scripts load and whose document is this one', async () => {
    const page = await call(server, 'GET', '/api/docs');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((m) => new URL(m[1]!, `${server.url}/api/docs`).pathname);
    assert.ok(scripts.some((s) => s.endsWith('/swagger-ui-bundle.js')), 'loads Swagger UI');
    for (const script of scripts) assert.equal((await call(server, 'GET', script)).status, 200, script);
    const initializer = await call(server, 'GET', '/api/docs/static/swagger-initializer.js');
    assert.match(initializer.text, /resolveUrl\('\.\/json'\)/);
    assert.deepEqual((await call(server, 'GET', '/api/docs/json')).body, doc);
  });
});

/** Every object schema that lists properties and says nothing of others, closed to others. */
function closed(node: Json): Json {
  if (Array.isArray(node)) node.forEach(closed);
  else if (node !== null && typeof node === 'object') {
    if (node.properties && typeof node.properties === 'object' && node.additionalProperties === undefined && node.patternProperties === undefined) node.additionalProperties = false;
    Object.values(node).forEach(closed);
  }
  return node;
}

describe('answers as the document says', () => {
  let server: TestServer;
  let doc: Json;
  let ajv: Ajv2020;
  /** Each operation that answered with a documented success, and how. */
  const succeeded = new Set<string>();
  const checked: string[] = [];

  /** The JSON pointer of a document part, as a URI fragment. */
  const pointer = (...parts: string[]): string => `openapi.json#/${parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;

  /** Checks a reply against the operation's documented answer for its status (or `default`); returns it. */
  function check(method: string, template: string, reply: Reply<Json>): Reply<Json> {
    const key = `${method} ${template}`;
    const operation = doc.paths[template]?.[method.toLowerCase()];
    assert.ok(operation, `${key} is documented`);
    const status = String(reply.status);
    const documented = status in operation.responses ? status : 'default';
    if (/^2/.test(status)) assert.equal(documented, status, `${key}: success ${status} is documented`);
    const response = operation.responses[documented];
    assert.ok(response, `${key}: ${status} is documented (${reply.text.slice(0, 200)})`);
    if (!response.content) {
      assert.equal(reply.text, '', `${key}: ${status} has no body`);
    } else {
      const type = (reply.headers.get('content-type') ?? '').split(';')[0]!;
      assert.ok(type in response.content, `${key}: ${status} as ${type}, documented as ${Object.keys(response.content).join(', ')}`);
      if (type === 'application/json') {
        const validate = ajv.getSchema(pointer('paths', template, method.toLowerCase(), 'responses', documented, 'content', 'application/json', 'schema'));
        assert.ok(validate, `${key}: compiles`);
        assert.ok(validate(reply.body), `${key}: ${status} ${reply.text.slice(0, 300)} does not match: ${ajv.errorsText(validate.errors)}`);
      }
    }
    if (/^2/.test(status)) succeeded.add(key);
    checked.push(`${key} ${status}`);
    return reply;
  }

  /** Calls `template` with its {params} filled in and checks the answer; expects `status`. */
  async function send(method: string, template: string, params: Record<string, string | number>, options: RequestOptions & { query?: string }, status: number): Promise<Reply<Json>> {
    const filled = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      assert.ok(params[name] !== undefined, `${template}: ${name}`);
      return encodeURIComponent(String(params[name]));
    });
    const reply = await call(server, method, options.query ? `${filled}?${options.query}` : filled, options);
    assert.equal(reply.status, status, `${method} ${filled}: ${reply.text.slice(0, 300)}`);
    return check(method, template, reply);
  }

  before(async () => {
    server = await startServer();
    doc = (await call(server, 'GET', '/api/openapi.json')).body;
    // OpenAPI 3.1's schemas are JSON Schema 2020-12; date-times as Tessera writes them (ISO 8601, UTC or an offset).
    ajv = new Ajv2020({ strict: false, allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/ } });
    // Closed objects: an answer with a field its schema leaves out fails, so the document hides none.
    ajv.addSchema(closed(structuredClone(doc)), 'openapi.json');
  });
  after(() => server.close());

  it('walks every operation, each success answer matching its schema', async () => {
    const none = {};
    // Accounts and sessions: the first account is the instance admin.
    const signup = await send('POST', '/api/auth/signup', none, { body: { email: 'ann@example.com', password: SIGNUP_PASSWORD, name: 'Ann Admin' } }, 201);
    const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
    const me = { cookie };
    const bob = await send('POST', '/api/auth/signup', none, { body: { email: 'bob@example.com', password: SIGNUP_PASSWORD } }, 201);
    const other = (await send('POST', '/api/auth/signin', none, { body: { email: 'ann@example.com', password: SIGNUP_PASSWORD } }, 200)).headers.get('set-cookie')!.split(';')[0]!;
    await send('GET', '/api/auth/user', none, me, 200);
    const sessions = await send('GET', '/api/auth/sessions', none, me, 200);
    const otherSession = (sessions.body as { id: string; current: boolean }[]).find((s) => !s.current)!.id;
    await send('GET', '/api/access-token/scopes', none, none, 200);

    // The data API.
    const spaceId = (await send('POST', '/api/space', none, { ...me, body: { name: 'Research' } }, 201)).body.id as string;
    await send('GET', '/api/space', none, me, 200);
    await send('GET', '/api/space/{spaceId}', { spaceId }, me, 200);
    await send('PATCH', '/api/space/{spaceId}', { spaceId }, { ...me, body: { name: 'Fieldwork' } }, 200);
    const baseId = (await send('POST', '/api/base', none, { ...me, body: { spaceId, name: 'Base' } }, 201)).body.id as string;
    await send('GET', '/api/base/{baseId}', { baseId }, me, 200);
    await send('PATCH', '/api/base/{baseId}', { baseId }, { ...me, body: { icon: 'x' } }, 200);
    await send('GET', '/api/space/{spaceId}/base', { spaceId }, me, 200);
    const fields = [{ name: 'Title', type: 'singleLineText' }, { name: 'Count', type: 'number' }];
    const tableId = (await send('POST', '/api/base/{baseId}/table', { baseId }, { ...me, body: { name: 'Tasks', description: 'things to do', fields } }, 201)).body.id as string;
    await send('GET', '/api/base/{baseId}/table', { baseId }, me, 200);
    await send('GET', '/api/base/{baseId}/table/{tableId}', { baseId, tableId }, me, 200);
    const recordId = (await send('POST', '/api/table/{tableId}/record', { tableId }, { ...me, body: { records: [{ fields: { Title: 'one', Count: 1 } }] } }, 201)).body.records[0].id as string;
    await send('GET', '/api/table/{tableId}/record', { tableId }, me, 200);
    await send('GET', '/api/table/{tableId}/record/{recordId}', { tableId, recordId }, { ...me, query: 'fieldKeyType=id' }, 200);
    await send('PATCH', '/api/table/{tableId}/record/{recordId}', { tableId, recordId }, { ...me, body: { record: { fields: { Count: 2 } } } }, 200);
    await send('POST', '/api/space/{spaceId}/collaborator', { spaceId }, { ...me, body: { collaborators: [{ principalId: bob.body.id, principalType: 'user' }], role: 'viewer' } }, 201);
    await send('GET', '/api/space/{spaceId}/collaborators', { spaceId }, me, 200);
    await send('PATCH', '/api/space/{spaceId}/collaborators', { spaceId }, { ...me, body: { principalId: bob.body.id, principalType: 'user', role: 'editor' } }, 200);

    // Personal access tokens.
    const pat = (await send('POST', '/api/access-token', none, { ...me, body: { name: 'reader', description: 'reads', scopes: ['record|read'], baseIds: [baseId], expiredTime: daysFromNow(30) } }, 201)).body;
    await send('GET', '/api/access-token', none, me, 200);
    await send('GET', '/api/access-token/{id}', { id: pat.id }, me, 200);
    await send('PUT', '/api/access-token/{id}', { id: pat.id }, { ...me, body: { name: 'reader', scopes: ['record|read', 'table|read'], baseIds: [baseId] } }, 200);
    const refreshed = (await send('POST', '/api/access-token/{id}/refresh', { id: pat.id }, { ...me, body: {} }, 200)).body;
    await send('GET', '/api/table/{tableId}/record', { tableId }, { token: refreshed.token }, 200);
    await send('GET', '/api/access-token/{id}', { id: pat.id }, me, 200); // now with lastUsedTime, perhaps

    // Administration.
    const victim = (await send('POST', '/api/access-token', none, { ...me, body: { name: 'victim', scopes: ['record|read'], expiredTime: daysFromNow(1) } }, 201)).body;
    await send('GET', '/api/admin/tokens', none, { ...me, query: 'kind=personal_access_token' }, 200);
    await send('DELETE', '/api/admin/tokens/{id}', { id: victim.id }, me, 200);
    await send('POST', '/api/admin/jwt-keys/rotate', none, me, 201);
    await send('GET', '/api/token-policies', none, { token: refreshed.token }, 200);
    await send('PUT', '/api/admin/token-policies/{kind}', { kind: 'share_link' }, { ...me, body: { maxLifetimeDays: 90 } }, 200);
    await send('POST', '/api/token-leaks', none, { body: { tokens: ['not-a-secret'], source: 'openapi-test' } }, 202);

    // Plugins and their tokens.
    const plugin = (await send('POST', '/api/plugin', none, { ...me, body: { name: 'Chart', description: 'draws', url: 'https://example.com', scopes: ['record|read', 'table|read'] } }, 201)).body;
    await send('GET', '/api/plugin', none, me, 200);
    await send('GET', '/api/plugin/{pluginId}', { pluginId: plugin.id }, me, 200);
    await send('PUT', '/api/plugin/{pluginId}', { pluginId: plugin.id }, { ...me, body: { description: 'draws bars' } }, 200);
    await send('PATCH', '/api/plugin/{pluginId}', { pluginId: plugin.id }, { ...me, body: { logo: 'https://example.com/logo.png' } }, 200);
    await send('POST', '/api/base/{baseId}/plugin', { baseId }, { ...me, body: { pluginId: plugin.id } }, 201);
    const authCode = async () => (await send('POST', '/api/plugin/{pluginId}/authCode', { pluginId: plugin.id }, { ...me, body: { baseId } }, 201)).text;
    const exchange = { baseId, secret: plugin.secret, scopes: ['record|read'] };
    const pair = (await send('POST', '/api/plugin/{pluginId}/token', { pluginId: plugin.id }, { body: { ...exchange, authCode: await authCode() } }, 201)).body;
    const viaGet = check('GET', '/api/plugin/{pluginId}/token', await getWithBody(server, `/api/plugin/${plugin.id}/token`, { ...exchange, authCode: await authCode() }));
    assert.equal(viaGet.status, 200);
    await send('POST', '/api/plugin/{pluginId}/refreshToken', { pluginId: plugin.id }, { body: { refreshToken: pair.refreshToken, secret: plugin.secret } }, 201);

    // The standard endpoints.
    await send('GET', '/.well-known/jwks.json', none, none, 200);
    await send('POST', '/oauth/introspect', none, { ...me, body: { token: pair.accessToken } }, 200);
    await send('POST', '/oauth/introspect', none, { ...me, body: { token: 'no-such-token' } }, 200);
    await send('POST', '/oauth/revoke', none, { body: { token: pair.accessToken } }, 200);
    await send('POST', '/api/plugin/{pluginId}/regenerate-secret', { pluginId: plugin.id }, me, 201);
    await send('DELETE', '/api/base/{baseId}/plugin/{pluginId}', { baseId, pluginId: plugin.id }, me, 200);
    await send('DELETE', '/api/plugin/{pluginId}', { pluginId: plugin.id }, me, 200);

    // AWX.
    const userNum = (await send('GET', '/api/v2/me/', none, me, 200)).body.results[0].id as number;
    await send('GET', '/api/v2/users/{id}/', { id: userNum }, me, 200);
    const awx = (await send('POST', '/api/v2/users/{id}/personal_tokens/', { id: userNum }, { ...me, body: { description: 'terraform', scope: 'read' } }, 201)).body;
    await send('GET', '/api/v2/users/{id}/personal_tokens/', { id: userNum }, me, 200);
    await send('GET', '/api/v2/tokens/', none, { ...me, query: 'page_size=1' }, 200);
    await send('GET', '/api/v2/tokens/{id}/', { id: awx.id }, me, 200);
    await send('PATCH', '/api/v2/tokens/{id}/', { id: awx.id }, { ...me, body: { description: 'terraform, read' } }, 200);
    await send('GET', '/api/v2/me/', none, { token: awx.token }, 200);
    await send('DELETE', '/api/v2/tokens/{id}/', { id: awx.id }, me, 204);

    // SeaTable: account token, workspaces, base access tokens, API tokens, share links.
    const account = (await send('POST', '/api2/auth-token/', none, { body: { username: 'ann@example.com', password: SIGNUP_PASSWORD } }, 200)).body.token as string;
    const byAccount = { headers: { authorization: `Token ${account}` } };
    const workspaceId = (await send('GET', '/api/v2.1/workspaces/', none, byAccount, 200)).body.workspace_list[0].id as number;
    const base = { workspaceId, dtableName: 'Base' };
    const access = (await send('GET', '/api/v2.1/workspace/{workspaceId}/dtable/{dtableName}/access-token/', base, byAccount, 200)).body;
    const apiToken = (await send('POST', '/api/v2.1/workspace/{workspaceId}/dtable/{dtableName}/api-tokens/', base, { ...me, body: { app_name: 'importer', permission: 'rw' } }, 201)).body.api_token as string;
    await send('GET', '/api/v2.1/workspace/{workspaceId}/dtable/{dtableName}/api-tokens/', base, me, 200);
    await send('PUT', '/api/v2.1/workspace/{workspaceId}/dtable/{dtableName}/api-tokens/{appName}/', { ...base, appName: 'importer' }, { ...me, body: { permission: 'r' } }, 200);
    await send('GET', '/api/v2.1/dtable/app-access-token/', none, { headers: { authorization: `Token ${apiToken}` } }, 200);
    const link = (await send('POST', '/api/v2.1/dtables/share-links/', none, { ...me, body: { workspace_id: workspaceId, table_name: 'Base', password: 'link-passw0rd', expire_days: 7 } }, 201)).body;
    await send('GET', '/api/v2.1/dtables/share-links/', none, { ...me, query: `workspace_id=${workspaceId}&table_name=Base` }, 200);
    await send('GET', '/api/v2.1/dtable/share-link-access-token/', none, { query: `token=${link.token}&password=link-passw0rd` }, 200);
    await send('DELETE', '/api/v2.1/dtables/share-links/{token}/', { token: link.id }, me, 200);
    await send('DELETE', '/api/v2.1/workspace/{workspaceId}/dtable/{dtableName}/api-tokens/{appName}/', { ...base, appName: 'importer' }, me, 200);

    // The data server, v1 and v2.
    const jwt = { headers: { authorization: `Token ${access.access_token}` } };
    const uuid = { dtableUuid: access.dtable_uuid as string };
    const v1 = '/dtable-server/api/v1/dtables/{dtableUuid}';
    const v2 = '/api-gateway/api/v2/dtables/{dtableUuid}';
    await send('GET', `${v1}/metadata/`, uuid, jwt, 200);
    await send('GET', `${v2}/metadata/`, uuid, jwt, 200);
    const rowId = (await send('POST', `${v1}/rows/`, uuid, { ...jwt, body: { table_name: 'Tasks', row: { Title: 'two' } } }, 200)).body._id as string;
    await send('GET', `${v1}/rows/`, uuid, { ...jwt, query: 'table_name=Tasks' }, 200);
    await send('GET', `${v2}/rows/`, uuid, { ...jwt, query: 'table_name=Tasks&limit=10' }, 200);
    await send('GET', `${v1}/rows/{rowId}/`, { ...uuid, rowId }, { ...jwt, query: 'table_name=Tasks' }, 200);
    await send('GET', `${v2}/rows/{rowId}/`, { ...uuid, rowId }, { ...jwt, query: 'table_name=Tasks' }, 200);
    await send('PUT', `${v1}/rows/`, uuid, { ...jwt, body: { table_name: 'Tasks', row_id: rowId, row: { Count: 5 } } }, 200);
    const v2Row = (await send('POST', `${v2}/rows/`, uuid, { ...jwt, body: { table_name: 'Tasks', rows: [{ Title: 'three' }] } }, 200)).body.first_row._id as string;
    await send('PUT', `${v2}/rows/`, uuid, { ...jwt, body: { table_name: 'Tasks', updates: [{ row_id: v2Row, row: { Count: 6 } }] } }, 200);
    await send('DELETE', `${v2}/rows/`, uuid, { ...jwt, body: { table_name: 'Tasks', row_ids: [v2Row] } }, 200);
    await send('DELETE', `${v1}/rows/`, uuid, { ...jwt, body: { table_name: 'Tasks', row_id: rowId } }, 200);

    // Operations and the documentation.
    await send('GET', '/healthz', none, none, 200);
    await send('GET', '/readyz', none, none, 200);
    await send('GET', '/metrics', none, none, 200);
    await send('GET', '/api/openapi.json', none, none, 200);
    await send('GET', '/api/docs', none, none, 200);
    await send('GET', '/api/docs/json', none, none, 200);
    await send('GET', '/api/docs/yaml', none, none, 200);

    // The audit log, now that there is something in it, and the deletions.
    await send('GET', '/api/audit', none, { ...me, query: 'take=50' }, 200);
    await send('DELETE', '/api/space/{spaceId}/collaborators', { spaceId }, { ...me, query: `principalId=${bob.body.id}&principalType=user` }, 200);
    await send('DELETE', '/api/table/{tableId}/record/{recordId}', { tableId, recordId }, me, 200);
    await send('DELETE', '/api/base/{baseId}/table/{tableId}', { baseId, tableId }, me, 200);
    await send('DELETE', '/api/base/{baseId}', { baseId }, me, 200);
    await send('DELETE', '/api/space/{spaceId}', { spaceId }, me, 200);
    await send('DELETE', '/api/access-token/{id}', { id: pat.id }, me, 200);
    await send('DELETE', '/api/auth/sessions/{id}', { id: otherSession }, me, 200);
    assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: other })).status, 401);
    await send('POST', '/api/auth/signout', none, me, 200);

    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    assert.deepEqual(documented.filter((key) => !succeeded.has(key)), [], 'operations never seen succeeding');
  });

  it("answers errors in the documented body of each family", async () => {
    const awxBasic = { headers: { authorization: `Basic ${Buffer.from('nobody@example.com:wrong').toString('base64')}` } };
    await send('GET', '/api/auth/user', {}, {}, 401);
    await send('GET', '/api/access-token/{id}', { id: 'nope' }, { token: 'garbage' }, 401);
    await send('POST', '/api/auth/signup', {}, { body: { email: 'x' } }, 400);
    await send('GET', '/api/v2/tokens/', {}, awxBasic, 401);
    await send('POST', '/api2/auth-token/', {}, { body: { username: 'nobody@example.com', password: 'wrong' } }, 400);
    await send('GET', '/api/v2.1/workspaces/', {}, { headers: { authorization: 'Token garbage' } }, 401);
    await send('GET', '/api/v2.1/dtable/share-link-access-token/', {}, { query: 'token=garbage' }, 403);
    await send('GET', '/dtable-server/api/v1/dtables/{dtableUuid}/metadata/', { dtableUuid: 'x' }, {}, 401);
    await send('POST', '/oauth/introspect', {}, { body: { token: 'x' } }, 401);
    await send('POST', '/oauth/revoke', {}, { body: {} }, 400);
    assert.ok(checked.length >= 10);
  });
});

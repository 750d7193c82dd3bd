// The AWX family (seed 003, issue #4): /api/v2/ me and users, user personal tokens (read or
// write) created, listed, read, changed and revoked, AWX's authentication and Django REST
// framework's bodies, page-number pagination, and the tokens' rights on the Teable data API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateToken } from '../src/crypto/token-format.js';
import { call, createToken, seedWorkspace, type Json, type Reply, type RequestOptions } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

const PASSWORD = 'passw0rd-awx';
const MASK = '************';
const SCOPE_MESSAGE = "Must be a simple space-separated string with allowed scopes ['read', 'write'].";
const NO_PERMISSION = { detail: 'You do not have permission to perform this action.' };
const NOT_FOUND = { detail: 'Not found.' };
const INVALID_PAGE = { detail: 'Invalid page.' };
const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.' };
const DAY_MS = 86_400_000;

/** Every field of seed 003's UserPersonalToken. */
const TOKEN_FIELDS = [
  'id',
  'type',
  'url',
  'related',
  'summary_fields',
  'created',
  'modified',
  'description',
  'user',
  'token',
  'refresh_token',
  'application',
  'expires',
  'scope',
].sort();

interface Person {
  email: string;
  name: string;
  cookie: string;
  /** The AWX (integer) user id. */
  num: number;
}

type Workspace = { spaceId: string; baseId: string; tableId: string };

let counter = 0;

/** Signs up an account with a name, and reads its integer id from /api/v2/me/. */
async function person(server: TestServer, name: string): Promise<Person> {
  const email = `awx${++counter}-${Date.now()}@example.com`;
  const reply = await call(server, 'POST', '/api/auth/signup', { body: { email, password: PASSWORD, name } });
  if (reply.status !== 201) throw new Error(`sign-up failed: ${reply.status} ${reply.text}`);
  const cookie = reply.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('sign-up set no cookie');
  const me = await call(server, 'GET', '/api/v2/me/', { cookie });
  if (me.status !== 200) throw new Error(`/api/v2/me/ failed: ${me.status} ${me.text}`);
  return { email, name, cookie, num: me.body.results[0].id as number };
}

const basic = (email: string, password: string): RequestOptions => ({
  headers: { authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}` },
});

function assertTokenShape(body: Json, label = 'token'): void {
  assert.equal(typeof body, 'object', label);
  assert.deepEqual(Object.keys(body).sort(), TOKEN_FIELDS, `${label}: fields`);
}

describe('AWX family (/api/v2/)', () => {
  let server: TestServer;
  let admin: Person;
  let ann: Person;
  let bob: Person;
  let annWs: Workspace;
  let bobWs: Workspace;

  const as = (who: Person, extra: RequestOptions = {}): RequestOptions => ({ cookie: who.cookie, ...extra });

  /** POST /api/v2/users/{num}/personal_tokens/ as `who` (default: for themself); expects 201. */
  async function mint(who: Person, body: Record<string, unknown> = {}, forNum = who.num): Promise<Json> {
    const reply = await call(server, 'POST', `/api/v2/users/${forNum}/personal_tokens/`, as(who, { body }));
    if (reply.status !== 201) throw new Error(`token creation failed: ${reply.status} ${reply.text}`);
    return reply.body;
  }

  /** Follows `next` from `path` to the end; returns every page. */
  async function allPages(path: string, options: RequestOptions): Promise<Json[]> {
    const pages: Json[] = [];
    for (let next: string | null = path; next !== null; ) {
      const reply: Reply<Json> = await call(server, 'GET', next, options);
      assert.equal(reply.status, 200, `${next}: ${reply.text}`);
      pages.push(reply.body);
      next = reply.body.next as string | null;
      assert.ok(pages.length <= 100, 'next never ends');
    }
    return pages;
  }

  const allIds = async (path: string, options: RequestOptions): Promise<number[]> =>
    (await allPages(path, options)).flatMap((page) => page.results.map((t: Json) => t.id as number));

  const records = (ws: Workspace, token: string) => call(server, 'GET', `/api/table/${ws.tableId}/record`, { token });
  const addRecord = (ws: Workspace, token: string, title = 'from a token') =>
    call(server, 'POST', `/api/table/${ws.tableId}/record`, { token, body: { records: [{ fields: { Title: title } }] } });

  before(async () => {
    server = await startServer();
    // The first account signed up on a fresh instance is its admin.
    admin = await person(server, 'Ada Lovelace');
    ann = await person(server, 'Ann Marie Smith');
    bob = await person(server, 'bob');
    annWs = await seedWorkspace(server, { id: '', email: ann.email, cookie: ann.cookie });
    bobWs = await seedWorkspace(server, { id: '', email: bob.email, cookie: bob.cookie });
  });
  after(() => server.close());

  describe('authentication', () => {
    it('answers 401 "Authentication credentials were not provided." to every route without a credential', async () => {
      const created = await mint(ann);
      const routes: [string, string][] = [
        ['GET', '/api/v2/me/'],
        ['GET', `/api/v2/users/${ann.num}/`],
        ['GET', `/api/v2/users/${ann.num}/personal_tokens/`],
        ['POST', `/api/v2/users/${ann.num}/personal_tokens/`],
        ['GET', '/api/v2/tokens/'],
        ['GET', `/api/v2/tokens/${created.id}/`],
        ['PATCH', `/api/v2/tokens/${created.id}/`],
        ['DELETE', `/api/v2/tokens/${created.id}/`],
      ];
      for (const [method, path] of routes) {
        const reply = await call(server, method, path, method === 'POST' || method === 'PATCH' ? { body: { description: 'x' } } : {});
        assert.equal(reply.status, 401, `${method} ${path}`);
        assert.deepEqual(reply.body, NOT_PROVIDED, `${method} ${path}`);
      }
      const still = await call(server, 'GET', `/api/v2/tokens/${created.id}/`, as(ann));
      assert.equal(still.status, 200, 'the anonymous DELETE removed the token');
      assert.equal(still.body.description, '', 'the anonymous PATCH changed the token');
    });

    it('accepts the session cookie, HTTP Basic with email and password, and a bearer token, each as its user', async () => {
      const created = await mint(ann);
      for (const [label, options] of [
        ['cookie', as(ann)],
        ['basic', basic(ann.email, PASSWORD)],
        ['bearer', { token: created.token as string }],
      ] as [string, RequestOptions][]) {
        const reply = await call(server, 'GET', '/api/v2/me/', options);
        assert.equal(reply.status, 200, `${label}: ${reply.text}`);
        assert.equal(reply.body.results[0].id, ann.num, label);
        assert.equal(reply.body.results[0].email, ann.email, label);
      }
    });

    it('answers 401 "Invalid username/password." to HTTP Basic with a wrong password or an unknown email', async () => {
      for (const options of [basic(ann.email, 'wrong-passw0rd'), basic('nobody@example.com', PASSWORD), basic(ann.email, '')]) {
        const reply = await call(server, 'GET', '/api/v2/me/', options);
        assert.equal(reply.status, 401, reply.text);
        assert.deepEqual(reply.body, { detail: 'Invalid username/password.' });
      }
    });

    it('answers 401 "Invalid token." to a bearer token that is garbage or altered', async () => {
      const created = await mint(ann);
      const secret = created.token as string;
      const last = secret.at(-1) === 'A' ? 'B' : 'A';
      // Garbage, a typo (the checksum fails), and a well-formed secret that was never issued.
      for (const token of ['not-a-token', secret.slice(0, -1) + last, `${secret}x`, generateToken('userPersonalToken')]) {
        const reply = await call(server, 'GET', '/api/v2/me/', { token });
        assert.equal(reply.status, 401, `${token}: ${reply.text}`);
        assert.deepEqual(reply.body, { detail: 'Invalid token.' });
      }
    });

    it('refuses with 403 to manage tokens with a bearer token, even a write one, and changes nothing', async () => {
      const created = await mint(ann, { description: 'keep me', scope: 'write' });
      const token = created.token as string;
      const attempts: [string, string, unknown][] = [
        ['POST', `/api/v2/users/${ann.num}/personal_tokens/`, { description: 'minted by a token' }],
        ['GET', `/api/v2/users/${ann.num}/personal_tokens/`, undefined],
        ['GET', '/api/v2/tokens/', undefined],
        ['GET', `/api/v2/tokens/${created.id}/`, undefined],
        ['PATCH', `/api/v2/tokens/${created.id}/`, { description: 'changed by a token' }],
        ['DELETE', `/api/v2/tokens/${created.id}/`, undefined],
      ];
      for (const [method, path, body] of attempts) {
        const reply = await call(server, method, path, body === undefined ? { token } : { token, body });
        assert.equal(reply.status, 403, `${method} ${path}: ${reply.text}`);
        assert.deepEqual(reply.body, NO_PERMISSION, `${method} ${path}`);
      }
      const list = await allPages(`/api/v2/users/${ann.num}/personal_tokens/?page_size=200`, as(ann));
      const descriptions = list.flatMap((page) => page.results.map((t: Json) => t.description));
      assert.ok(!descriptions.includes('minted by a token'), 'a token minted a token');
      const read = await call(server, 'GET', `/api/v2/tokens/${created.id}/`, as(ann));
      assert.equal(read.status, 200, 'a token deleted a token');
      assert.equal(read.body.description, 'keep me', 'a token changed a token');
    });

    it('lets a person manage tokens over HTTP Basic', async () => {
      const reply = await call(server, 'POST', `/api/v2/users/${ann.num}/personal_tokens/`, { ...basic(ann.email, PASSWORD), body: { description: 'via basic' } });
      assert.equal(reply.status, 201, reply.text);
      assert.equal(reply.body.user, ann.num);
      const read = await call(server, 'GET', `/api/v2/tokens/${reply.body.id}/`, basic(ann.email, PASSWORD));
      assert.equal(read.status, 200);
      assert.equal(read.body.description, 'via basic');
    });
  });

  describe('GET /api/v2/me/ and /api/v2/users/{id}/', () => {
    it('answers the caller as a one-item page with AWX user fields', async () => {
      const reply = await call(server, 'GET', '/api/v2/me/', as(ann));
      assert.equal(reply.status, 200);
      assert.equal(reply.body.count, 1);
      assert.equal(reply.body.next, null);
      assert.equal(reply.body.previous, null);
      assert.equal(reply.body.results.length, 1);
      const user = reply.body.results[0];
      assert.ok(Number.isInteger(user.id), 'id is an integer');
      assert.equal(user.username, ann.email);
      assert.equal(user.email, ann.email);
      assert.equal(user.first_name, 'Ann');
      assert.equal(user.last_name, 'Marie Smith');
      assert.equal(user.is_superuser, false);
    });

    it('makes the first account signed up on the instance its admin, and no other', async () => {
      const first = await call(server, 'GET', '/api/v2/me/', as(admin));
      assert.equal(first.body.results[0].is_superuser, true);
      assert.equal(first.body.results[0].first_name, 'Ada');
      assert.equal(first.body.results[0].last_name, 'Lovelace');
      const later = await call(server, 'GET', '/api/v2/me/', as(bob));
      assert.equal(later.body.results[0].is_superuser, false);
      assert.equal(later.body.results[0].first_name, 'bob');
      assert.equal(later.body.results[0].last_name, '');
      assert.notEqual(admin.num, ann.num);
      assert.notEqual(ann.num, bob.num);
    });

    it('answers a user by integer id: oneself, or anyone to an admin', async () => {
      const own = await call(server, 'GET', `/api/v2/users/${ann.num}/`, as(ann));
      assert.equal(own.status, 200, own.text);
      const me = await call(server, 'GET', '/api/v2/me/', as(ann));
      assert.deepEqual(own.body, me.body.results[0]);

      const byAdmin = await call(server, 'GET', `/api/v2/users/${bob.num}/`, as(admin));
      assert.equal(byAdmin.status, 200, byAdmin.text);
      assert.equal(byAdmin.body.id, bob.num);
      assert.equal(byAdmin.body.username, bob.email);
      assert.equal(byAdmin.body.email, bob.email);
      assert.equal(byAdmin.body.is_superuser, false);
    });

    it('answers 404 "Not found." to a non-integer or unknown user id', async () => {
      for (const id of ['abc', '0', '-1', '1.5', `${ann.num}x`, '999999']) {
        const reply = await call(server, 'GET', `/api/v2/users/${id}/`, as(admin));
        assert.equal(reply.status, 404, `${id}: ${reply.text}`);
        assert.deepEqual(reply.body, NOT_FOUND, id);
      }
    });
  });

  describe('POST /api/v2/users/{id}/personal_tokens/ (seed 003)', () => {
    it("answers 201 with exactly seed 003's fields and the secret", async () => {
      const before = Date.now();
      const reply = await call(server, 'POST', `/api/v2/users/${ann.num}/personal_tokens/`, as(ann, { body: { description: 'ci runner', scope: 'read' } }));
      assert.equal(reply.status, 201, reply.text);
      const body = reply.body;
      assertTokenShape(body);
      assert.ok(Number.isInteger(body.id) && body.id > 0, 'id is a positive integer');
      assert.equal(body.type, 'o_auth2_access_token');
      assert.equal(body.url, `/api/v2/tokens/${body.id}/`);
      assert.deepEqual(body.related, { user: `/api/v2/users/${ann.num}/`, activity_stream: `/api/v2/tokens/${body.id}/activity_stream/` });
      assert.deepEqual(body.summary_fields, { user: { id: ann.num, username: ann.email, first_name: 'Ann', last_name: 'Marie Smith' } });
      assert.equal(body.description, 'ci runner');
      assert.equal(body.user, ann.num);
      assert.equal(typeof body.token, 'string');
      assert.notEqual(body.token, MASK);
      assert.ok(body.token.length >= 40, 'the secret is long');
      assert.equal(body.refresh_token, null);
      assert.equal(body.application, null);
      assert.equal(body.scope, 'read');
      const created = Date.parse(body.created);
      assert.ok(created >= before - 1000 && created <= Date.now() + 1000, 'created is now');
      assert.ok(!Number.isNaN(Date.parse(body.modified)), 'modified is a date');
      assert.ok(!Number.isNaN(Date.parse(body.expires)), 'expires is a date');
    });

    it('defaults to scope write and an empty description', async () => {
      const body = await mint(ann);
      assert.equal(body.scope, 'write');
      assert.equal(body.description, '');
      const read = await call(server, 'GET', `/api/v2/tokens/${body.id}/`, as(ann));
      assert.equal(read.body.scope, 'write');
    });

    it('accepts read, write and both, space-separated', async () => {
      for (const scope of ['read', 'write', 'read write']) {
        const body = await mint(ann, { scope });
        assert.equal(body.scope, scope);
      }
    });

    it('gives every token a distinct id and a distinct secret', async () => {
      const one = await mint(ann);
      const two = await mint(ann);
      assert.notEqual(one.id, two.id);
      assert.notEqual(one.token, two.token);
    });

    it('expires 365 days after creation by default', async () => {
      const body = await mint(ann);
      const lifetime = Date.parse(body.expires) - Date.parse(body.created);
      assert.ok(Math.abs(lifetime - 365 * DAY_MS) < 60_000, `lifetime ${lifetime} ms`);
    });

    for (const [label, scope] of [
      ['an unknown scope', 'admin'],
      ['an empty scope', ''],
      ['only spaces', '   '],
      ['a comma-separated list', 'read,write'],
      ['a capitalized scope', 'Read'],
      ['a known scope beside an unknown one', 'read admin'],
    ] as [string, string][]) {
      it(`answers 400 {"scope": [...]} to ${label} and creates nothing`, async () => {
        const carol = await person(server, 'Carol');
        const reply = await call(server, 'POST', `/api/v2/users/${carol.num}/personal_tokens/`, as(carol, { body: { description: 'x', scope } }));
        assert.equal(reply.status, 400, reply.text);
        assert.deepEqual(reply.body, { scope: [SCOPE_MESSAGE] });
        const list = await call(server, 'GET', `/api/v2/users/${carol.num}/personal_tokens/`, as(carol));
        assert.equal(list.body.count, 0);
      });
    }

    it('answers 400 {"scope": [...]} to a scope that is not a string, and creates nothing', async () => {
      const carol = await person(server, 'Carol');
      for (const scope of [42, ['read'], null, { read: true }]) {
        const reply = await call(server, 'POST', `/api/v2/users/${carol.num}/personal_tokens/`, as(carol, { body: { scope } }));
        assert.equal(reply.status, 400, `${JSON.stringify(scope)}: ${reply.text}`);
        assert.deepEqual(Object.keys(reply.body), ['scope']);
        assert.ok(Array.isArray(reply.body.scope) && typeof reply.body.scope[0] === 'string' && reply.body.scope[0] !== '');
      }
      const list = await call(server, 'GET', `/api/v2/users/${carol.num}/personal_tokens/`, as(carol));
      assert.equal(list.body.count, 0);
    });

    it('answers 400 {"description": [...]} to a description that is not a string or too long', async () => {
      for (const description of [42, 'x'.repeat(20_000), 'x'.repeat(1001)]) {
        const reply = await call(server, 'POST', `/api/v2/users/${ann.num}/personal_tokens/`, as(ann, { body: { description } }));
        assert.equal(reply.status, 400, reply.text);
        assert.deepEqual(Object.keys(reply.body), ['description']);
        assert.ok(Array.isArray(reply.body.description) && typeof reply.body.description[0] === 'string');
      }
    });
  });

  describe('TESSERA_PERSONAL_TOKEN_DAYS', () => {
    let short: TestServer;
    before(async () => {
      short = await startServer({ TESSERA_PERSONAL_TOKEN_DAYS: '7' });
    });
    after(() => short.close());

    it('sets the lifetime of new tokens', async () => {
      const signup = await call(short, 'POST', '/api/auth/signup', { body: { email: 'seven@example.com', password: PASSWORD } });
      const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
      const me = await call(short, 'GET', '/api/v2/me/', { cookie });
      const reply = await call(short, 'POST', `/api/v2/users/${me.body.results[0].id}/personal_tokens/`, { cookie, body: {} });
      assert.equal(reply.status, 201, reply.text);
      const lifetime = Date.parse(reply.body.expires) - Date.parse(reply.body.created);
      assert.ok(Math.abs(lifetime - 7 * DAY_MS) < 60_000, `lifetime ${lifetime} ms`);
    });
  });

  describe('{id} in the path', () => {
    it('refuses an ordinary user 403 to create or list tokens for someone else, and creates nothing', async () => {
      const dan = await person(server, 'Dan');
      const post = await call(server, 'POST', `/api/v2/users/${dan.num}/personal_tokens/`, as(ann, { body: { description: 'for dan' } }));
      assert.equal(post.status, 403, post.text);
      assert.deepEqual(post.body, NO_PERMISSION);
      const list = await call(server, 'GET', `/api/v2/users/${dan.num}/personal_tokens/`, as(ann));
      assert.equal(list.status, 403, list.text);
      assert.deepEqual(list.body, NO_PERMISSION);
      const listAdmin = await call(server, 'GET', `/api/v2/users/${admin.num}/personal_tokens/`, as(ann));
      assert.equal(listAdmin.status, 403, 'an ordinary user lists the admin’s tokens');
      const own = await call(server, 'GET', `/api/v2/users/${dan.num}/personal_tokens/`, as(dan));
      assert.equal(own.status, 200);
      assert.equal(own.body.count, 0, 'a token was created for dan');
    });

    it("lets an admin create a token for another user: it is that user's token and acts as them", async () => {
      const created = await mint(admin, { description: 'made by admin', scope: 'write' }, ann.num);
      assert.equal(created.user, ann.num);
      assert.equal(created.summary_fields.user.id, ann.num);
      assert.equal(created.summary_fields.user.username, ann.email);
      assert.equal(created.related.user, `/api/v2/users/${ann.num}/`);

      const me = await call(server, 'GET', '/api/v2/me/', { token: created.token });
      assert.equal(me.body.results[0].id, ann.num, 'the token acts as its owner');
      // The admin is no member of ann's space; the token reads it with ann's rights.
      assert.equal((await call(server, 'GET', `/api/table/${annWs.tableId}/record`, as(admin))).status, 404);
      assert.equal((await records(annWs, created.token)).status, 200);

      const annList = await allIds(`/api/v2/users/${ann.num}/personal_tokens/?page_size=200`, as(ann));
      assert.ok(annList.includes(created.id), "the token is not in its owner's list");
      const adminList = await call(server, 'GET', `/api/v2/users/${admin.num}/personal_tokens/`, as(admin));
      assert.ok(!adminList.body.results.some((t: Json) => t.id === created.id), "the token is in the admin's own list");
    });

    it("lets an admin list another user's tokens", async () => {
      const erin = await person(server, 'Erin');
      const mine = await mint(erin, { description: 'erin one' });
      const reply = await call(server, 'GET', `/api/v2/users/${erin.num}/personal_tokens/`, as(admin));
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.count, 1);
      assert.equal(reply.body.results[0].id, mine.id);
      assert.equal(reply.body.results[0].user, erin.num);
    });

    it('answers 404 "Not found." to a non-integer id, whoever asks', async () => {
      for (const who of [admin, ann]) {
        for (const method of ['GET', 'POST']) {
          const reply = await call(server, method, '/api/v2/users/abc/personal_tokens/', as(who, method === 'POST' ? { body: {} } : {}));
          assert.equal(reply.status, 404, `${method} as ${who.name}: ${reply.text}`);
          assert.deepEqual(reply.body, NOT_FOUND);
        }
      }
    });

    it('answers 404 "Not found." to an admin naming an unknown user, and creates nothing', async () => {
      const before = (await call(server, 'GET', '/api/v2/tokens/', as(admin))).body.count;
      for (const method of ['GET', 'POST']) {
        const reply = await call(server, method, '/api/v2/users/999999/personal_tokens/', as(admin, method === 'POST' ? { body: {} } : {}));
        assert.equal(reply.status, 404, `${method}: ${reply.text}`);
        assert.deepEqual(reply.body, NOT_FOUND);
      }
      assert.equal((await call(server, 'GET', '/api/v2/tokens/', as(admin))).body.count, before);
    });
  });

  describe('reading tokens', () => {
    it('masks the secret on every read after creation', async () => {
      const created = await mint(ann, { description: 'masked', scope: 'read write' });
      const secret = created.token as string;
      const reads: [string, Reply<Json>, Json][] = [];
      const one = await call(server, 'GET', `/api/v2/tokens/${created.id}/`, as(ann));
      reads.push(['GET token', one, one.body]);
      const patched = await call(server, 'PATCH', `/api/v2/tokens/${created.id}/`, as(ann, { body: { description: 'still masked' } }));
      reads.push(['PATCH', patched, patched.body]);
      for (const path of [`/api/v2/users/${ann.num}/personal_tokens/?page_size=200`, '/api/v2/tokens/?page_size=200']) {
        for (const page of await allPages(path, as(ann))) {
          const item = page.results.find((t: Json) => t.id === created.id);
          if (item) reads.push([path, { status: 200, body: page, text: JSON.stringify(page), headers: new Headers() }, item]);
        }
      }
      const adminPages = await allPages('/api/v2/tokens/?page_size=200', as(admin));
      for (const page of adminPages) {
        const item = page.results.find((t: Json) => t.id === created.id);
        if (item) reads.push(['admin list', { status: 200, body: page, text: JSON.stringify(page), headers: new Headers() }, item]);
      }
      assert.equal(reads.length, 5, 'the token is missing from a read');
      for (const [label, reply, item] of reads) {
        assert.equal(reply.status, 200, label);
        assertTokenShape(item, label);
        assert.equal(item.token, MASK, label);
        assert.equal(item.refresh_token, null, label);
        assert.ok(!reply.text.includes(secret), `${label}: the secret is shown again`);
      }
      assert.ok(!server.logs().includes(secret), 'the secret is in the logs');
    });

    it('answers GET /api/v2/tokens/{id}/ with the values given at creation', async () => {
      const created = await mint(ann, { description: 'values', scope: 'read' });
      const reply = await call(server, 'GET', `/api/v2/tokens/${created.id}/`, as(ann));
      assert.equal(reply.status, 200);
      assertTokenShape(reply.body);
      for (const key of TOKEN_FIELDS.filter((k) => k !== 'token')) assert.deepEqual(reply.body[key], created[key], key);
    });

    it("hides another user's token from an ordinary user (404) but not from an admin", async () => {
      const bobs = await mint(bob, { description: 'bob private' });
      const byAnn = await call(server, 'GET', `/api/v2/tokens/${bobs.id}/`, as(ann));
      assert.equal(byAnn.status, 404, byAnn.text);
      assert.deepEqual(byAnn.body, NOT_FOUND);
      const byAdmin = await call(server, 'GET', `/api/v2/tokens/${bobs.id}/`, as(admin));
      assert.equal(byAdmin.status, 200, byAdmin.text);
      assert.equal(byAdmin.body.user, bob.num);
      assert.equal(byAdmin.body.summary_fields.user.username, bob.email);
      assert.equal(byAdmin.body.token, MASK);
    });

    it("lists the caller's tokens in /api/v2/tokens/, and everyone's to an admin", async () => {
      const annToken = await mint(ann, { description: 'ann listed' });
      const bobToken = await mint(bob, { description: 'bob listed' });
      const adminToken = await mint(admin, { description: 'admin listed' });
      const annIds = await allIds('/api/v2/tokens/?page_size=200', as(ann));
      assert.ok(annIds.includes(annToken.id));
      assert.ok(!annIds.includes(bobToken.id) && !annIds.includes(adminToken.id), "ann sees other people's tokens");
      const bobPages = await allPages('/api/v2/tokens/?page_size=200', as(bob));
      for (const page of bobPages) for (const t of page.results) assert.equal(t.user, bob.num, 'bob sees a token that is not his');
      const adminIds = await allIds('/api/v2/tokens/?page_size=200', as(admin));
      for (const id of [annToken.id, bobToken.id, adminToken.id]) assert.ok(adminIds.includes(id), `the admin misses token ${id}`);
    });

    it('answers 404 "Not found." to a non-integer or unknown token id', async () => {
      for (const id of ['abc', '0', '-3', '2.0', '999999']) {
        for (const method of ['GET', 'PATCH', 'DELETE']) {
          const reply = await call(server, method, `/api/v2/tokens/${id}/`, as(admin, method === 'PATCH' ? { body: { description: 'x' } } : {}));
          assert.equal(reply.status, 404, `${method} ${id}: ${reply.text}`);
          assert.deepEqual(reply.body, NOT_FOUND, `${method} ${id}`);
        }
      }
    });
  });

  describe('PATCH /api/v2/tokens/{id}/', () => {
    it('changes description and scope, keeps the rest, and answers the new values', async () => {
      const created = await mint(ann, { description: 'before', scope: 'write' });
      await new Promise((resolve) => setTimeout(resolve, 10));
      const reply = await call(server, 'PATCH', `/api/v2/tokens/${created.id}/`, as(ann, { body: { description: 'after', scope: 'read' } }));
      assert.equal(reply.status, 200, reply.text);
      assertTokenShape(reply.body);
      assert.equal(reply.body.description, 'after');
      assert.equal(reply.body.scope, 'read');
      assert.equal(reply.body.token, MASK);
      const read = await call(server, 'GET', `/api/v2/tokens/${created.id}/`, as(ann));
      assert.equal(read.body.description, 'after');
      assert.equal(read.body.scope, 'read');
      assert.equal(read.body.created, created.created);
      assert.equal(read.body.expires, created.expires, 'an update changes the expiry');
      assert.equal(read.body.user, ann.num);
      assert.ok(Date.parse(read.body.modified) > Date.parse(created.modified), 'modified did not move');
    });

    it('leaves the fields it is not given unchanged', async () => {
      const created = await mint(ann, { description: 'kept', scope: 'read' });
      const onlyDescription = await call(server, 'PATCH', `/api/v2/tokens/${created.id}/`, as(ann, { body: { description: 'new' } }));
      assert.equal(onlyDescription.body.scope, 'read');
      const onlyScope = await call(server, 'PATCH', `/api/v2/tokens/${created.id}/`, as(ann, { body: { scope: 'write' } }));
      assert.equal(onlyScope.body.description, 'new');
      const read = await call(server, 'GET', `/api/v2/tokens/${created.id}/`, as(ann));
      assert.equal(read.body.description, 'new');
      assert.equal(read.body.scope, 'write');
    });

    it('answers 400 {"scope": [...]} to an invalid scope and changes nothing', async () => {
      const created = await mint(ann, { description: 'stable', scope: 'read' });
      for (const scope of ['admin', '', 'read,write']) {
        const reply = await call(server, 'PATCH', `/api/v2/tokens/${created.id}/`, as(ann, { body: { description: 'changed', scope } }));
        assert.equal(reply.status, 400, reply.text);
        assert.deepEqual(reply.body, { scope: [SCOPE_MESSAGE] });
      }
      const read = await call(server, 'GET', `/api/v2/tokens/${created.id}/`, as(ann));
      assert.equal(read.body.scope, 'read');
      assert.equal(read.body.description, 'stable');
    });

    it('makes a write token refused on writes at once when its scope becomes read, and allowed again when it becomes write', async () => {
      const created = await mint(ann, { scope: 'write' });
      assert.equal((await addRecord(annWs, created.token, 'while write')).status, 201);
      const toRead = await call(server, 'PATCH', `/api/v2/tokens/${created.id}/`, as(ann, { body: { scope: 'read' } }));
      assert.equal(toRead.status, 200);
      const refused = await addRecord(annWs, created.token, 'after read');
      assert.equal(refused.status, 403, refused.text);
      assert.equal((await records(annWs, created.token)).status, 200, 'a read token cannot read');
      const toWrite = await call(server, 'PATCH', `/api/v2/tokens/${created.id}/`, as(ann, { body: { scope: 'write' } }));
      assert.equal(toWrite.status, 200);
      assert.equal((await addRecord(annWs, created.token, 'write again')).status, 201);
    });

    it("answers 404 to an ordinary user changing another user's token, and changes nothing", async () => {
      const bobs = await mint(bob, { description: 'bob keeps', scope: 'write' });
      const reply = await call(server, 'PATCH', `/api/v2/tokens/${bobs.id}/`, as(ann, { body: { description: 'ann was here', scope: 'read' } }));
      assert.equal(reply.status, 404, reply.text);
      assert.deepEqual(reply.body, NOT_FOUND);
      const read = await call(server, 'GET', `/api/v2/tokens/${bobs.id}/`, as(bob));
      assert.equal(read.body.description, 'bob keeps');
      assert.equal(read.body.scope, 'write');
      assert.equal((await addRecord(bobWs, bobs.token)).status, 201);
    });
  });

  describe('DELETE /api/v2/tokens/{id}/', () => {
    it('answers 204 and the token is refused at once, gone from reads and lists', async () => {
      const created = await mint(ann, { scope: 'write' });
      // Used first, so a cached verdict would let it through.
      assert.equal((await call(server, 'GET', '/api/v2/me/', { token: created.token })).status, 200);
      assert.equal((await records(annWs, created.token)).status, 200);

      const reply = await call(server, 'DELETE', `/api/v2/tokens/${created.id}/`, as(ann));
      assert.equal(reply.status, 204, reply.text);
      assert.equal(reply.text, '');

      const me = await call(server, 'GET', '/api/v2/me/', { token: created.token });
      assert.equal(me.status, 401, me.text);
      assert.match(me.body.detail, /^Invalid token/);
      assert.equal((await records(annWs, created.token)).status, 401);
      assert.equal((await addRecord(annWs, created.token)).status, 401);

      const read = await call(server, 'GET', `/api/v2/tokens/${created.id}/`, as(ann));
      assert.equal(read.status, 404);
      assert.deepEqual(read.body, NOT_FOUND);
      const again = await call(server, 'DELETE', `/api/v2/tokens/${created.id}/`, as(ann));
      assert.equal(again.status, 404);
      const patch = await call(server, 'PATCH', `/api/v2/tokens/${created.id}/`, as(ann, { body: { description: 'ghost' } }));
      assert.equal(patch.status, 404);
      for (const path of [`/api/v2/users/${ann.num}/personal_tokens/?page_size=200`, '/api/v2/tokens/?page_size=200']) {
        assert.ok(!(await allIds(path, as(ann))).includes(created.id), `${path} still lists it`);
      }
    });

    it('lowers the count of the lists', async () => {
      const fay = await person(server, 'Fay');
      const one = await mint(fay);
      await mint(fay);
      assert.equal((await call(server, 'GET', '/api/v2/tokens/', as(fay))).body.count, 2);
      assert.equal((await call(server, 'DELETE', `/api/v2/tokens/${one.id}/`, as(fay))).status, 204);
      assert.equal((await call(server, 'GET', '/api/v2/tokens/', as(fay))).body.count, 1);
      assert.equal((await call(server, 'GET', `/api/v2/users/${fay.num}/personal_tokens/`, as(fay))).body.count, 1);
    });

    it("answers 404 to an ordinary user deleting another user's token, which keeps working", async () => {
      const bobs = await mint(bob);
      const reply = await call(server, 'DELETE', `/api/v2/tokens/${bobs.id}/`, as(ann));
      assert.equal(reply.status, 404, reply.text);
      assert.deepEqual(reply.body, NOT_FOUND);
      assert.equal((await call(server, 'GET', '/api/v2/me/', { token: bobs.token })).status, 200);
    });

    it("lets an admin revoke another user's token", async () => {
      const bobs = await mint(bob);
      assert.equal((await call(server, 'DELETE', `/api/v2/tokens/${bobs.id}/`, as(admin))).status, 204);
      assert.equal((await call(server, 'GET', '/api/v2/me/', { token: bobs.token })).status, 401);
    });
  });

  describe('scopes on the data API', () => {
    it('lets a write token read and write records with its owner’s rights', async () => {
      const { token } = await mint(ann, { scope: 'write' });
      const list = await records(annWs, token);
      assert.equal(list.status, 200, list.text);
      assert.ok(Array.isArray(list.body.records));
      const created = await addRecord(annWs, token, 'written by a write token');
      assert.equal(created.status, 201, created.text);
      const recordId = created.body.records[0].id as string;
      const updated = await call(server, 'PATCH', `/api/table/${annWs.tableId}/record/${recordId}`, { token, body: { record: { fields: { Title: 'updated' } } } });
      assert.equal(updated.status, 200, updated.text);
      const after = await records(annWs, token);
      assert.ok(after.body.records.some((r: Json) => r.id === recordId && r.fields.Title === 'updated'));
      const deleted = await call(server, 'DELETE', `/api/table/${annWs.tableId}/record/${recordId}`, { token });
      assert.equal(deleted.status, 200, deleted.text);
      const space = await call(server, 'POST', '/api/space', { token, body: { name: 'by token' } });
      assert.equal(space.status, 201, space.text);
    });

    it('lets a read token read (GET, HEAD) but refuses 403 on every writing method, changing nothing', async () => {
      const seeded = await call(server, 'POST', `/api/table/${annWs.tableId}/record`, { cookie: ann.cookie, body: { records: [{ fields: { Title: 'untouched' } }] } });
      assert.equal(seeded.status, 201, seeded.text);
      const recordId = seeded.body.records[0].id as string;
      const { token } = await mint(ann, { scope: 'read' });

      const list = await records(annWs, token);
      assert.equal(list.status, 200, list.text);
      assert.ok(list.body.records.some((r: Json) => r.id === recordId));
      assert.equal((await call(server, 'HEAD', `/api/table/${annWs.tableId}/record`, { token })).status, 200);
      assert.equal((await call(server, 'GET', `/api/table/${annWs.tableId}/record/${recordId}`, { token })).status, 200);
      assert.equal((await call(server, 'GET', '/api/v2/me/', { token })).status, 200);

      const before = (await records(annWs, token)).body.records.length;
      const attempts: [string, string, unknown][] = [
        ['POST', `/api/table/${annWs.tableId}/record`, { records: [{ fields: { Title: 'by a read token' } }] }],
        ['PATCH', `/api/table/${annWs.tableId}/record/${recordId}`, { record: { fields: { Title: 'changed by a read token' } } }],
        ['DELETE', `/api/table/${annWs.tableId}/record/${recordId}`, undefined],
        ['POST', '/api/space', { name: 'by a read token' }],
        ['DELETE', `/api/base/${annWs.baseId}/table/${annWs.tableId}`, undefined],
      ];
      for (const [method, path, body] of attempts) {
        const reply = await call(server, method, path, body === undefined ? { token } : { token, body });
        assert.equal(reply.status, 403, `${method} ${path}: ${reply.text}`);
        assert.equal(reply.body.code, 'restricted_resource', `${method} ${path}`);
      }
      const after = await records(annWs, token);
      assert.equal(after.body.records.length, before, 'a record was added or removed');
      const record = after.body.records.find((r: Json) => r.id === recordId);
      assert.equal(record.fields.Title, 'untouched');
    });

    it('refuses a read token 403 on writing methods of /api/v2/ too, in the AWX body', async () => {
      const created = await mint(ann, { scope: 'read' });
      const reply = await call(server, 'POST', `/api/v2/users/${ann.num}/personal_tokens/`, { token: created.token, body: {} });
      assert.equal(reply.status, 403);
      assert.deepEqual(reply.body, NO_PERMISSION);
    });

    it('never lets a token exceed its owner: no reach into a space the owner is not in', async () => {
      const { token } = await mint(ann, { scope: 'write' });
      const read = await records(bobWs, token);
      assert.equal(read.status, 404, read.text);
      const write = await addRecord(bobWs, token, 'intruder');
      assert.equal(write.status, 404, write.text);
      const bobs = await call(server, 'GET', `/api/table/${bobWs.tableId}/record`, { cookie: bob.cookie });
      assert.ok(!bobs.body.records.some((r: Json) => r.fields.Title === 'intruder'));
    });
  });

  describe('expiry', () => {
    it('refuses an expired token with 401 and still lists it, its expires in the past', async () => {
      const created = await mint(ann, { description: 'expiring', scope: 'write' });
      const past = '2020-01-01T00:00:00.000Z';
      await server.store.db.updateTable('access_tokens').set({ expired_time: past }).where('num', '=', created.id).execute();

      const me = await call(server, 'GET', '/api/v2/me/', { token: created.token });
      assert.equal(me.status, 401, me.text);
      assert.match(me.body.detail, /^Invalid token/);
      assert.equal((await records(annWs, created.token)).status, 401);

      const read = await call(server, 'GET', `/api/v2/tokens/${created.id}/`, as(ann));
      assert.equal(read.status, 200);
      assert.equal(Date.parse(read.body.expires), Date.parse(past));
      for (const path of [`/api/v2/users/${ann.num}/personal_tokens/?page_size=200`, '/api/v2/tokens/?page_size=200']) {
        const items = (await allPages(path, as(ann))).flatMap((page) => page.results);
        const item = items.find((t: Json) => t.id === created.id);
        assert.ok(item, `${path} leaves the expired token out`);
        assert.ok(Date.parse(item.expires) < Date.now(), `${path}: expires is not in the past`);
      }
    });
  });

  describe('pagination', () => {
    let gus: Person;
    let made: number[];

    before(async () => {
      gus = await person(server, 'Gus');
      made = [];
      for (let i = 0; i < 7; i++) made.push((await mint(gus, { description: `page ${i}` })).id as number);
    });

    for (const which of ['tokens', 'personal_tokens']) {
      it(`follows next to the end and previous back, each token exactly once (${which})`, async () => {
        const first = which === 'tokens' ? '/api/v2/tokens/?page_size=3' : `/api/v2/users/${gus.num}/personal_tokens/?page_size=3`;
        const pages = await allPages(first, as(gus));
        assert.equal(pages.length, 3);
        assert.deepEqual(pages.map((p) => p.results.length), [3, 3, 1]);
        for (const page of pages) assert.equal(page.count, 7);
        assert.equal(pages[0].previous, null);
        assert.equal(pages[2].next, null);
        const ids = pages.flatMap((p) => p.results.map((t: Json) => t.id as number));
        assert.equal(new Set(ids).size, ids.length, 'a token appears twice');
        assert.deepEqual([...ids].sort((a, b) => a - b), [...made].sort((a, b) => a - b));

        // Back from the last page along `previous`.
        const back: number[][] = [];
        let at: string | null = pages[2].previous as string;
        back.push(pages[2].results.map((t: Json) => t.id));
        while (at !== null) {
          const reply: Reply<Json> = await call(server, 'GET', at, as(gus));
          assert.equal(reply.status, 200, `${at}: ${reply.text}`);
          back.push(reply.body.results.map((t: Json) => t.id));
          at = reply.body.previous as string | null;
          assert.ok(back.length <= 10, 'previous never ends');
        }
        assert.deepEqual(back.reverse(), pages.map((p) => p.results.map((t: Json) => t.id)));
      });
    }

    it('answers 404 "Invalid page." past the end and to a page that is not a positive integer', async () => {
      for (const page of ['4', '100', '0', '-1', 'abc', '1.5']) {
        const reply = await call(server, 'GET', `/api/v2/tokens/?page_size=3&page=${page}`, as(gus));
        assert.equal(reply.status, 404, `page ${page}: ${reply.text}`);
        assert.deepEqual(reply.body, INVALID_PAGE, `page ${page}`);
      }
      const last = await call(server, 'GET', '/api/v2/tokens/?page_size=3&page=3', as(gus));
      assert.equal(last.status, 200);
      assert.equal(last.body.results.length, 1);
      const other = await call(server, 'GET', `/api/v2/users/${gus.num}/personal_tokens/?page=2`, as(gus));
      assert.equal(other.status, 404);
      assert.deepEqual(other.body, INVALID_PAGE);
    });

    it('answers an empty first page to a user without tokens', async () => {
      const hal = await person(server, 'Hal');
      for (const path of ['/api/v2/tokens/', `/api/v2/users/${hal.num}/personal_tokens/`]) {
        const reply = await call(server, 'GET', path, as(hal));
        assert.equal(reply.status, 200, reply.text);
        assert.deepEqual(reply.body, { count: 0, next: null, previous: null, results: [] });
      }
    });

    it('pages by 25 by default and by at most 200', async () => {
      const ivy = await person(server, 'Ivy');
      for (let batch = 0; batch < 201; batch += 25) {
        const size = Math.min(25, 201 - batch);
        await Promise.all(Array.from({ length: size }, () => mint(ivy)));
      }
      const byDefault = await call(server, 'GET', `/api/v2/users/${ivy.num}/personal_tokens/`, as(ivy));
      assert.equal(byDefault.status, 200);
      assert.equal(byDefault.body.count, 201);
      assert.equal(byDefault.body.results.length, 25);
      assert.notEqual(byDefault.body.next, null);

      const capped = await call(server, 'GET', '/api/v2/tokens/?page_size=1000', as(ivy));
      assert.equal(capped.status, 200);
      assert.equal(capped.body.results.length, 200);
      const rest = await call(server, 'GET', capped.body.next as string, as(ivy));
      assert.equal(rest.status, 200, rest.text);
      assert.equal(rest.body.results.length, 1);
      assert.equal(rest.body.next, null);
      const ids = new Set([...capped.body.results, ...rest.body.results].map((t: Json) => t.id));
      assert.equal(ids.size, 201);

      const all = await allIds(`/api/v2/users/${ivy.num}/personal_tokens/`, as(ivy));
      assert.equal(all.length, 201);
      assert.equal(new Set(all).size, 201);
    });
  });

  describe('one token table, two kinds', () => {
    it('keeps AWX tokens out of the Teable list and Teable tokens out of the AWX lists', async () => {
      const jo = await person(server, 'Jo');
      const joAccount = { id: '', email: jo.email, cookie: jo.cookie };
      const awx = await mint(jo, { description: 'awx kind' });
      const teable = await createToken(server, joAccount, { name: 'teable kind', scopes: ['record|read'], hasFullAccess: true });

      const teableList = await call(server, 'GET', '/api/access-token', { cookie: jo.cookie });
      assert.equal(teableList.status, 200);
      assert.deepEqual(teableList.body.map((t: Json) => t.id), [teable.id]);

      for (const path of ['/api/v2/tokens/', `/api/v2/users/${jo.num}/personal_tokens/`]) {
        const reply = await call(server, 'GET', path, as(jo));
        assert.equal(reply.body.count, 1, path);
        assert.deepEqual(reply.body.results.map((t: Json) => t.id), [awx.id], path);
      }
    });

    it("does not let one family's routes read, change or revoke the other's tokens", async () => {
      const kim = await person(server, 'Kim');
      const kimAccount = { id: '', email: kim.email, cookie: kim.cookie };
      const awx = await mint(kim, { description: 'awx side' });
      const teable = await createToken(server, kimAccount, { name: 'teable side', scopes: ['record|read'], hasFullAccess: true });
      const awxRow = await server.store.db.selectFrom('access_tokens').select('id').where('num', '=', awx.id).executeTakeFirstOrThrow();
      const teableRow = await server.store.db.selectFrom('access_tokens').select('num').where('id', '=', teable.id).executeTakeFirstOrThrow();

      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const reply = await call(server, method, `/api/v2/tokens/${teableRow.num}/`, as(kim, method === 'PATCH' ? { body: { description: 'x' } } : {}));
        assert.equal(reply.status, 404, `${method} AWX route on a Teable token: ${reply.text}`);
      }
      for (const method of ['GET', 'DELETE']) {
        const reply = await call(server, method, `/api/access-token/${awxRow.id}`, { cookie: kim.cookie });
        assert.equal(reply.status, 404, `${method} Teable route on an AWX token: ${reply.text}`);
      }
      assert.equal((await call(server, 'GET', '/api/v2/me/', { token: awx.token })).status, 200, 'the AWX token was revoked');
      assert.equal((await call(server, 'GET', `/api/access-token/${teable.id}`, { cookie: kim.cookie })).status, 200, 'the Teable token was revoked');
    });
  });
});

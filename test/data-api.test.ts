// The data API through the Teable-shaped routes, with a session: spaces, bases, tables and records,
// collaborators and what each role may do, 404s that never reveal what exists, and the HTTP
// plumbing real clients lean on (trailing slashes, empty bodies, content types, error bodies).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, seedWorkspace, signUp, type Account, type Json, type Reply, type RequestOptions } from './support/client.js';
import { assertTeableError } from './support/assertions.js';
import { startServer, type TestServer } from './support/server.js';

const MISSING = {
  spaceId: 'spcDoesNotExist000000',
  baseId: 'bseDoesNotExist000000',
  tableId: 'tblDoesNotExist000000',
  recordId: 'recDoesNotExist000000',
};


function isTeableBody(body: Json): boolean {
  return body !== null && typeof body === 'object' && ['code', 'message', 'status'].every((k) => k in body) && Object.keys(body).length === 3;
}

/** Requests as one account: `as(ann).post('/api/space', {...})`. */
function client(server: TestServer, account: Account) {
  const send = (method: string, path: string, body?: unknown, options: RequestOptions = {}) =>
    call(server, method, path, { cookie: account.cookie, ...(body === undefined ? {} : { body }), ...options });
  return {
    get: (path: string) => send('GET', path),
    post: (path: string, body?: unknown) => send('POST', path, body),
    patch: (path: string, body?: unknown) => send('PATCH', path, body),
    delete: (path: string) => send('DELETE', path),
    send,
  };
}

describe('spaces', () => {
  let server: TestServer;
  let ann: Account;
  let bob: Account;

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    bob = await signUp(server);
  });
  after(() => server.close());

  it('creates a space owned by the caller: 201 {id, name}', async () => {
    const reply = await client(server, ann).post('/api/space', { name: '  Research  ' });
    assert.equal(reply.status, 201, reply.text);
    assert.deepEqual(Object.keys(reply.body).sort(), ['id', 'name']);
    assert.match(reply.body.id, /^spc[0-9A-Za-z]+$/);
    assert.equal(reply.body.name, 'Research');
    const got = await client(server, ann).get(`/api/space/${reply.body.id}`);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.body, { id: reply.body.id, name: 'Research', role: 'owner' });
  });

  it('gives a space created without a name a default one', async () => {
    const reply = await client(server, ann).post('/api/space', {});
    assert.equal(reply.status, 201, reply.text);
    assert.equal(typeof reply.body.name, 'string');
    assert.ok(reply.body.name.length > 0);
  });

  it('refuses a name over 100 characters, naming it', async () => {
    const reply = await client(server, ann).post('/api/space', { name: 'x'.repeat(101) });
    assertTeableError(reply, 400, 'validation_error');
    assert.match(reply.body.message, /^name\b/);
  });

  it("lists the caller's spaces with their role, and only theirs", async () => {
    const mine = await client(server, ann).post('/api/space', { name: 'Listed' });
    const theirs = await client(server, bob).post('/api/space', { name: 'Private' });
    const list = await client(server, ann).get('/api/space');
    assert.equal(list.status, 200, list.text);
    assert.ok(Array.isArray(list.body));
    assert.deepEqual(
      list.body.find((s: Json) => s.id === mine.body.id),
      { id: mine.body.id, name: 'Listed', role: 'owner' },
    );
    assert.ok(!list.body.some((s: Json) => s.id === theirs.body.id), "another user's space is listed");
    const bobs = await client(server, bob).get('/api/space');
    assert.deepEqual(
      bobs.body.map((s: Json) => s.id),
      [theirs.body.id],
    );
  });

  it('renames a space: PATCH answers {id, name} and the new name sticks', async () => {
    const space = await client(server, ann).post('/api/space', { name: 'Old' });
    const reply = await client(server, ann).patch(`/api/space/${space.body.id}`, { name: 'New' });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.body, { id: space.body.id, name: 'New' });
    assert.equal((await client(server, ann).get(`/api/space/${space.body.id}`)).body.name, 'New');
  });

  it('keeps the name when PATCH sends none', async () => {
    const space = await client(server, ann).post('/api/space', { name: 'Kept' });
    const reply = await client(server, ann).patch(`/api/space/${space.body.id}`, {});
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.name, 'Kept');
  });

  it('deletes a space with everything in it', async () => {
    const { spaceId, baseId, tableId } = await seedWorkspace(server, ann);
    const record = await client(server, ann).post(`/api/table/${tableId}/record`, { records: [{ fields: { Title: 'gone' } }] });
    assert.equal(record.status, 201, record.text);
    const reply = await client(server, ann).delete(`/api/space/${spaceId}`);
    assert.equal(reply.status, 200, reply.text);
    assertTeableError(await client(server, ann).get(`/api/space/${spaceId}`), 404, 'not_found');
    assertTeableError(await client(server, ann).get(`/api/base/${baseId}`), 404, 'not_found');
    assertTeableError(await client(server, ann).get(`/api/base/${baseId}/table/${tableId}`), 404, 'not_found');
    assertTeableError(await client(server, ann).get(`/api/table/${tableId}/record/${record.body.records[0].id}`), 404, 'not_found');
    assert.ok(!(await client(server, ann).get('/api/space')).body.some((s: Json) => s.id === spaceId));
  });
});

describe('bases', () => {
  let server: TestServer;
  let ann: Account;
  let spaceId: string;

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    spaceId = (await client(server, ann).post('/api/space', { name: 'Home' })).body.id;
  });
  after(() => server.close());

  it('creates a base in a space: 201 {id, name, spaceId}', async () => {
    const reply = await client(server, ann).post('/api/base', { spaceId, name: 'CRM', icon: '📇' });
    assert.equal(reply.status, 201, reply.text);
    assert.deepEqual(Object.keys(reply.body).sort(), ['id', 'name', 'spaceId']);
    assert.match(reply.body.id, /^bse[0-9A-Za-z]+$/);
    assert.equal(reply.body.name, 'CRM');
    assert.equal(reply.body.spaceId, spaceId);
  });

  it('reads a base as {id, name, spaceId, icon, role}', async () => {
    const base = await client(server, ann).post('/api/base', { spaceId, name: 'Read me', icon: '📗' });
    const reply = await client(server, ann).get(`/api/base/${base.body.id}`);
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.body, { id: base.body.id, name: 'Read me', spaceId, icon: '📗', role: 'owner' });
  });

  it("lists a space's bases in creation order", async () => {
    const other = (await client(server, ann).post('/api/space', { name: 'Other' })).body.id;
    const first = await client(server, ann).post('/api/base', { spaceId: other, name: 'First' });
    const second = await client(server, ann).post('/api/base', { spaceId: other });
    const reply = await client(server, ann).get(`/api/space/${other}/base`);
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(
      reply.body.map((b: Json) => b.id),
      [first.body.id, second.body.id],
    );
    assert.deepEqual(reply.body[0], { id: first.body.id, name: 'First', spaceId: other, icon: null, role: 'owner' });
    assert.ok(reply.body[1].name.length > 0, 'a base without a name gets a default one');
  });

  it('updates name and icon: PATCH answers {spaceId, name, icon}', async () => {
    const base = await client(server, ann).post('/api/base', { spaceId, name: 'Before' });
    const reply = await client(server, ann).patch(`/api/base/${base.body.id}`, { name: 'After', icon: '🚀' });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.body, { spaceId, name: 'After', icon: '🚀' });
    const got = await client(server, ann).get(`/api/base/${base.body.id}`);
    assert.equal(got.body.name, 'After');
    assert.equal(got.body.icon, '🚀');
  });

  it('clears the icon with null and keeps the name when PATCH sends none', async () => {
    const base = await client(server, ann).post('/api/base', { spaceId, name: 'Iconic', icon: '⭐' });
    const reply = await client(server, ann).patch(`/api/base/${base.body.id}`, { icon: null });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.body, { spaceId, name: 'Iconic' });
    assert.equal((await client(server, ann).get(`/api/base/${base.body.id}`)).body.icon, null);
  });

  it('refuses a base without a spaceId, naming it', async () => {
    const reply = await client(server, ann).post('/api/base', { name: 'Nowhere' });
    assertTeableError(reply, 400, 'validation_error');
    assert.match(reply.body.message, /^spaceId\b/);
  });

  it('answers 404 for a base in a space that does not exist', async () => {
    assertTeableError(await client(server, ann).post('/api/base', { spaceId: MISSING.spaceId }), 404, 'not_found');
  });

  it('deletes a base with its tables', async () => {
    const base = await client(server, ann).post('/api/base', { spaceId, name: 'Doomed' });
    const table = await client(server, ann).post(`/api/base/${base.body.id}/table`, { name: 'T' });
    const reply = await client(server, ann).delete(`/api/base/${base.body.id}`);
    assert.equal(reply.status, 200, reply.text);
    assertTeableError(await client(server, ann).get(`/api/base/${base.body.id}`), 404, 'not_found');
    assertTeableError(await client(server, ann).get(`/api/table/${table.body.id}/record`), 404, 'not_found');
    assert.ok(!(await client(server, ann).get(`/api/space/${spaceId}/base`)).body.some((b: Json) => b.id === base.body.id));
  });
});

describe('tables', () => {
  let server: TestServer;
  let ann: Account;
  let baseId: string;

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    const spaceId = (await client(server, ann).post('/api/space', { name: 'S' })).body.id;
    baseId = (await client(server, ann).post('/api/base', { spaceId, name: 'B' })).body.id;
  });
  after(() => server.close());

  it('creates a table with its fields: 201 with fields, views and records', async () => {
    const reply = await client(server, ann).post(`/api/base/${baseId}/table`, {
      name: 'Tasks',
      description: 'things to do',
      fields: [
        { name: 'Title', type: 'singleLineText' },
        { name: 'Count', type: 'number' },
      ],
    });
    assert.equal(reply.status, 201, reply.text);
    const body = reply.body;
    assert.match(body.id, /^tbl[0-9A-Za-z]+$/);
    assert.equal(body.name, 'Tasks');
    assert.equal(body.description, 'things to do');
    assert.equal(typeof body.dbTableName, 'string');
    assert.equal(typeof body.order, 'number');
    assert.ok(!Number.isNaN(Date.parse(body.lastModifiedTime)));
    assert.deepEqual(body.views, []);
    assert.deepEqual(body.records, []);
    assert.deepEqual(
      body.fields.map((f: Json) => [f.name, f.type]),
      [
        ['Title', 'singleLineText'],
        ['Count', 'number'],
      ],
    );
    for (const field of body.fields) {
      assert.match(field.id, /^fld[0-9A-Za-z]+$/);
      assert.equal(typeof field.dbFieldName, 'string');
    }
    assert.equal(body.fields[0].isPrimary, true, 'the first field is the primary one');
    assert.notEqual(body.fields[1].isPrimary, true);
  });

  it('gives a table declared without fields one primary text field', async () => {
    const reply = await client(server, ann).post(`/api/base/${baseId}/table`, {});
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.body.fields.length, 1);
    assert.equal(reply.body.fields[0].type, 'singleLineText');
    assert.equal(reply.body.fields[0].isPrimary, true);
  });

  it('reads a table with its fields, and lists the base\u2019s tables in order', async () => {
    const spaceId = (await client(server, ann).post('/api/space', {})).body.id;
    const base = (await client(server, ann).post('/api/base', { spaceId })).body.id;
    const one = await client(server, ann).post(`/api/base/${base}/table`, { name: 'One' });
    const two = await client(server, ann).post(`/api/base/${base}/table`, { name: 'Two', fields: [{ name: 'Done', type: 'checkbox' }] });
    const got = await client(server, ann).get(`/api/base/${base}/table/${two.body.id}`);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.body.id, two.body.id);
    assert.equal(got.body.name, 'Two');
    assert.deepEqual(got.body.fields, two.body.fields);
    const list = await client(server, ann).get(`/api/base/${base}/table`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(
      list.body.map((t: Json) => [t.id, t.name, t.order]),
      [
        [one.body.id, 'One', 0],
        [two.body.id, 'Two', 1],
      ],
    );
    assert.equal(got.body.order, 1);
  });

  const badTables: [string, Json, RegExp][] = [
    ['an unknown field type', { fields: [{ name: 'X', type: 'formula' }] }, /^fields\.0\.type\b/],
    ['a field declared twice (ignoring case)', { fields: [{ name: 'A', type: 'number' }, { name: 'a', type: 'number' }] }, /^fields\.1\.name\b/],
    ['an empty list of fields', { fields: [] }, /^fields\b/],
    ['a field without a name', { fields: [{ type: 'number' }] }, /^fields\.0\.name\b/],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, /^name\b/],
  ];
  for (const [label, body, field] of badTables) {
    it(`refuses ${label} with 400 naming the field`, async () => {
      const count = (await client(server, ann).get(`/api/base/${baseId}/table`)).body.length;
      const reply = await client(server, ann).post(`/api/base/${baseId}/table`, body);
      assertTeableError(reply, 400, 'validation_error');
      assert.match(reply.body.message, field);
      assert.equal((await client(server, ann).get(`/api/base/${baseId}/table`)).body.length, count, 'a refused table was created');
    });
  }

  it('answers 404 for a table read through a base it does not belong to', async () => {
    const table = await client(server, ann).post(`/api/base/${baseId}/table`, { name: 'Here' });
    const spaceId = (await client(server, ann).post('/api/space', {})).body.id;
    const otherBase = (await client(server, ann).post('/api/base', { spaceId })).body.id;
    assertTeableError(await client(server, ann).get(`/api/base/${otherBase}/table/${table.body.id}`), 404, 'not_found');
    assertTeableError(await client(server, ann).delete(`/api/base/${otherBase}/table/${table.body.id}`), 404, 'not_found');
    assert.equal((await client(server, ann).get(`/api/base/${baseId}/table/${table.body.id}`)).status, 200, 'the table survives');
  });

  it('deletes a table with its records', async () => {
    const table = await client(server, ann).post(`/api/base/${baseId}/table`, { name: 'Doomed' });
    const record = await client(server, ann).post(`/api/table/${table.body.id}/record`, { records: [{ fields: {} }] });
    assert.equal(record.status, 201, record.text);
    const reply = await client(server, ann).delete(`/api/base/${baseId}/table/${table.body.id}`);
    assert.equal(reply.status, 200, reply.text);
    assertTeableError(await client(server, ann).get(`/api/base/${baseId}/table/${table.body.id}`), 404, 'not_found');
    assertTeableError(await client(server, ann).get(`/api/table/${table.body.id}/record/${record.body.records[0].id}`), 404, 'not_found');
    assert.ok(!(await client(server, ann).get(`/api/base/${baseId}/table`)).body.some((t: Json) => t.id === table.body.id));
  });
});

describe('records', () => {
  let server: TestServer;
  let ann: Account;
  let baseId: string;
  let tableId: string;
  let fieldIds: Record<string, string>;

  const newTable = async (fields: { name: string; type: string }[]): Promise<string> => {
    const reply = await client(server, ann).post(`/api/base/${baseId}/table`, { name: 'T', fields });
    assert.equal(reply.status, 201, reply.text);
    return reply.body.id;
  };
  const listAll = async (table: string, query = ''): Promise<Json[]> => {
    const reply = await client(server, ann).get(`/api/table/${table}/record?take=1000${query}`);
    assert.equal(reply.status, 200, reply.text);
    return reply.body.records;
  };

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    const spaceId = (await client(server, ann).post('/api/space', {})).body.id;
    baseId = (await client(server, ann).post('/api/base', { spaceId })).body.id;
    const table = await client(server, ann).post(`/api/base/${baseId}/table`, {
      name: 'Everything',
      fields: [
        { name: 'Title', type: 'singleLineText' },
        { name: 'Notes', type: 'longText' },
        { name: 'Count', type: 'number' },
        { name: 'Done', type: 'checkbox' },
        { name: 'Due', type: 'date' },
      ],
    });
    tableId = table.body.id;
    fieldIds = Object.fromEntries(table.body.fields.map((f: Json) => [f.name, f.id]));
  });
  after(() => server.close());

  it('creates records keyed by field name: 201 {records: [{id, fields, createdTime, lastModifiedTime, createdBy}]}', async () => {
    const reply = await client(server, ann).post(`/api/table/${tableId}/record`, {
      records: [
        { fields: { Title: 'first', Notes: 'line one\nline two', Count: 1.5, Done: true, Due: '2026-03-01' } },
        { fields: { Title: 'second', Count: 0, Done: false } },
      ],
    });
    assert.equal(reply.status, 201, reply.text);
    assert.deepEqual(Object.keys(reply.body), ['records']);
    const [first, second] = reply.body.records;
    assert.match(first.id, /^rec[0-9A-Za-z]+$/);
    assert.notEqual(first.id, second.id);
    assert.deepEqual(first.fields, { Title: 'first', Notes: 'line one\nline two', Count: 1.5, Done: true, Due: '2026-03-01T00:00:00.000Z' });
    assert.deepEqual(second.fields, { Title: 'second', Count: 0, Done: false });
    assert.equal(first.createdBy, ann.id);
    assert.ok(!Number.isNaN(Date.parse(first.createdTime)));
    assert.ok(!Number.isNaN(Date.parse(first.lastModifiedTime)));
    const got = await client(server, ann).get(`/api/table/${tableId}/record/${first.id}`);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.body, first);
  });

  it('takes and answers field ids with fieldKeyType=id', async () => {
    const reply = await client(server, ann).post(`/api/table/${tableId}/record`, {
      fieldKeyType: 'id',
      records: [{ fields: { [fieldIds.Title!]: 'by id', [fieldIds.Count!]: 3 } }],
    });
    assert.equal(reply.status, 201, reply.text);
    const record = reply.body.records[0];
    assert.deepEqual(record.fields, { [fieldIds.Title!]: 'by id', [fieldIds.Count!]: 3 });
    const byId = await client(server, ann).get(`/api/table/${tableId}/record/${record.id}?fieldKeyType=id`);
    assert.deepEqual(byId.body.fields, { [fieldIds.Title!]: 'by id', [fieldIds.Count!]: 3 });
    const byName = await client(server, ann).get(`/api/table/${tableId}/record/${record.id}`);
    assert.deepEqual(byName.body.fields, { Title: 'by id', Count: 3 });
    const listed = (await listAll(tableId, '&fieldKeyType=id')).find((r) => r.id === record.id);
    assert.deepEqual(listed.fields, { [fieldIds.Title!]: 'by id', [fieldIds.Count!]: 3 });
  });

  it('refuses field names when fieldKeyType=id, naming the key', async () => {
    const reply = await client(server, ann).post(`/api/table/${tableId}/record`, { fieldKeyType: 'id', records: [{ fields: { Title: 'x' } }] });
    assertTeableError(reply, 400, 'validation_error');
    assert.match(reply.body.message, /\bTitle\b/);
  });

  it('refuses a field the table does not declare with 400 naming it, and stores none of the batch', async () => {
    const count = (await listAll(tableId)).length;
    const reply = await client(server, ann).post(`/api/table/${tableId}/record`, {
      records: [{ fields: { Title: 'fine' } }, { fields: { Title: 'not fine', Priority: 'high' } }],
    });
    assertTeableError(reply, 400, 'validation_error');
    assert.match(reply.body.message, /^records\.1\.fields\.Priority\b/);
    assert.equal((await listAll(tableId)).length, count, 'part of a refused batch was stored');
  });

  const wrongTypes: [string, Json][] = [
    ['Title', 42],
    ['Title', 'two\nlines'],
    ['Notes', { text: 'x' }],
    ['Count', '3'],
    ['Count', true],
    ['Done', 'yes'],
    ['Done', 1],
    ['Due', 'not a date'],
    ['Due', 20260301],
  ];
  for (const [field, value] of wrongTypes) {
    it(`refuses ${JSON.stringify(value)} for the ${field} field with 400 naming it`, async () => {
      const reply = await client(server, ann).post(`/api/table/${tableId}/record`, { records: [{ fields: { [field]: value } }] });
      assertTeableError(reply, 400, 'validation_error');
      assert.match(reply.body.message, new RegExp(`^records\\.0\\.fields\\.${field}\\b`));
    });
  }

  it('refuses a record list that is empty or not a list', async () => {
    assertTeableError(await client(server, ann).post(`/api/table/${tableId}/record`, { records: [] }), 400, 'validation_error');
    assertTeableError(await client(server, ann).post(`/api/table/${tableId}/record`, { records: { fields: {} } }), 400, 'validation_error');
    assertTeableError(await client(server, ann).post(`/api/table/${tableId}/record`, {}), 400, 'validation_error');
  });

  it('pages with take and skip in insertion order, across and within batches', async () => {
    const table = await newTable([{ name: 'N', type: 'number' }]);
    const batch = await client(server, ann).post(`/api/table/${table}/record`, { records: [0, 1, 2, 3, 4].map((n) => ({ fields: { N: n } })) });
    assert.equal(batch.status, 201, batch.text);
    for (let n = 5; n < 25; n++) {
      const one = await client(server, ann).post(`/api/table/${table}/record`, { records: [{ fields: { N: n } }] });
      assert.equal(one.status, 201, one.text);
    }
    const seen: number[] = [];
    for (let skip = 0; skip < 30; skip += 4) {
      const page = await client(server, ann).get(`/api/table/${table}/record?take=4&skip=${skip}`);
      assert.equal(page.status, 200, page.text);
      assert.ok(page.body.records.length <= 4);
      seen.push(...page.body.records.map((r: Json) => r.fields.N as number));
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 25 }, (_, n) => n),
    );
    const all = await client(server, ann).get(`/api/table/${table}/record`);
    assert.equal(all.body.records.length, 25, 'without take, a page holds up to 100 records');
  });

  it('refuses a take or skip out of range', async () => {
    for (const query of ['take=0', 'take=1001', 'take=abc', 'skip=-1']) {
      const reply = await client(server, ann).get(`/api/table/${tableId}/record?${query}`);
      assertTeableError(reply, 400, 'validation_error', query);
    }
  });

  it('answers a skip beyond any table with an empty page or a 400, never a 500', async () => {
    for (const skip of ['2147483648', '9007199254740993', '9223372036854775807', '99999999999999999999']) {
      const reply = await client(server, ann).get(`/api/table/${tableId}/record?skip=${skip}`);
      if (reply.status === 200) assert.deepEqual(reply.body, { records: [] }, `skip=${skip}`);
      else assertTeableError(reply, 400, 'validation_error', `skip=${skip}`);
    }
  });

  it('merges PATCH {record: {fields}} into the record and answers the whole record', async () => {
    const created = await client(server, ann).post(`/api/table/${tableId}/record`, {
      records: [{ fields: { Title: 'patch me', Count: 1, Done: false } }],
    });
    const id = created.body.records[0].id;
    const reply = await client(server, ann).patch(`/api/table/${tableId}/record/${id}`, { record: { fields: { Count: 2, Notes: 'added' } } });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.id, id);
    assert.deepEqual(reply.body.fields, { Title: 'patch me', Notes: 'added', Count: 2, Done: false });
    const got = await client(server, ann).get(`/api/table/${tableId}/record/${id}`);
    assert.deepEqual(got.body.fields, reply.body.fields);
    assert.ok(Date.parse(got.body.lastModifiedTime) >= Date.parse(got.body.createdTime));
  });

  it('clears a cell with null', async () => {
    const created = await client(server, ann).post(`/api/table/${tableId}/record`, { records: [{ fields: { Title: 'keep', Count: 9 } }] });
    const id = created.body.records[0].id;
    const reply = await client(server, ann).patch(`/api/table/${tableId}/record/${id}`, { record: { fields: { Count: null } } });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.body.fields, { Title: 'keep' });
  });

  it('patches by field id with fieldKeyType=id', async () => {
    const created = await client(server, ann).post(`/api/table/${tableId}/record`, { records: [{ fields: { Title: 'ids' } }] });
    const id = created.body.records[0].id;
    const reply = await client(server, ann).patch(`/api/table/${tableId}/record/${id}`, {
      fieldKeyType: 'id',
      record: { fields: { [fieldIds.Count!]: 5 } },
    });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.body.fields, { [fieldIds.Title!]: 'ids', [fieldIds.Count!]: 5 });
  });

  it('refuses a PATCH with an undeclared field or a wrong type, and changes nothing', async () => {
    const created = await client(server, ann).post(`/api/table/${tableId}/record`, { records: [{ fields: { Title: 'stable', Count: 1 } }] });
    const id = created.body.records[0].id;
    const undeclared = await client(server, ann).patch(`/api/table/${tableId}/record/${id}`, { record: { fields: { Count: 2, Owner: 'x' } } });
    assertTeableError(undeclared, 400, 'validation_error');
    assert.match(undeclared.body.message, /^record\.fields\.Owner\b/);
    const wrong = await client(server, ann).patch(`/api/table/${tableId}/record/${id}`, { record: { fields: { Count: 'two' } } });
    assertTeableError(wrong, 400, 'validation_error');
    assert.match(wrong.body.message, /^record\.fields\.Count\b/);
    const flat = await client(server, ann).patch(`/api/table/${tableId}/record/${id}`, { fields: { Count: 2 } });
    assertTeableError(flat, 400, 'validation_error');
    assert.match(flat.body.message, /^record\b/);
    assert.deepEqual((await client(server, ann).get(`/api/table/${tableId}/record/${id}`)).body.fields, { Title: 'stable', Count: 1 });
  });

  it('deletes a record: 200, then 404 for it', async () => {
    const created = await client(server, ann).post(`/api/table/${tableId}/record`, { records: [{ fields: { Title: 'bye' } }] });
    const id = created.body.records[0].id;
    const reply = await client(server, ann).delete(`/api/table/${tableId}/record/${id}`);
    assert.equal(reply.status, 200, reply.text);
    assertTeableError(await client(server, ann).get(`/api/table/${tableId}/record/${id}`), 404, 'not_found');
    assertTeableError(await client(server, ann).delete(`/api/table/${tableId}/record/${id}`), 404, 'not_found');
    assertTeableError(await client(server, ann).patch(`/api/table/${tableId}/record/${id}`, { record: { fields: { Title: 'x' } } }), 404, 'not_found');
    assert.ok(!(await listAll(tableId)).some((r) => r.id === id));
  });

  it('answers 404 for a record read through another table', async () => {
    const other = await newTable([{ name: 'Title', type: 'singleLineText' }]);
    const created = await client(server, ann).post(`/api/table/${tableId}/record`, { records: [{ fields: { Title: 'here' } }] });
    const id = created.body.records[0].id;
    assertTeableError(await client(server, ann).get(`/api/table/${other}/record/${id}`), 404, 'not_found');
    assertTeableError(await client(server, ann).delete(`/api/table/${other}/record/${id}`), 404, 'not_found');
    assert.equal((await client(server, ann).get(`/api/table/${tableId}/record/${id}`)).status, 200, 'the record survives');
  });
});

describe('collaborators and roles', () => {
  let server: TestServer;
  let owner: Account;
  let viewer: Account;
  let editor: Account;
  let creator: Account;
  let outsider: Account;
  let ws: { spaceId: string; baseId: string; tableId: string };
  let recordId: string;

  const add = (by: Account, who: Account, role: string) =>
    client(server, by).post(`/api/space/${ws.spaceId}/collaborator`, { collaborators: [{ principalId: who.id, principalType: 'user' }], role });
  const setRole = (by: Account, who: Account, role: string) =>
    client(server, by).patch(`/api/space/${ws.spaceId}/collaborators`, { principalId: who.id, principalType: 'user', role });
  const remove = (by: Account, who: Account) => client(server, by).delete(`/api/space/${ws.spaceId}/collaborators?principalId=${who.id}&principalType=user`);
  const roles = async (): Promise<Record<string, string>> => {
    const reply = await client(server, owner).get(`/api/space/${ws.spaceId}/collaborators`);
    assert.equal(reply.status, 200, reply.text);
    return Object.fromEntries(reply.body.collaborators.map((c: Json) => [c.userId, c.role]));
  };

  before(async () => {
    server = await startServer();
    owner = await signUp(server);
    viewer = await signUp(server);
    editor = await signUp(server);
    creator = await signUp(server);
    outsider = await signUp(server);
    ws = await seedWorkspace(server, owner);
    recordId = (await client(server, owner).post(`/api/table/${ws.tableId}/record`, { records: [{ fields: { Title: 'shared' } }] })).body.records[0].id;
  });
  after(() => server.close());

  it('adds collaborators with a role: 201', async () => {
    assert.equal((await add(owner, viewer, 'viewer')).status, 201);
    assert.equal((await add(owner, editor, 'editor')).status, 201);
    assert.equal((await add(owner, creator, 'creator')).status, 201);
    const got = await client(server, viewer).get(`/api/space/${ws.spaceId}`);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.body.role, 'viewer');
    const listed = (await client(server, editor).get('/api/space')).body.find((s: Json) => s.id === ws.spaceId);
    assert.equal(listed?.role, 'editor');
  });

  it('lists collaborators as {collaborators, uniqTotal, total}', async () => {
    const reply = await client(server, viewer).get(`/api/space/${ws.spaceId}/collaborators`);
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(Object.keys(reply.body).sort(), ['collaborators', 'total', 'uniqTotal']);
    assert.equal(reply.body.total, 4);
    assert.equal(reply.body.uniqTotal, 4);
    const byId = new Map(reply.body.collaborators.map((c: Json) => [c.userId, c]));
    assert.deepEqual(
      [owner, viewer, editor, creator].map((a) => (byId.get(a.id) as Json)?.role),
      ['owner', 'viewer', 'editor', 'creator'],
    );
    const entry = byId.get(viewer.id) as Json;
    assert.equal(entry.email, viewer.email);
    assert.equal(entry.type, 'user');
    assert.equal(entry.resourceType, 'space');
    assert.equal(typeof entry.userName, 'string');
    assert.ok('avatar' in entry);
    assert.ok(!Number.isNaN(Date.parse(entry.createdTime)));
  });

  it('refuses to add a member twice (409), an unknown user (400) or an unknown role (400)', async () => {
    assertTeableError(await add(owner, viewer, 'editor'), 409, 'conflict');
    const unknown = await client(server, owner).post(`/api/space/${ws.spaceId}/collaborator`, {
      collaborators: [{ principalId: 'usrDoesNotExist00000', principalType: 'user' }],
      role: 'viewer',
    });
    assertTeableError(unknown, 400, 'validation_error');
    assert.match(unknown.body.message, /^collaborators\.0\.principalId\b/);
    const badRole = await add(owner, outsider, 'admin');
    assertTeableError(badRole, 400, 'validation_error');
    assert.match(badRole.body.message, /^role\b/);
    const badType = await client(server, owner).post(`/api/space/${ws.spaceId}/collaborator`, {
      collaborators: [{ principalId: outsider.id, principalType: 'department' }],
      role: 'viewer',
    });
    assertTeableError(badType, 400, 'validation_error');
    assert.equal((await roles())[outsider.id], undefined, 'a refused collaborator was added');
  });

  it('lets a viewer read the space, base, tables and records', async () => {
    const as = client(server, viewer);
    assert.equal((await as.get(`/api/base/${ws.baseId}`)).body.role, 'viewer');
    assert.equal((await as.get(`/api/space/${ws.spaceId}/base`)).status, 200);
    assert.equal((await as.get(`/api/base/${ws.baseId}/table`)).status, 200);
    assert.equal((await as.get(`/api/base/${ws.baseId}/table/${ws.tableId}`)).status, 200);
    const records = await as.get(`/api/table/${ws.tableId}/record`);
    assert.equal(records.status, 200, records.text);
    assert.ok(records.body.records.some((r: Json) => r.id === recordId));
    assert.equal((await as.get(`/api/table/${ws.tableId}/record/${recordId}`)).body.fields.Title, 'shared');
  });

  it('refuses a viewer every write with 403 restricted_resource', async () => {
    const as = client(server, viewer);
    const attempts: [string, Promise<Reply<Json>>][] = [
      ['create record', as.post(`/api/table/${ws.tableId}/record`, { records: [{ fields: { Title: 'nope' } }] })],
      ['update record', as.patch(`/api/table/${ws.tableId}/record/${recordId}`, { record: { fields: { Title: 'nope' } } })],
      ['delete record', as.delete(`/api/table/${ws.tableId}/record/${recordId}`)],
      ['create table', as.post(`/api/base/${ws.baseId}/table`, { name: 'nope' })],
      ['delete table', as.delete(`/api/base/${ws.baseId}/table/${ws.tableId}`)],
      ['create base', as.post('/api/base', { spaceId: ws.spaceId })],
      ['rename base', as.patch(`/api/base/${ws.baseId}`, { name: 'nope' })],
      ['rename space', as.patch(`/api/space/${ws.spaceId}`, { name: 'nope' })],
    ];
    for (const [label, attempt] of attempts) assertTeableError(await attempt, 403, 'restricted_resource', label);
    const record = await client(server, owner).get(`/api/table/${ws.tableId}/record/${recordId}`);
    assert.equal(record.body.fields.Title, 'shared', 'a refused write changed the record');
  });

  it('lets an editor write records and tables', async () => {
    const as = client(server, editor);
    const created = await as.post(`/api/table/${ws.tableId}/record`, { records: [{ fields: { Title: 'by editor', Count: 1 } }] });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.records[0].createdBy, editor.id);
    const id = created.body.records[0].id;
    assert.equal((await as.patch(`/api/table/${ws.tableId}/record/${id}`, { record: { fields: { Count: 2 } } })).status, 200);
    assert.equal((await as.delete(`/api/table/${ws.tableId}/record/${id}`)).status, 200);
    const table = await as.post(`/api/base/${ws.baseId}/table`, { name: 'Editor table' });
    assert.equal(table.status, 201, table.text);
    assert.equal((await as.delete(`/api/base/${ws.baseId}/table/${table.body.id}`)).status, 200);
  });

  it('refuses an editor bases, the space and its roles', async () => {
    const as = client(server, editor);
    assertTeableError(await as.post('/api/base', { spaceId: ws.spaceId, name: 'nope' }), 403, 'restricted_resource', 'create base');
    assertTeableError(await as.patch(`/api/base/${ws.baseId}`, { name: 'nope' }), 403, 'restricted_resource', 'rename base');
    assertTeableError(await as.delete(`/api/base/${ws.baseId}`), 403, 'restricted_resource', 'delete base');
    assertTeableError(await as.patch(`/api/space/${ws.spaceId}`, { name: 'nope' }), 403, 'restricted_resource', 'rename space');
    assertTeableError(await as.delete(`/api/space/${ws.spaceId}`), 403, 'restricted_resource', 'delete space');
    assertTeableError(await add(editor, outsider, 'viewer'), 403, 'restricted_resource', 'grant');
    assert.equal((await client(server, owner).get(`/api/space/${ws.spaceId}`)).body.name, 'Space');
  });

  it('lets a creator create, rename and delete bases, but not rename the space or grant roles', async () => {
    const as = client(server, creator);
    const base = await as.post('/api/base', { spaceId: ws.spaceId, name: 'Creator base' });
    assert.equal(base.status, 201, base.text);
    assert.equal((await as.patch(`/api/base/${base.body.id}`, { name: 'Renamed' })).status, 200);
    assert.equal((await as.delete(`/api/base/${base.body.id}`)).status, 200);
    assertTeableError(await as.patch(`/api/space/${ws.spaceId}`, { name: 'nope' }), 403, 'restricted_resource', 'rename space');
    assertTeableError(await add(creator, outsider, 'viewer'), 403, 'restricted_resource', 'add');
    assertTeableError(await setRole(creator, viewer, 'editor'), 403, 'restricted_resource', 'change role');
    assertTeableError(await remove(creator, viewer), 403, 'restricted_resource', 'remove');
    const now = await roles();
    assert.equal(now[viewer.id], 'viewer');
    assert.equal(now[outsider.id], undefined);
  });

  it('lets the owner change a role, effective at the next request', async () => {
    assert.equal((await setRole(owner, editor, 'viewer')).status, 200);
    assert.equal((await roles())[editor.id], 'viewer');
    assertTeableError(
      await client(server, editor).post(`/api/table/${ws.tableId}/record`, { records: [{ fields: { Title: 'x' } }] }),
      403,
      'restricted_resource',
    );
    assert.equal((await setRole(owner, editor, 'editor')).status, 200);
    const reply = await client(server, editor).post(`/api/table/${ws.tableId}/record`, { records: [{ fields: { Title: 'x' } }] });
    assert.equal(reply.status, 201, reply.text);
  });

  it('refuses to change the role of someone who is not a member (404) or to an unknown role (400)', async () => {
    assertTeableError(await setRole(owner, outsider, 'viewer'), 404, 'not_found');
    const bad = await setRole(owner, viewer, 'superuser');
    assertTeableError(bad, 400, 'validation_error');
    assert.match(bad.body.message, /^role\b/);
  });

  it('keeps the last owner: it can be neither demoted nor removed (400)', async () => {
    const demote = await setRole(owner, owner, 'creator');
    assertTeableError(demote, 400, 'validation_error');
    const leave = await remove(owner, owner);
    assertTeableError(leave, 400, 'validation_error');
    assert.equal((await roles())[owner.id], 'owner');
  });

  it('lets an owner step down once another owner exists', async () => {
    assert.equal((await setRole(owner, creator, 'owner')).status, 200);
    assert.equal((await setRole(owner, owner, 'creator')).status, 200);
    assert.equal((await roles())[owner.id], 'creator');
    assertTeableError(await add(owner, outsider, 'viewer'), 403, 'restricted_resource', 'the former owner still grants');
    // The new owner is now the last one.
    assertTeableError(await setRole(creator, creator, 'editor'), 400, 'validation_error');
    assert.equal((await setRole(creator, owner, 'owner')).status, 200);
    assert.equal((await setRole(owner, creator, 'creator')).status, 200);
  });

  it('removes a collaborator, who then gets 404 for the space and what is in it', async () => {
    assert.equal((await remove(owner, viewer)).status, 200);
    assert.equal((await roles())[viewer.id], undefined);
    const as = client(server, viewer);
    assertTeableError(await as.get(`/api/space/${ws.spaceId}`), 404, 'not_found');
    assertTeableError(await as.get(`/api/base/${ws.baseId}`), 404, 'not_found');
    assertTeableError(await as.get(`/api/table/${ws.tableId}/record/${recordId}`), 404, 'not_found');
    assert.ok(!(await as.get('/api/space')).body.some((s: Json) => s.id === ws.spaceId));
    assertTeableError(await remove(owner, viewer), 404, 'not_found');
  });

  it('lets a member leave a space on their own', async () => {
    assert.equal((await remove(creator, creator)).status, 200);
    assert.equal((await roles())[creator.id], undefined);
    assertTeableError(await client(server, creator).get(`/api/space/${ws.spaceId}`), 404, 'not_found');
  });
});

describe('resources of others', () => {
  let server: TestServer;
  let ann: Account;
  let bob: Account;
  let ws: { spaceId: string; baseId: string; tableId: string; recordId: string };

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    bob = await signUp(server);
    await seedWorkspace(server, bob); // bob has data of his own
    const seeded = await seedWorkspace(server, ann);
    const record = await client(server, ann).post(`/api/table/${seeded.tableId}/record`, { records: [{ fields: { Title: 'secret', Count: 1 } }] });
    ws = { ...seeded, recordId: record.body.records[0].id };
  });
  after(() => server.close());

  type Probe = [string, string, (ids: typeof MISSING) => string, Json?];
  const probes: Probe[] = [
    ['GET', 'space', (i) => `/api/space/${i.spaceId}`],
    ['PATCH', 'space', (i) => `/api/space/${i.spaceId}`, { name: 'mine now' }],
    ['DELETE', 'space', (i) => `/api/space/${i.spaceId}`],
    ['GET', 'space bases', (i) => `/api/space/${i.spaceId}/base`],
    ['GET', 'space collaborators', (i) => `/api/space/${i.spaceId}/collaborators`],
    ['GET', 'base', (i) => `/api/base/${i.baseId}`],
    ['PATCH', 'base', (i) => `/api/base/${i.baseId}`, { name: 'mine now' }],
    ['DELETE', 'base', (i) => `/api/base/${i.baseId}`],
    ['GET', 'tables', (i) => `/api/base/${i.baseId}/table`],
    ['POST', 'tables', (i) => `/api/base/${i.baseId}/table`, { name: 'planted' }],
    ['GET', 'table', (i) => `/api/base/${i.baseId}/table/${i.tableId}`],
    ['DELETE', 'table', (i) => `/api/base/${i.baseId}/table/${i.tableId}`],
    ['GET', 'records', (i) => `/api/table/${i.tableId}/record`],
    ['POST', 'records', (i) => `/api/table/${i.tableId}/record`, { records: [{ fields: { Title: 'planted' } }] }],
    ['GET', 'record', (i) => `/api/table/${i.tableId}/record/${i.recordId}`],
    ['PATCH', 'record', (i) => `/api/table/${i.tableId}/record/${i.recordId}`, { record: { fields: { Title: 'mine now' } } }],
    ['DELETE', 'record', (i) => `/api/table/${i.tableId}/record/${i.recordId}`],
  ];
  for (const [method, what, path, body] of probes) {
    it(`answers a non-member's ${method} ${what} with the 404 of an id that does not exist`, async () => {
      const theirs = await client(server, bob).send(method, path(ws), body);
      const missing = await client(server, bob).send(method, path(MISSING), body);
      assertTeableError(theirs, 404, 'not_found', `${method} ${what}`);
      assert.deepEqual(theirs.body, missing.body);
      assert.equal(theirs.status, missing.status);
    });
  }

  it('answers a base or collaborator request in a space of others like one in no space', async () => {
    const base = await client(server, bob).post('/api/base', { spaceId: ws.spaceId, name: 'planted' });
    const none = await client(server, bob).post('/api/base', { spaceId: MISSING.spaceId, name: 'planted' });
    assertTeableError(base, 404, 'not_found');
    assert.deepEqual(base.body, none.body);
    const grant = (spaceId: string) =>
      client(server, bob).post(`/api/space/${spaceId}/collaborator`, { collaborators: [{ principalId: bob.id, principalType: 'user' }], role: 'owner' });
    const theirs = await grant(ws.spaceId);
    assertTeableError(theirs, 404, 'not_found');
    assert.deepEqual(theirs.body, (await grant(MISSING.spaceId)).body);
  });

  it("leaves the other user's data as it was after all those attempts", async () => {
    const as = client(server, ann);
    assert.equal((await as.get(`/api/space/${ws.spaceId}`)).body.name, 'Space');
    assert.equal((await as.get(`/api/base/${ws.baseId}`)).body.name, 'Base');
    assert.deepEqual(
      (await as.get(`/api/base/${ws.baseId}/table`)).body.map((t: Json) => t.id),
      [ws.tableId],
    );
    const records = (await as.get(`/api/table/${ws.tableId}/record`)).body.records;
    assert.deepEqual(
      records.map((r: Json) => [r.id, r.fields.Title]),
      [[ws.recordId, 'secret']],
    );
    const collaborators = (await as.get(`/api/space/${ws.spaceId}/collaborators`)).body.collaborators;
    assert.deepEqual(
      collaborators.map((c: Json) => c.userId),
      [ann.id],
    );
    assert.ok(!(await client(server, bob).get('/api/space')).body.some((s: Json) => s.id === ws.spaceId));
  });
});

describe('HTTP plumbing', () => {
  let server: TestServer;
  let ann: Account;
  let ws: { spaceId: string; baseId: string; tableId: string };

  before(async () => {
    server = await startServer();
    ann = await signUp(server);
    ws = await seedWorkspace(server, ann);
  });
  after(() => server.close());

  it('answers the same with and without a trailing slash', async () => {
    for (const path of ['/api/space', `/api/space/${ws.spaceId}`, `/api/base/${ws.baseId}`, `/api/base/${ws.baseId}/table`, `/api/table/${ws.tableId}/record`]) {
      const plain = await client(server, ann).get(path);
      const slashed = await client(server, ann).get(`${path}/`);
      assert.equal(plain.status, 200, `${path}: ${plain.text}`);
      assert.equal(slashed.status, 200, `${path}/: ${slashed.text}`);
      assert.deepEqual(slashed.body, plain.body, path);
    }
    const created = await client(server, ann).post('/api/space/', { name: 'Slashed' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.name, 'Slashed');
    const records = await client(server, ann).get(`/api/table/${ws.tableId}/record/?take=1`);
    assert.equal(records.status, 200, records.text);
    assert.ok(records.body.records.length <= 1);
  });

  for (const contentType of ['application/x-www-form-urlencoded', 'application/json', 'application/json; charset=utf-8', undefined]) {
    it(`accepts an empty POST body labelled ${contentType ?? 'with no content type'} where the body is optional`, async () => {
      const reply = await call(server, 'POST', '/api/space', { cookie: ann.cookie, rawBody: '', ...(contentType ? { contentType } : {}) });
      assert.equal(reply.status, 201, reply.text);
      assert.match(reply.body.id, /^spc/);
      assert.ok(reply.body.name.length > 0);
    });
  }

  it('accepts an empty POST with no body at all where the body is optional', async () => {
    const reply = await call(server, 'POST', '/api/space', { cookie: ann.cookie });
    assert.equal(reply.status, 201, reply.text);
  });

  it('parses a form-encoded body', async () => {
    const reply = await call(server, 'POST', '/api/space', { cookie: ann.cookie, rawBody: 'name=From+a+form', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.body.name, 'From a form');
  });

  it('still names a required field when the body is empty', async () => {
    const reply = await call(server, 'POST', '/api/base', { cookie: ann.cookie, rawBody: '', contentType: 'application/x-www-form-urlencoded' });
    assertTeableError(reply, 400, 'validation_error');
    assert.match(reply.body.message, /^spaceId\b/);
  });

  for (const [label, rawBody] of [
    ['truncated JSON', '{"name": "x"'],
    ['a trailing comma', '{"name": "x",}'],
    ['bare words', 'name=x'],
    ['single quotes', "{'name': 'x'}"],
  ] as const) {
    it(`answers invalid JSON (${label}) with 400 validation_error in the Teable body`, async () => {
      const reply = await call(server, 'POST', '/api/space', { cookie: ann.cookie, rawBody, contentType: 'application/json' });
      assertTeableError(reply, 400, 'validation_error');
      const list = await client(server, ann).get('/api/space');
      assert.ok(!list.body.some((s: Json) => s.name === 'x'), 'a space was created from invalid JSON');
    });
  }

  for (const contentType of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/octet-stream']) {
    it(`refuses a body of type ${contentType} with 415`, async () => {
      const reply = await call(server, 'POST', '/api/space', { cookie: ann.cookie, rawBody: 'name=x', contentType });
      assertTeableError(reply, 415, 'unsupported_media_type');
    });
  }

  it('answers an unknown route with 404 in the Teable body', async () => {
    for (const [method, path] of [
      ['GET', '/api/nothing-here'],
      ['GET', '/nowhere'],
      ['PUT', '/api/space'],
      ['POST', `/api/space/${ws.spaceId}/not-a-thing`],
      ['GET', `/api/table/${ws.tableId}/record/x/y`],
    ] as const) {
      assertTeableError(await call(server, method, path, { cookie: ann.cookie }), 404, 'not_found', `${method} ${path}`);
    }
  });

  it('answers a path with broken percent-encoding with 400 in the Teable body', async () => {
    const reply = await call(server, 'GET', '/api/space/%E0%A4%A', { cookie: ann.cookie });
    assertTeableError(reply, 400, 'validation_error');
  });

  it('answers an over-long id in the path with a 4xx in the Teable body', async () => {
    const reply = await call(server, 'GET', `/api/space/${'x'.repeat(300)}`, { cookie: ann.cookie });
    assert.ok(reply.status >= 400 && reply.status < 500, `${reply.status}: ${reply.text.slice(0, 200)}`);
    assert.ok(isTeableBody(reply.body), reply.text.slice(0, 200));
    assert.equal(reply.body.status, reply.status);
  });

  it('never answers 500, whatever it is sent', async () => {
    const cookie = ann.cookie;
    const record = `/api/table/${ws.tableId}/record`;
    const cases: [string, string, RequestOptions][] = [
      ['POST', '/api/space', { rawBody: 'null', contentType: 'application/json' }],
      ['POST', '/api/space', { rawBody: '[]', contentType: 'application/json' }],
      ['POST', '/api/space', { rawBody: '"a string"', contentType: 'application/json' }],
      ['POST', '/api/space', { rawBody: '42', contentType: 'application/json' }],
      ['POST', '/api/space', { body: { name: 42 } }],
      ['POST', '/api/space', { body: { name: null } }],
      ['POST', '/api/space', { body: { name: ['a'] } }],
      ['POST', '/api/space', { rawBody: 'name=a&name=b', contentType: 'application/x-www-form-urlencoded' }],
      ['POST', '/api/space', { rawBody: '{"name":"\u0000"}', contentType: 'application/json' }],
      ['POST', '/api/space', { rawBody: '\u00ff\u00fe{', contentType: 'application/json' }],
      ['POST', '/api/space', { rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }), contentType: 'application/json' }],
      ['POST', '/api/space', { rawBody: '{"__proto__": {"admin": true}}', contentType: 'application/json' }],
      ['POST', '/api/space', { rawBody: '{}', contentType: 'application/json; charset=latin-99' }],
      ['POST', '/api/space', { rawBody: '{}', contentType: 'nonsense' }],
      ['POST', record, { rawBody: 'records=1', contentType: 'application/x-www-form-urlencoded' }],
      ['POST', record, { body: { records: [{ fields: [] }] } }],
      ['POST', record, { body: { records: [{ fields: null }] } }],
      ['POST', record, { body: { records: [null] } }],
      ['POST', record, { body: { records: [{ fields: { Title: 'x' } }], fieldKeyType: 'label' } }],
      ['POST', record, { rawBody: '{"records":[{"fields":{"__proto__":"x","constructor":"y"}}]}', contentType: 'application/json' }],
      ['POST', record, { body: { records: [{ fields: { Count: Number.MAX_VALUE, Title: 'x'.repeat(10_001) } }] } }],
      ['POST', record, { rawBody: '{"records":[{"fields":{"Count":1e999}}]}', contentType: 'application/json' }],
      ['POST', record, { body: { records: Array.from({ length: 1001 }, () => ({ fields: {} })) } }],
      ['GET', `${record}?take=1.5`, {}],
      ['GET', `${record}?take=99999999999999999999`, {}],
      ['GET', `${record}?fieldKeyType=label`, {}],
      ['GET', `${record}?take=1&take=2`, {}],
      ['GET', '/api/space/%00', {}],
      ['GET', `${record}/rec%00`, {}],
      ['POST', '/api/space', { body: { name: 'nul\u0000byte' } }],
      ['PATCH', `/api/base/${ws.baseId}`, { body: { name: 'nul\u0000byte' } }],
      ['POST', '/api/base', { body: { spaceId: 'spc\u0000' } }],
      ['POST', record, { body: { records: [{ fields: { Title: 'nul\u0000byte' } }] } }],
      ['POST', `/api/space/${ws.spaceId}/collaborator`, { body: { collaborators: [{ principalId: 'usr\u0000', principalType: 'user' }], role: 'viewer' } }],
      ['GET', `/api/base/${ws.baseId}/table/%F0%9F%92%A9`, {}],
      ['PATCH', `${record}/${MISSING.recordId}`, { body: { record: null } }],
      ['PATCH', `/api/base/${ws.baseId}`, { body: { icon: 5 } }],
      ['PATCH', `/api/space/${ws.spaceId}/collaborators`, { body: {} }],
      ['DELETE', `/api/space/${ws.spaceId}/collaborators`, {}],
      ['DELETE', `/api/space/${ws.spaceId}/collaborators?principalId=&principalType=group`, {}],
      ['POST', `/api/space/${ws.spaceId}/collaborator`, { body: { collaborators: [], role: 'viewer' } }],
      ['POST', `/api/base/${ws.baseId}/table`, { body: { fields: [{ name: 'A', type: 'number' }].concat(Array.from({ length: 200 }, (_, i) => ({ name: `F${i}`, type: 'number' }))) } }],
      ['POST', '/api/auth/signin', { body: { email: 'x'.repeat(300), password: 'y' } }],
      ['POST', '/api/auth/signup', { body: { email: ['a@b.co'], password: 'passw0rd-x' } }],
      ['GET', '/api/space', { headers: { cookie: 'tessera_session=%' } }],
      ['GET', '/api/space', { headers: { authorization: 'Bearer ' } }],
      ['GET', '/api/space', { headers: { authorization: `Bearer ${'a'.repeat(5000)}` } }],
    ];
    const failures: string[] = [];
    for (const [method, path, options] of cases) {
      const reply = await call(server, method, path, { ...(options.headers ? {} : { cookie }), ...options });
      const label = `${method} ${path.slice(0, 80)} ${JSON.stringify(options).slice(0, 120)}`;
      if (reply.status >= 500) failures.push(`${label} answered ${reply.status}: ${reply.text.slice(0, 200)}`);
      else if (reply.status >= 400 && !isTeableBody(reply.body)) failures.push(`${label} answered ${reply.status} without the Teable body: ${reply.text.slice(0, 200)}`);
    }
    assert.deepEqual(failures, []);
  });
});

describe('simultaneous membership changes', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('add a collaborator once: one 201, the others 409 conflict in the Teable body, one membership', async () => {
    const [ann, bob] = [await signUp(server), await signUp(server)];
    for (let round = 0; round < 5; round++) {
      const space = await client(server, ann).post('/api/space', { name: `Shared ${round}` });
      const replies = await Promise.all(
        Array.from({ length: 6 }, () => client(server, ann).post(`/api/space/${space.body.id}/collaborator`, { collaborators: [{ principalId: bob.id, principalType: 'user' }], role: 'editor' })),
      );
      assert.deepEqual(replies.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409], replies.map((r) => r.text).join(' | '));
      for (const reply of replies.filter((r) => r.status === 409)) assertTeableError(reply, 409, 'conflict');
      const members = await server.store.db.selectFrom('space_members').select('role').where('space_id', '=', space.body.id).where('user_id', '=', bob.id).execute();
      assert.deepEqual(members, [{ role: 'editor' }]);
    }
  });

  // Each owner sees the other and may go; together they must not leave the space without one.
  // The outcome must be that of some serial order: one change succeeds, the other is refused.
  it('leave the space with an owner: one change succeeds, the other is refused (400)', async () => {
    const [ann, bob] = [await signUp(server), await signUp(server)];
    const ways = {
      demote: (by: Account, spaceId: string) => client(server, by).patch(`/api/space/${spaceId}/collaborators`, { principalId: by.id, principalType: 'user', role: 'creator' }),
      leave: (by: Account, spaceId: string) => client(server, by).delete(`/api/space/${spaceId}/collaborators?principalId=${by.id}&principalType=user`),
    };
    for (let round = 0; round < 20; round++) {
      const space = await client(server, ann).post('/api/space', { name: `Space ${round}` });
      assert.equal(space.status, 201, space.text);
      const added = await client(server, ann).post(`/api/space/${space.body.id}/collaborator`, { collaborators: [{ principalId: bob.id, principalType: 'user' }], role: 'owner' });
      assert.equal(added.status, 201, added.text);
      const [first, second] = round % 2 === 0 ? [ways.demote, ways.leave] : [ways.leave, ways.leave];
      const replies = await Promise.all([first(ann, space.body.id), second(bob, space.body.id)]);
      assert.deepEqual(replies.map((r) => r.status).sort(), [200, 400], `round ${round}: ${replies.map((r) => r.text).join(' | ')}`);
      const members = await server.store.db.selectFrom('space_members').select(['user_id', 'role']).where('space_id', '=', space.body.id).execute();
      assert.equal(members.filter((m) => m.role === 'owner').length, 1, `round ${round}: ${JSON.stringify(members)}`);
    }
  });
});

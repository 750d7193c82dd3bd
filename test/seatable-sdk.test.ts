// SeaTable's own JavaScript SDK (`seatable-api`), unchanged, against Tessera: it exchanges an API
// token at /api/v2.1/dtable/app-access-token/, then talks to the `dtable_server` it was given with
// the base access token. Rows it writes are the records the Teable API shows, and the reverse.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { call, seedWorkspace, signUp, type Account, type Json } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

/** The part of seatable-api's Base this file uses (the package ships no type declarations). */
interface SeaTableBase {
  appName: string;
  accessToken: string;
  dtableServer: string;
  dtableUuid: string;
  auth(): Promise<void>;
  getMetadata(): Promise<{ tables: { _id: string; name: string; columns: { key: string; name: string; type: string }[] }[] }>;
  listRows(table: string): Promise<Json[]>;
  getRow(table: string, rowId: string): Promise<Json>;
  appendRow(table: string, row: Record<string, unknown>): Promise<Json>;
  updateRow(table: string, rowId: string, row: Record<string, unknown>): Promise<Json>;
  deleteRow(table: string, rowId: string): Promise<Json>;
}
type BaseConstructor = new (config: { server: string; APIToken: string }) => SeaTableBase;

// `import pkg from 'seatable-api'` at run time; required so that the type above applies.
const { Base } = createRequire(import.meta.url)('seatable-api') as { Base: BaseConstructor };

/** The HTTP status of an axios error the SDK rejects with. */
async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { response?: { status?: number } }).response?.status;
  }
  assert.fail('the SDK call succeeded');
}

describe('seatable-api (the SeaTable JS SDK) against Tessera', () => {
  let server: TestServer;
  let owner: Account;
  let ws: { spaceId: string; baseId: string; tableId: string };
  let workspaceId: number;
  let uuid: string;

  const apiTokensPath = (): string => `/api/v2.1/workspace/${workspaceId}/dtable/Base/api-tokens/`;
  async function apiToken(appName: string, permission: 'r' | 'rw'): Promise<string> {
    const reply = await call(server, 'POST', apiTokensPath(), { cookie: owner.cookie, body: { app_name: appName, permission } });
    assert.equal(reply.status, 201, reply.text);
    return reply.body.api_token as string;
  }
  const teableRecord = (id: string) => call(server, 'GET', `/api/table/${ws.tableId}/record/${id}`, { cookie: owner.cookie });

  before(async () => {
    server = await startServer();
    owner = await signUp(server);
    ws = await seedWorkspace(server, owner);
    workspaceId = Number((await server.store.db.selectFrom('spaces').select('num').where('id', '=', ws.spaceId).executeTakeFirstOrThrow()).num);
    uuid = (await server.store.db.selectFrom('bases').select('uuid').where('id', '=', ws.baseId).executeTakeFirstOrThrow()).uuid;
  });
  after(() => server.close());

  it("authenticates with an API token and is pointed at this server's data server", async () => {
    const base = new Base({ server: server.url, APIToken: await apiToken('sdk-auth', 'rw') });
    await base.auth();
    assert.equal(base.appName, 'sdk-auth');
    assert.equal(base.dtableUuid, uuid);
    assert.equal(base.dtableServer, `${server.url}/dtable-server/`);
    assert.equal(base.accessToken.split('.').length, 3);
  });

  it('reads the metadata', async () => {
    const base = new Base({ server: server.url, APIToken: await apiToken('sdk-metadata', 'r') });
    await base.auth();
    const metadata = await base.getMetadata();
    assert.deepEqual(
      metadata.tables.map((t) => t.name),
      ['Tasks'],
    );
    assert.equal(metadata.tables[0]?._id, ws.tableId);
    assert.deepEqual(
      metadata.tables[0]?.columns.map((c) => c.name),
      ['Title', 'Count'],
    );
  });

  it('lists the rows made through the Teable API', async () => {
    const made = await call(server, 'POST', `/api/table/${ws.tableId}/record`, { cookie: owner.cookie, body: { records: [{ fields: { Title: 'from teable', Count: 5 } }] } });
    assert.equal(made.status, 201, made.text);
    const id = made.body.records[0].id as string;
    const base = new Base({ server: server.url, APIToken: await apiToken('sdk-list', 'r') });
    await base.auth();
    const rows = await base.listRows('Tasks');
    const row = rows.find((r) => r._id === id);
    assert.ok(row, 'the Teable record is listed');
    assert.equal(row.Title, 'from teable');
    assert.equal(row.Count, 5);
  });

  it('appends, reads, updates and deletes a row, each seen by the Teable API', async () => {
    const base = new Base({ server: server.url, APIToken: await apiToken('sdk-write', 'rw') });
    await base.auth();
    const appended = await base.appendRow('Tasks', { Title: 'from the sdk', Count: 1 });
    const id = appended._id as string;
    assert.match(id, /^rec[0-9A-Za-z]+$/);
    assert.deepEqual((await teableRecord(id)).body.fields, { Title: 'from the sdk', Count: 1 });

    const got = await base.getRow('Tasks', id);
    assert.equal(got.Title, 'from the sdk');

    await base.updateRow('Tasks', id, { Count: 2 });
    assert.deepEqual((await teableRecord(id)).body.fields, { Title: 'from the sdk', Count: 2 });
    assert.ok((await base.listRows('Tasks')).some((r) => r._id === id && r.Count === 2));

    await base.deleteRow('Tasks', id);
    assert.equal((await teableRecord(id)).status, 404);
    assert.ok(!(await base.listRows('Tasks')).some((r) => r._id === id));
  });

  it('is refused writes with an r API token (403) while it reads', async () => {
    const base = new Base({ server: server.url, APIToken: await apiToken('sdk-reader', 'r') });
    await base.auth();
    assert.ok(Array.isArray(await base.listRows('Tasks')));
    assert.equal(await statusOf(base.appendRow('Tasks', { Title: 'refused' })), 403);
    const titles = (await call(server, 'GET', `/api/table/${ws.tableId}/record?take=1000`, { cookie: owner.cookie })).body.records.map((r: Json) => r.fields.Title);
    assert.ok(!titles.includes('refused'));
  });

  it('fails to authenticate with a deleted API token, and its session dies with it', async () => {
    const token = await apiToken('sdk-deleted', 'rw');
    const base = new Base({ server: server.url, APIToken: token });
    await base.auth();
    assert.equal((await call(server, 'DELETE', `${apiTokensPath()}sdk-deleted/`, { cookie: owner.cookie })).status, 200);
    assert.equal(await statusOf(base.listRows('Tasks')), 401, 'the base access token already held');
    assert.equal(await statusOf(new Base({ server: server.url, APIToken: token }).auth()), 401, 'a new authentication');
  });
});

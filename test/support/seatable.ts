// SeaTable-family helpers shared by the test files: a seeded base under SeaTable's names, and an
// account token.
import assert from 'node:assert/strict';
import { call, seedWorkspace, SIGNUP_PASSWORD, type Account } from './client.js';
import type { TestServer } from './server.js';

/** A seeded space/base/table with SeaTable's names for them. */
export interface Dtable {
  spaceId: string;
  baseId: string;
  tableId: string;
  /** SeaTable's integer workspace id. */
  workspaceId: number;
  /** The base's name (SeaTable's dtable_name). */
  name: string;
  uuid: string;
}

/** seedWorkspace, with the workspace id, base name and dtable_uuid SeaTable's API addresses it by. */
export async function seedDtable(server: TestServer, owner: Account): Promise<Dtable> {
  const ws = await seedWorkspace(server, owner);
  const space = await server.store.db.selectFrom('spaces').select('num').where('id', '=', ws.spaceId).executeTakeFirstOrThrow();
  const base = await server.store.db.selectFrom('bases').select(['uuid', 'name']).where('id', '=', ws.baseId).executeTakeFirstOrThrow();
  return { ...ws, workspaceId: Number(space.num), name: base.name, uuid: base.uuid };
}

/** An account token (POST /api2/auth-token/) of an account made by `signUp`. */
export async function accountToken(server: TestServer, who: Account): Promise<string> {
  const reply = await call(server, 'POST', '/api2/auth-token/', { body: { username: who.email, password: SIGNUP_PASSWORD } });
  assert.equal(reply.status, 200, reply.text);
  return reply.body.token as string;
}

// One credential of each kind, made through the API as its clients make them (an AWX token, a
// SeaTable API token and share link, a plugin installed in a base with its code and token pair), for
// the suites that revoke every kind (leak reports, disabling an account).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { call, SIGNUP_PASSWORD, type Account, type Endpoint, type Json, type Reply, type RequestOptions } from './client.js';
import type { Dtable } from './seatable.js';

export const PLUGIN_SCOPES = ['base|read', 'table|read', 'record|read'];

export interface Plugin {
  id: string;
  secret: string;
}

export interface Pair {
  accessToken: string;
  refreshToken: string;
}

/** SeaTable's `Authorization: Token <secret>`. */
export const tokenAuth = (token: string): RequestOptions => ({ headers: { authorization: `Token ${token}` } });

/** A fresh sign-in of `who`: a new session cookie value (tess_ses_...). */
export async function signIn(server: Endpoint, who: Account): Promise<string> {
  const reply = await call(server, 'POST', '/api/auth/signin', { body: { email: who.email, password: SIGNUP_PASSWORD } });
  assert.equal(reply.status, 200, reply.text);
  const cookie = reply.headers.get('set-cookie')?.split(';')[0];
  assert.ok(cookie !== undefined && cookie.startsWith('tessera_session=tess_ses_'), `unexpected cookie ${cookie}`);
  return cookie;
}

/** An AWX user personal token with `read` scope. */
export async function awxToken(server: Endpoint, who: Account): Promise<string> {
  const me = await call(server, 'GET', '/api/v2/me/', { cookie: who.cookie });
  assert.equal(me.status, 200, me.text);
  const reply = await call(server, 'POST', `/api/v2/users/${me.body.results[0].id}/personal_tokens/`, { cookie: who.cookie, body: { scope: 'read' } });
  assert.equal(reply.status, 201, reply.text);
  return reply.body.token as string;
}

/** A read-only SeaTable API token on the base. */
export async function apiToken(server: Endpoint, who: Account, d: Dtable): Promise<string> {
  const path = `/api/v2.1/workspace/${d.workspaceId}/dtable/${encodeURIComponent(d.name)}/api-tokens/`;
  const reply = await call(server, 'POST', path, { cookie: who.cookie, body: { app_name: `app-${randomBytes(4).toString('hex')}`, permission: 'r' } });
  assert.equal(reply.status, 201, reply.text);
  return reply.body.api_token as string;
}

export async function shareLink(server: Endpoint, who: Account, d: Dtable): Promise<{ id: string; token: string }> {
  const reply = await call(server, 'POST', '/api/v2.1/dtables/share-links/', { cookie: who.cookie, body: { workspace_id: d.workspaceId, table_name: d.name, permission: 'r' } });
  assert.equal(reply.status, 201, reply.text);
  return { id: reply.body.id as string, token: reply.body.token as string };
}

/** A share link's holder asks for a base access token. */
export const linkAccess = (server: Endpoint, token: string): Promise<Reply<Json>> =>
  call(server, 'GET', `/api/v2.1/dtable/share-link-access-token/?token=${encodeURIComponent(token)}`);

/** The data server's rows of the seeded table, with a base access token. */
export const listRows = (server: Endpoint, d: Dtable, jwt: string): Promise<Reply<Json>> =>
  call(server, 'GET', `/dtable-server/api/v1/dtables/${d.uuid}/rows/?table_name=Tasks`, tokenAuth(jwt));

/** A plugin registered by `owner` and installed in the base. */
export async function plugin(server: Endpoint, owner: Account, baseId: string): Promise<Plugin> {
  const created = await call(server, 'POST', '/api/plugin', { cookie: owner.cookie, body: { name: 'Leaky', scopes: PLUGIN_SCOPES } });
  assert.equal(created.status, 201, created.text);
  const installed = await call(server, 'POST', `/api/base/${baseId}/plugin`, { cookie: owner.cookie, body: { pluginId: created.body.id } });
  assert.equal(installed.status, 201, installed.text);
  return { id: created.body.id as string, secret: created.body.secret as string };
}

export async function authCode(server: Endpoint, owner: Account, p: Plugin, baseId: string): Promise<string> {
  const reply = await call(server, 'POST', `/api/plugin/${p.id}/authCode`, { cookie: owner.cookie, body: { baseId } });
  assert.equal(reply.status, 201, reply.text);
  return reply.text;
}

export const exchange = (server: Endpoint, p: Plugin, baseId: string, code: string, secret = p.secret): Promise<Reply<Json>> =>
  call(server, 'POST', `/api/plugin/${p.id}/token`, { body: { baseId, secret, scopes: PLUGIN_SCOPES, authCode: code } });

export const refresh = (server: Endpoint, p: Plugin, refreshToken: string): Promise<Reply<Json>> =>
  call(server, 'POST', `/api/plugin/${p.id}/refreshToken`, { body: { refreshToken, secret: p.secret } });

/** A plugin access token and refresh token for `owner` on the base (a new grant). */
export async function pair(server: Endpoint, owner: Account, p: Plugin, baseId: string): Promise<Pair> {
  const reply = await exchange(server, p, baseId, await authCode(server, owner, p, baseId));
  assert.equal(reply.status, 201, reply.text);
  return { accessToken: reply.body.accessToken as string, refreshToken: reply.body.refreshToken as string };
}

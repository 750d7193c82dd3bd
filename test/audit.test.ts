// The audit log (GET /api/audit): every act on a credential is one event naming who acted (and
// with which session or token), whose credential it concerns, from which address and user agent;
// failed authentications are coalesced per credential and address into one counted row (written
// behind, so the tests poll); a person sees their own events, the admin everyone's; events past
// the retention are never listed; and no column of any row ever holds a secret. Black-box HTTP
// against a real server; the store is read only to prove that no secret reached it, and written
// to plant an event older than the retention.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { assertTeableError } from './support/assertions.js';
import { call, createToken, daysFromNow, seedWorkspace, signUp, SIGNUP_PASSWORD, type Account, type Json, type Reply, type RequestOptions } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';
import { AuditRepository } from '../src/audit/audit-repository.js';

/** What signUp() sets as every account's password. */
const PASSWORD = SIGNUP_PASSWORD;
/** A user agent of our own, to prove the log records the request's. */
const UA = 'tessera-audit-test/1.0 (black-box; +https://example.com/ua)';
const LOCAL_ADDRESSES = ['127.0.0.1', '::ffff:127.0.0.1'];
const PLUGIN_SCOPES = ['base|read', 'table|read', 'record|read'];
const EVENT_KEYS = ['action', 'actorCredentialId', 'actorId', 'address', 'count', 'credentialId', 'credentialKind', 'detail', 'id', 'lastTime', 'time', 'userAgent', 'userId'];

interface AuditEvent {
  id: string;
  time: string;
  lastTime: string;
  count: number;
  action: string;
  actorId: string | null;
  actorCredentialId: string | null;
  userId: string | null;
  credentialId: string | null;
  credentialKind: string | null;
  address: string | null;
  userAgent: string | null;
  detail: Record<string, Json> | null;
}

type Query = Record<string, string | number>;

/** Every request a person makes here carries the custom user agent. */
const as = (who: Account): RequestOptions => ({ cookie: who.cookie, headers: { 'user-agent': UA } });

const auditPath = (query: Query = {}): string => {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)])).toString();
  return `/api/audit${search === '' ? '' : `?${search}`}`;
};

/** Retries `probe` every 100 ms until it yields something (at most `timeoutMs`): for the written-behind failures. */
async function poll<T>(label: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) assert.fail(`${label}: not seen within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Exactly one event matches; returns it. */
function theOne(events: readonly AuditEvent[], match: (e: AuditEvent) => boolean, label: string): AuditEvent {
  const found = events.filter(match);
  assert.equal(found.length, 1, `${label}: expected exactly one event, found ${found.length}: ${JSON.stringify(found)}`);
  return found[0]!;
}

const byAction = (action: string) => (e: AuditEvent): boolean => e.action === action;

/**
 * The events are exactly these actions, one each, listed newest first; returns them in that order.
 * (Acts a millisecond apart may share a time, so the order is checked on the times.)
 */
function inOrder(events: readonly AuditEvent[], newestFirst: readonly string[], label: string): AuditEvent[] {
  assert.deepEqual(events.map((e) => e.action).sort(), [...newestFirst].sort(), label);
  const ordered = newestFirst.map((action) => theOne(events, byAction(action), `${label}: ${action}`));
  for (let i = 1; i < ordered.length; i++) {
    assert.ok(ordered[i - 1]!.time >= ordered[i]!.time, `${label}: ${newestFirst[i - 1]} happened before ${newestFirst[i]}`);
  }
  for (let i = 1; i < events.length; i++) assert.ok(events[i - 1]!.time >= events[i]!.time, `${label}: not listed newest first`);
  return ordered;
}

function assertLocal(event: AuditEvent, label: string): void {
  assert.ok(event.address !== null && LOCAL_ADDRESSES.includes(event.address), `${label}: address ${event.address}`);
}

/** A single (not coalesced) event, made by a request that carried UA from this machine. */
function assertSingle(event: AuditEvent, label: string): void {
  assert.deepEqual(Object.keys(event).sort(), EVENT_KEYS, label);
  assert.match(event.id, /^aud[0-9A-Za-z]{16}$/, label);
  assert.equal(event.count, 1, label);
  assert.equal(event.lastTime, event.time, label);
  assert.ok(!Number.isNaN(Date.parse(event.time)), `${label}: time ${event.time}`);
  assertLocal(event, label);
  assert.equal(event.userAgent, UA, label);
}

/** The expected acting credential: a session id, never a secret. */
function assertSessionId(id: string | null, label: string): void {
  assert.ok(id !== null, `${label}: no acting credential`);
  assert.match(id, /^ses[0-9A-Za-z]{16}$/, label);
  assert.ok(!id.startsWith('tess_'), label);
}

describe('the audit log (GET /api/audit)', () => {
  let server: TestServer;
  /** The first account: the instance admin. */
  let admin: Account;
  let ann: Account;
  let bob: Account;
  /** The ids of the sessions that signUp() opened. */
  let annSession: string;
  let bobSession: string;
  let annWs: { spaceId: string; baseId: string; tableId: string };
  /** Ann's first personal access token, created, updated, refreshed and deleted by the first test. */
  let annTokenId: string;
  /** Every secret the tests saw; none may reach the audit table. */
  const secrets = new Set<string>();

  const keep = (...values: (string | undefined | null)[]): void => {
    for (const value of values) {
      assert.ok(typeof value === 'string' && value.length >= 8, `not a secret worth keeping: ${String(value)}`);
      secrets.add(value);
    }
  };
  /** The secret of a `name=value` session cookie. */
  const keepCookie = (cookie: string): void => keep(cookie.slice(cookie.indexOf('=') + 1));

  const audit = (who: Account, query: Query = {}): Promise<Reply<Json>> => call(server, 'GET', auditPath(query), as(who));
  /** The events `who` may read under this filter (one page of up to 1000). */
  const events = async (who: Account, query: Query = {}): Promise<AuditEvent[]> => {
    const reply = await audit(who, { take: 1000, ...query });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(Object.keys(reply.body).sort(), ['events', 'total']);
    // (total is not compared: a failure written behind may land between the page and its count.)
    assert.ok(reply.body.events.length < 1000, 'a page of 1000 holds everything here');
    return reply.body.events as AuditEvent[];
  };
  /** The auth.failed row matching `match` once its count has reached `count` (polled). */
  const failedRow = (who: Account, query: Query, match: (e: AuditEvent) => boolean, count: number, label: string): Promise<AuditEvent> =>
    poll(label, async () => {
      const rows = (await events(who, { action: 'auth.failed', ...query })).filter(match);
      assert.ok(rows.length <= 1, `${label}: the failures were not coalesced: ${JSON.stringify(rows)}`);
      return rows[0] !== undefined && rows[0].count >= count ? rows[0] : undefined;
    });
  const sessionOf = async (who: Account): Promise<string> => {
    const opened = theOne(await events(who, { action: 'session.create' }), (e) => e.actorId === who.id, 'the sign-up session');
    return opened.credentialId!;
  };

  before(async () => {
    server = await startServer();
    admin = await signUp(server); // the first account is the instance admin
    ann = await signUp(server);
    bob = await signUp(server);
    for (const who of [admin, ann, bob]) keepCookie(who.cookie);
    keep(PASSWORD);
    annSession = await sessionOf(ann);
    bobSession = await sessionOf(bob);
    annWs = await seedWorkspace(server, ann);
    // Bob may read ann's first space: he authorizes her plugin there.
    const added = await call(server, 'POST', `/api/space/${annWs.spaceId}/collaborator`, {
      cookie: ann.cookie,
      body: { collaborators: [{ principalId: bob.id, principalType: 'user' }], role: 'viewer' },
    });
    assert.equal(added.status, 201, added.text);
  });
  after(() => server.close());

  it('records creating, updating, refreshing and deleting a personal access token, each once, with actor, session, subject, address and user agent', async () => {
    const created = await call(server, 'POST', '/api/access-token', {
      ...as(ann),
      body: { name: 'audited', scopes: ['record|read'], baseIds: [annWs.baseId], expiredTime: daysFromNow(30) },
    });
    assert.equal(created.status, 201, created.text);
    keep(created.body.token);
    annTokenId = created.body.id;
    const updated = await call(server, 'PUT', `/api/access-token/${annTokenId}`, { ...as(ann), body: { name: 'audited, renamed', scopes: ['record|read', 'table|read'] } });
    assert.equal(updated.status, 200, updated.text);
    const refreshed = await call(server, 'POST', `/api/access-token/${annTokenId}/refresh`, { ...as(ann), body: { expiredTime: daysFromNow(10) } });
    assert.equal(refreshed.status, 200, refreshed.text);
    keep(refreshed.body.token);
    assert.equal((await call(server, 'DELETE', `/api/access-token/${annTokenId}`, as(ann))).status, 200);

    const log = inOrder(await events(ann, { credentialId: annTokenId }), ['token.delete', 'token.refresh', 'token.update', 'token.create'], 'one event per act');
    for (const event of log) {
      const label = event.action;
      assertSingle(event, label);
      assert.equal(event.actorId, ann.id, label);
      assert.equal(event.actorCredentialId, annSession, label);
      assertSessionId(event.actorCredentialId, label);
      assert.equal(event.userId, ann.id, label);
      assert.equal(event.credentialId, annTokenId, label);
      assert.equal(event.credentialKind, 'personal_access_token', label);
    }
    const [deleted, refresh, update, create] = log as [AuditEvent, AuditEvent, AuditEvent, AuditEvent];
    assert.deepEqual(create.detail, { name: 'audited', scopes: ['record|read'], expiredTime: created.body.expiredTime });
    assert.ok(Array.isArray(update.detail?.changed) && update.detail.changed.includes('name') && update.detail.changed.includes('scopes'), JSON.stringify(update.detail));
    assert.deepEqual(refresh.detail, { expiredTime: refreshed.body.expiredTime });
    assert.equal(deleted.detail, null);
  });

  it('records a sign-up, a sign-in and a sign-out', async () => {
    const email = `carol-${Date.now()}@example.com`;
    const signedUp = await call(server, 'POST', '/api/auth/signup', { headers: { 'user-agent': UA }, body: { email, password: 'carols-passw0rd' } });
    assert.equal(signedUp.status, 201, signedUp.text);
    keep('carols-passw0rd');
    const carol: Account = { id: signedUp.body.id, email, cookie: signedUp.headers.get('set-cookie')!.split(';')[0]! };
    keepCookie(carol.cookie);

    const signedIn = await call(server, 'POST', '/api/auth/signin', { headers: { 'user-agent': UA }, body: { email, password: 'carols-passw0rd' } });
    assert.equal(signedIn.status, 200, signedIn.text);
    const second = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    keepCookie(second);
    assert.equal((await call(server, 'POST', '/api/auth/signout', { cookie: second, headers: { 'user-agent': UA } })).status, 200);

    const log = await events(carol);
    const created = theOne(log, byAction('user.create'), 'user.create');
    assertSingle(created, 'user.create');
    assert.equal(created.actorId, carol.id);
    assert.equal(created.actorCredentialId, null);
    assert.equal(created.userId, carol.id);
    assert.equal(created.credentialId, null);
    assert.deepEqual(created.detail, { email, admin: false, via: 'signup' });

    const opened = log.filter(byAction('session.create'));
    assert.equal(opened.length, 2, 'the sign-up and the sign-in each opened a session');
    for (const event of opened) {
      assertSingle(event, 'session.create');
      assert.equal(event.actorId, carol.id);
      assert.equal(event.userId, carol.id);
      assert.equal(event.credentialKind, 'session');
      assertSessionId(event.credentialId, 'session.create');
      assert.equal(event.actorCredentialId, event.credentialId, 'a session opens itself');
    }
    const [signInSession, signUpSession] = opened as [AuditEvent, AuditEvent];
    assert.notEqual(signInSession.credentialId, signUpSession.credentialId);

    const revoked = theOne(log, byAction('session.revoke'), 'session.revoke');
    assertSingle(revoked, 'session.revoke');
    assert.equal(revoked.credentialId, signInSession.credentialId, 'the signed-out session is the signed-in one');
    assert.equal(revoked.actorId, carol.id);
    assert.equal(revoked.actorCredentialId, signInSession.credentialId);
    assert.equal(revoked.userId, carol.id);
    assert.equal(revoked.credentialKind, 'session');

    const adminCreated = theOne(await events(admin, { action: 'user.create', userId: admin.id }), () => true, "the admin's own sign-up");
    assert.equal(adminCreated.detail?.admin, true);
    assert.equal(adminCreated.detail?.via, 'signup');
  });

  it('records the plugin flow: register, new secret, install, code, token, refresh, reuse of a spent refresh token, uninstall, delete', async () => {
    const registered = await call(server, 'POST', '/api/plugin', { ...as(ann), body: { name: 'Audited plugin', scopes: PLUGIN_SCOPES } });
    assert.equal(registered.status, 201, registered.text);
    const pluginId: string = registered.body.id;
    keep(registered.body.secret);
    const regenerated = await call(server, 'POST', `/api/plugin/${pluginId}/regenerate-secret`, as(ann));
    assert.equal(regenerated.status, 201, regenerated.text);
    const secret: string = regenerated.body.secret;
    keep(secret);
    const installed = await call(server, 'POST', `/api/base/${annWs.baseId}/plugin`, { ...as(ann), body: { pluginId } });
    assert.equal(installed.status, 201, installed.text);

    // Bob (a viewer of the space) authorizes ann's plugin on the base.
    const code = await call(server, 'POST', `/api/plugin/${pluginId}/authCode`, { ...as(bob), body: { baseId: annWs.baseId } });
    assert.equal(code.status, 201, code.text);
    keep(code.text);
    const plugin = { headers: { 'user-agent': UA } };
    const scopes = ['base|read', 'record|read'];
    const first = await call(server, 'POST', `/api/plugin/${pluginId}/token`, { ...plugin, body: { baseId: annWs.baseId, secret, scopes, authCode: code.text } });
    assert.equal(first.status, 201, first.text);
    keep(first.body.accessToken, first.body.refreshToken);
    const second = await call(server, 'POST', `/api/plugin/${pluginId}/refreshToken`, { ...plugin, body: { refreshToken: first.body.refreshToken, secret } });
    assert.equal(second.status, 201, second.text);
    keep(second.body.accessToken, second.body.refreshToken);
    const reused = await call(server, 'POST', `/api/plugin/${pluginId}/refreshToken`, { ...plugin, body: { refreshToken: first.body.refreshToken, secret } });
    assert.equal(reused.status, 400, reused.text);
    assert.equal(reused.body.code, 'invalid_grant', reused.text);

    assert.equal((await call(server, 'DELETE', `/api/base/${annWs.baseId}/plugin/${pluginId}`, as(ann))).status, 200);
    const deleted = await call(server, 'DELETE', `/api/plugin/${pluginId}`, as(ann));
    assert.ok(deleted.status === 200 || deleted.status === 204, deleted.text);

    // The owner's acts on the plugin: the plugin is the credential.
    const annLog = await events(ann);
    // The code issued by bob is in his log, not hers.
    const ownerActs = inOrder(
      annLog.filter((e) => e.credentialId === pluginId),
      ['plugin.delete', 'plugin.uninstall', 'plugin.install', 'plugin.secret_regenerate', 'plugin.create'],
      "the owner's acts on the plugin",
    );
    for (const event of ownerActs) {
      assertSingle(event, event.action);
      assert.equal(event.actorId, ann.id, event.action);
      assert.equal(event.actorCredentialId, annSession, event.action);
      assert.equal(event.userId, ann.id, event.action);
      assert.equal(event.credentialKind, 'plugin', event.action);
    }
    assert.deepEqual(theOne(ownerActs, byAction('plugin.create'), 'plugin.create').detail, { name: 'Audited plugin', scopes: PLUGIN_SCOPES });
    assert.deepEqual(theOne(ownerActs, byAction('plugin.install'), 'plugin.install').detail, { baseId: annWs.baseId });
    assert.deepEqual(theOne(ownerActs, byAction('plugin.uninstall'), 'plugin.uninstall').detail, { baseId: annWs.baseId });

    // The authorization and the tokens concern bob (the authorizing user), acted by the plugin.
    const bobLog = await events(bob);
    const issuedCode = theOne(bobLog, byAction('plugin.code_issue'), 'plugin.code_issue');
    assertSingle(issuedCode, 'plugin.code_issue');
    assert.equal(issuedCode.actorId, bob.id);
    assert.equal(issuedCode.actorCredentialId, bobSession);
    assert.equal(issuedCode.userId, bob.id);
    assert.equal(issuedCode.credentialId, pluginId);
    assert.equal(issuedCode.credentialKind, 'plugin');
    assert.deepEqual(issuedCode.detail, { baseId: annWs.baseId, pkce: false });

    const issued = theOne(bobLog, byAction('plugin.token_issue'), 'plugin.token_issue');
    const refreshed = theOne(bobLog, byAction('plugin.token_refresh'), 'plugin.token_refresh');
    const reuse = theOne(bobLog, byAction('plugin.refresh_reuse'), 'plugin.refresh_reuse');
    for (const event of [issued, refreshed, reuse]) {
      assertSingle(event, event.action);
      assert.equal(event.actorId, ann.id, `${event.action}: the plugin's owner acts`);
      assert.equal(event.actorCredentialId, pluginId, `${event.action}: through the plugin`);
      assert.equal(event.userId, bob.id, `${event.action}: for the authorizing user`);
      assert.equal(event.detail?.pluginId, pluginId, event.action);
    }
    assert.equal(issued.credentialKind, 'plugin_access_token');
    assert.match(issued.credentialId!, /^acc[0-9A-Za-z]{16}$/);
    assert.equal(issued.detail?.baseId, annWs.baseId);
    assert.deepEqual(issued.detail?.scopes, scopes);
    assert.match(issued.detail?.grantId, /^pgr[0-9A-Za-z]{16}$/);
    assert.match(issued.detail?.refreshTokenId, /^prt[0-9A-Za-z]{16}$/);

    assert.equal(refreshed.credentialKind, 'plugin_access_token');
    assert.match(refreshed.credentialId!, /^acc[0-9A-Za-z]{16}$/);
    assert.notEqual(refreshed.credentialId, issued.credentialId, 'a new access token');
    assert.equal(refreshed.detail?.grantId, issued.detail?.grantId);
    assert.equal(refreshed.detail?.spentRefreshTokenId, issued.detail?.refreshTokenId);
    assert.match(refreshed.detail?.refreshTokenId, /^prt[0-9A-Za-z]{16}$/);
    assert.notEqual(refreshed.detail?.refreshTokenId, issued.detail?.refreshTokenId);

    assert.equal(reuse.credentialKind, 'plugin_refresh_token');
    assert.equal(reuse.credentialId, issued.detail?.refreshTokenId, 'the spent refresh token presented again');
    assert.equal(reuse.detail?.grantId, issued.detail?.grantId);
    assert.equal(reuse.detail?.familyRevoked, true);
  });

  it("records SeaTable's API token create and delete, a share link and its use, and base access tokens", async () => {
    const workspaces = await call(server, 'GET', '/api/v2.1/workspaces/', as(ann));
    assert.equal(workspaces.status, 200, workspaces.text);
    const workspace = (workspaces.body.workspace_list as Json[]).find((w) => w.table_list.some((t: Json) => t.name === 'Base'));
    assert.ok(workspace, workspaces.text);
    const basePath = `/api/v2.1/workspace/${workspace.id}/dtable/Base`;

    // An API token, used once for a base access token, then deleted.
    const apiToken = await call(server, 'POST', `${basePath}/api-tokens/`, { ...as(ann), body: { app_name: 'audit-app', permission: 'rw' } });
    assert.equal(apiToken.status, 201, apiToken.text);
    keep(apiToken.body.api_token);
    const appAccess = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', { headers: { authorization: `Token ${apiToken.body.api_token}`, 'user-agent': UA } });
    assert.equal(appAccess.status, 200, appAccess.text);
    keep(appAccess.body.access_token);
    assert.equal((await call(server, 'DELETE', `${basePath}/api-tokens/audit-app/`, as(ann))).status, 200);

    // A share link, used by someone with no account.
    const link = await call(server, 'POST', '/api/v2.1/dtables/share-links/', { ...as(ann), body: { workspace_id: workspace.id, table_name: 'Base', permission: 'r' } });
    assert.equal(link.status, 201, link.text);
    keep(link.body.token);
    const used = await call(server, 'GET', `/api/v2.1/dtable/share-link-access-token/?token=${encodeURIComponent(link.body.token)}`, { headers: { 'user-agent': UA } });
    assert.equal(used.status, 200, used.text);
    keep(used.body.access_token);

    // A base access token for ann herself, through her session.
    const mine = await call(server, 'GET', `${basePath}/access-token/`, as(ann));
    assert.equal(mine.status, 200, mine.text);
    keep(mine.body.access_token);

    const annLog = await events(ann);
    const createdToken = theOne(annLog, (e) => e.action === 'token.create' && e.credentialKind === 'base_api_token', 'token.create of the API token');
    const deletedToken = theOne(annLog, (e) => e.action === 'token.delete' && e.credentialKind === 'base_api_token', 'token.delete of the API token');
    for (const event of [createdToken, deletedToken]) {
      assertSingle(event, event.action);
      assert.equal(event.actorId, ann.id);
      assert.equal(event.actorCredentialId, annSession);
      assert.equal(event.userId, ann.id);
      assert.match(event.credentialId!, /^acc[0-9A-Za-z]{16}$/);
    }
    assert.equal(deletedToken.credentialId, createdToken.credentialId);
    assert.deepEqual(createdToken.detail, { appName: 'audit-app', permission: 'rw', baseId: annWs.baseId });

    const issues = annLog.filter(byAction('base_token.issue'));
    const viaApiToken = theOne(issues, (e) => e.credentialId === decodeJwt(appAccess.body.access_token).jti, 'base token through the API token');
    assertSingle(viaApiToken, 'base_token.issue (API token)');
    assert.equal(viaApiToken.actorId, ann.id);
    assert.equal(viaApiToken.actorCredentialId, createdToken.credentialId, 'acted with the API token');
    assert.equal(viaApiToken.credentialKind, 'base_access_token');
    assert.deepEqual(viaApiToken.detail, { baseId: annWs.baseId, permission: 'rw', sourceKind: 'base_api_token', sourceId: createdToken.credentialId });

    const forAnn = theOne(issues, (e) => e.credentialId === decodeJwt(mine.body.access_token).jti, 'base token for ann');
    assertSingle(forAnn, 'base_token.issue (session)');
    assert.equal(forAnn.actorId, ann.id);
    assert.equal(forAnn.actorCredentialId, annSession);
    assert.equal(forAnn.userId, ann.id);
    assert.equal(forAnn.credentialKind, 'base_access_token');
    assert.deepEqual(forAnn.detail, { baseId: annWs.baseId, permission: 'rw', sourceKind: 'session', sourceId: annSession });

    const linkCreated = theOne(annLog, byAction('share_link.create'), 'share_link.create');
    assertSingle(linkCreated, 'share_link.create');
    assert.equal(linkCreated.actorId, ann.id);
    assert.equal(linkCreated.actorCredentialId, annSession);
    assert.equal(linkCreated.userId, ann.id);
    assert.equal(linkCreated.credentialId, link.body.id);
    assert.equal(linkCreated.credentialKind, 'share_link');
    assert.equal(linkCreated.detail?.baseId, annWs.baseId);
    assert.equal(linkCreated.detail?.passwordSet, false);

    const linkUsed = theOne(annLog, byAction('share_link.use'), 'share_link.use (in the creator’s log)');
    assertSingle(linkUsed, 'share_link.use');
    assert.equal(linkUsed.actorId, null, 'the holder of a link is nobody known');
    assert.equal(linkUsed.actorCredentialId, null);
    assert.equal(linkUsed.userId, ann.id, "it concerns the link's creator");
    assert.equal(linkUsed.credentialId, link.body.id);
    assert.equal(linkUsed.credentialKind, 'share_link');
    assert.deepEqual(linkUsed.detail, { baseId: annWs.baseId });

    const viaLink = theOne(await events(admin, { action: 'base_token.issue' }), (e) => e.credentialId === decodeJwt(used.body.access_token).jti, 'base token through the link');
    assertSingle(viaLink, 'base_token.issue (share link)');
    assert.equal(viaLink.actorId, null);
    assert.equal(viaLink.credentialKind, 'base_access_token');
    assert.deepEqual(viaLink.detail, { baseId: annWs.baseId, permission: 'r', sourceKind: 'share_link', sourceId: link.body.id });
  });

  it('coalesces the uses of a revoked token from one address into one counted row, in its owner’s log', async () => {
    const { token, id } = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
    keep(token);
    assert.equal((await call(server, 'DELETE', `/api/access-token/${id}`, { cookie: ann.cookie })).status, 200);
    const attempts = 7;
    for (let i = 0; i < attempts; i++) {
      assertTeableError(await call(server, 'GET', '/api/auth/user', { token, headers: { 'user-agent': UA } }), 401, 'token_revoked');
    }
    const row = await failedRow(ann, { credentialId: id }, () => true, attempts, 'the revoked token’s failures');
    assert.equal(row.count, attempts, 'one count per attempt');
    assert.equal(row.credentialId, id);
    assert.equal(row.userId, ann.id, 'the token’s owner');
    assert.equal(row.credentialKind, 'personal_access_token');
    assert.equal(row.actorId, null);
    assert.equal(row.actorCredentialId, null);
    assert.deepEqual(row.detail, { reason: 'token_revoked' });
    assertLocal(row, 'auth.failed');
    assert.equal(row.userAgent, UA);
    assert.ok(row.lastTime >= row.time, `${row.lastTime} before ${row.time}`);
    assert.equal((await events(ann, { credentialId: id })).filter(byAction('auth.failed')).length, 1, 'one row, not one per attempt');
  });

  it('coalesces garbage tokens from one address into one row that names no credential', async () => {
    const attempts = 5;
    for (let i = 0; i < attempts; i++) {
      const garbage = `garbage-${i}-${Date.now()}-not-a-token`;
      keep(garbage);
      assertTeableError(await call(server, 'GET', '/api/auth/user', { token: garbage, headers: { 'user-agent': UA } }), 401, 'token_invalid');
    }
    const malformed = (e: AuditEvent): boolean => e.credentialKind === null && e.credentialId === null && e.userId === null;
    const row = await failedRow(admin, {}, malformed, attempts, 'the garbage tokens’ failures');
    assert.equal(row.count, attempts);
    assert.deepEqual(row.detail, { reason: 'token_invalid' });
    assertLocal(row, 'auth.failed (garbage)');
    const stored = await server.store.db.selectFrom('audit_events').select(['coalesce_key', 'count']).where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(stored.coalesce_key, `malformed|${row.address}`);
    assert.equal((await events(ann, { action: 'auth.failed' })).some(malformed), false, 'a failure that names nobody is for the admin only');
  });

  it("records a wrong password as a failure of the account's password", async () => {
    const wrong = 'not-the-passw0rd';
    keep(wrong);
    const refused = await call(server, 'POST', '/api/auth/signin', { headers: { 'user-agent': UA }, body: { email: bob.email, password: wrong } });
    assertTeableError(refused, 401, 'unauthorized');
    const row = await failedRow(bob, {}, (e) => e.credentialKind === 'password', 1, 'the wrong password');
    assert.equal(row.count, 1);
    assert.equal(row.userId, bob.id);
    assert.equal(row.credentialId, null);
    assert.equal(row.actorId, null);
    assert.deepEqual(row.detail, { reason: 'credentials_invalid' });
    assertLocal(row, 'auth.failed (password)');
    assert.equal(row.userAgent, UA);
  });

  it("shows a person their own events only, and the admin everyone's, filterable by user", async () => {
    const bobLog = await events(bob);
    assert.ok(bobLog.length > 0);
    for (const event of bobLog) assert.ok(event.actorId === bob.id || event.userId === bob.id, `bob sees an event not his: ${JSON.stringify(event)}`);
    assert.equal(bobLog.some((e) => e.credentialId === annTokenId), false, "bob does not see ann's token events");
    assert.equal(bobLog.some((e) => e.credentialId === annSession), false, "bob does not see ann's session");
    const annLog = await events(ann);
    assert.equal(annLog.some((e) => e.credentialId === bobSession), false, "ann does not see bob's session");

    const all = await events(admin);
    assert.ok(all.some((e) => e.credentialId === annTokenId && e.action === 'token.create'), "the admin sees ann's events");
    assert.ok(all.some((e) => e.credentialId === bobSession && e.action === 'session.create'), "the admin sees bob's events");
    const annOnly = await events(admin, { userId: ann.id });
    for (const event of annOnly) assert.ok(event.actorId === ann.id || event.userId === ann.id, JSON.stringify(event));
    assert.ok(annOnly.some((e) => e.credentialId === annTokenId));
    assert.equal(annOnly.some((e) => e.credentialId === bobSession), false);
    assert.deepEqual(annOnly.map((e) => e.id), annLog.map((e) => e.id), "the admin's view of ann is ann's own");

    assertTeableError(await audit(bob, { userId: ann.id }), 403, 'restricted_resource');
    assert.equal((await audit(bob, { userId: bob.id })).status, 200, 'naming oneself is fine');
  });

  it('refuses a token, even its owner’s, and a request without credentials', async () => {
    const { token } = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
    keep(token);
    assertTeableError(await call(server, 'GET', '/api/audit', { token }), 403, 'restricted_resource');
    assertTeableError(await call(server, 'GET', '/api/audit'), 401, 'unauthorized');
  });

  it('filters by action, credential and time, and refuses what is not a date or an action', async () => {
    const created = await events(ann, { action: 'token.create' });
    assert.ok(created.length >= 3, 'ann created tokens');
    assert.ok(created.every((e) => e.action === 'token.create'));
    const onToken = await events(ann, { credentialId: annTokenId });
    assert.equal(onToken.length, 4);
    assert.ok(onToken.every((e) => e.credentialId === annTokenId));
    assert.deepEqual(await events(ann, { credentialId: 'accDoesNotExist00000' }), []);

    const everything = await events(ann);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    assert.deepEqual((await events(ann, { from: hourAgo })).map((e) => e.id), everything.map((e) => e.id), 'all of it happened in the last hour');
    assert.deepEqual(await events(ann, { to: hourAgo }), []);
    assert.deepEqual(await events(ann, { from: daysFromNow(1) }), [], 'nothing happened tomorrow');
    const future = await audit(ann, { from: new Date(Date.now() + 60_000).toISOString() });
    assert.equal(future.status, 200, future.text);
    assert.deepEqual(future.body, { events: [], total: 0 });
    assert.equal((await events(ann, { to: daysFromNow(1) })).length, everything.length);

    // [from, to): an event counts when it was last seen at or after `from` and began before `to`.
    const [, refresh, update] = inOrder(onToken, ['token.delete', 'token.refresh', 'token.update', 'token.create'], 'the token') as [AuditEvent, AuditEvent, AuditEvent, AuditEvent];
    const window = await events(ann, { credentialId: annTokenId, from: update.time, to: refresh.time });
    assert.deepEqual(
      window.map((e) => e.id),
      onToken.filter((e) => e.lastTime >= update.time && e.time < refresh.time).map((e) => e.id),
    );
    assert.ok(window.every((e) => e.action === 'token.update' || e.action === 'token.create'), 'the refresh and the delete fall outside');

    const notDates: [string, string][] = [['from', 'garbage'], ['from', '2026-13-45'], ['to', 'yesterday'], ['to', '2026-11-24T99:00:00Z']];
    for (const [field, value] of notDates) {
      assertTeableError(await audit(ann, { [field]: value }), 400, 'validation_error', `${field}=${value}`);
    }
    assertTeableError(await audit(ann, { action: 'token.explode' }), 400, 'validation_error', 'unknown action');
    assertTeableError(await audit(ann, { take: 0 }), 400, 'validation_error', 'take=0');
    assertTeableError(await audit(ann, { take: 1001 }), 400, 'validation_error', 'take=1001');
    assertTeableError(await audit(ann, { skip: -1 }), 400, 'validation_error', 'skip=-1');
  });

  it('pages newest first with a stable total and no overlap', async () => {
    const everything = await events(ann);
    assert.ok(everything.length >= 10, `ann has ${everything.length} events`);
    for (let i = 1; i < everything.length; i++) {
      assert.ok(everything[i - 1]!.time >= everything[i]!.time, `not newest first at ${i}: ${everything[i - 1]!.time} < ${everything[i]!.time}`);
    }
    const pageSize = 4;
    const seen: string[] = [];
    for (let skip = 0; skip < everything.length; skip += pageSize) {
      const page = await audit(ann, { skip, take: pageSize });
      assert.equal(page.status, 200, page.text);
      assert.equal(page.body.total, everything.length, `the total at skip=${skip}`);
      assert.equal(page.body.events.length, Math.min(pageSize, everything.length - skip));
      for (const event of page.body.events as AuditEvent[]) {
        assert.ok(!seen.includes(event.id), `event ${event.id} is on two pages`);
        seen.push(event.id);
      }
    }
    assert.deepEqual(seen, everything.map((e) => e.id), 'the pages, end to end, are the whole list in order');
    const beyond = await audit(ann, { skip: everything.length, take: pageSize });
    assert.deepEqual(beyond.body, { events: [], total: everything.length });
  });

  it('keeps no secret in any column of any row', async () => {
    assert.ok(secrets.size >= 20, `only ${secrets.size} secrets collected`);
    const rows = await server.store.db.selectFrom('audit_events').selectAll().execute();
    assert.ok(rows.length >= 30, `only ${rows.length} rows`);
    const actions = new Set(rows.map((row) => row.action));
    for (const action of ['token.create', 'plugin.token_issue', 'plugin.refresh_reuse', 'share_link.use', 'base_token.issue', 'auth.failed', 'session.revoke']) {
      assert.ok(actions.has(action), `no ${action} row to check`);
    }
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null) continue;
        const text = String(value);
        for (const secret of secrets) {
          assert.ok(!text.includes(secret), `${row.action} ${row.id}: column ${column} holds a secret`);
          // The random part of a token alone is a secret too (a JWT's signature likewise).
          const part = secret.includes('.') ? secret.slice(secret.lastIndexOf('.') + 1) : secret.slice(secret.lastIndexOf('_') + 1);
          if (part.length >= 16) assert.ok(!text.includes(part), `${row.action} ${row.id}: column ${column} holds part of a secret`);
        }
      }
    }
  });
});

describe('the audit log past its retention (TESSERA_AUDIT_DAYS=1)', () => {
  let server: TestServer;
  let admin: Account;

  before(async () => {
    server = await startServer({ TESSERA_AUDIT_DAYS: '1' });
    admin = await signUp(server);
  });
  after(() => server.close());

  /** Plants an event that happened `hoursAgo` hours ago (and, coalesced, last `lastHoursAgo`). */
  const plant = async (id: string, hoursAgo: number, lastHoursAgo = hoursAgo): Promise<void> => {
    const at = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    await server.store.db
      .insertInto('audit_events')
      .values({
        id,
        time: at,
        last_time: new Date(Date.now() - lastHoursAgo * 3_600_000).toISOString(),
        count: 1,
        action: 'token.create',
        actor_id: null,
        actor_credential_id: null,
        user_id: null,
        credential_id: null,
        credential_kind: null,
        address: null,
        user_agent: null,
        detail: null,
        coalesce_key: null,
      })
      .execute();
  };

  it('never lists an event older than the retention, even to the admin asking for it by date', async () => {
    const old = 'audOldOldOldOld0001';
    const recent = 'audRecentRecent0001';
    await plant(old, 72);
    await plant(recent, 12);

    const listed = await call(server, 'GET', '/api/audit?take=1000', { cookie: admin.cookie });
    assert.equal(listed.status, 200, listed.text);
    const ids = (listed.body.events as AuditEvent[]).map((e) => e.id);
    assert.ok(ids.includes(recent), 'an event within the retention is listed');
    assert.ok(!ids.includes(old), 'an event past the retention is not');
    assert.equal(listed.body.total, ids.length, 'nor counted');

    const asked = await call(server, 'GET', auditPath({ action: 'token.create', from: daysFromNow(-5) }), { cookie: admin.cookie });
    assert.equal(asked.status, 200, asked.text);
    assert.deepEqual((asked.body.events as AuditEvent[]).map((e) => e.id), [recent]);
    assert.equal(asked.body.total, 1);
  });

  it('purges, in batches, exactly the events last seen before the retention (a coalesced one seen since stays)', async () => {
    const planted = { old: [] as string[], kept: [] as string[] };
    for (let i = 0; i < 7; i++) {
      const id = `audPurgeOld${String(i).padStart(8, '0')}`;
      await plant(id, 48 + i);
      planted.old.push(id);
    }
    await plant('audPurgeSeenSince01', 96, 2);
    await plant('audPurgeRecent00001', 3);
    planted.kept.push('audPurgeSeenSince01', 'audPurgeRecent00001');
    const before = new Date(Date.now() - 24 * 3_600_000).toISOString();
    const deleted = await new AuditRepository(server.store.db).purge(before, 3);
    const left = new Set((await server.store.db.selectFrom('audit_events').select('id').execute()).map((row) => row.id));
    assert.ok(deleted >= planted.old.length, `deleted ${deleted}`);
    for (const id of planted.old) assert.ok(!left.has(id), `${id} purged`);
    for (const id of planted.kept) assert.ok(left.has(id), `${id} kept`);
    const stale = await server.store.db.selectFrom('audit_events').select('id').where('last_time', '<', before).execute();
    assert.deepEqual(stale, [], 'nothing last seen before the retention is left');
  });
});

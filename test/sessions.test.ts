// Where am I signed in (GET /api/auth/sessions) and sign out elsewhere (DELETE
// /api/auth/sessions/{id}): a person's live browser sessions and SeaTable account tokens, never
// their secrets; revoking one refuses its secret at once, and the base access tokens it obtained.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertTeableError } from './support/assertions.js';
import { call, createToken, daysFromNow, signUp, SIGNUP_PASSWORD, type Account } from './support/client.js';
import { accountToken, seedDtable } from './support/seatable.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => server.close());

async function signIn(who: Account, userAgent: string): Promise<string> {
  const reply = await call(server, 'POST', '/api/auth/signin', { body: { email: who.email, password: SIGNUP_PASSWORD }, headers: { 'user-agent': userAgent } });
  assert.equal(reply.status, 200, reply.text);
  return reply.headers.get('set-cookie')!.split(';')[0]!;
}

describe('sessions', () => {
  it('lists live sessions and account tokens, newest first, marks the current one, and shows no secret', async () => {
    const ann = await signUp(server);
    const phone = await signIn(ann, 'Phone/1.0');
    const token = await accountToken(server, ann);
    const reply = await call(server, 'GET', '/api/auth/sessions', { cookie: phone });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.length, 3);
    assert.deepEqual(reply.body.map((s: { kind: string }) => s.kind), ['account_token', 'session', 'session']);
    assert.deepEqual(reply.body.map((s: { current: boolean }) => s.current), [false, true, false]);
    assert.equal(reply.body[1].userAgent, 'Phone/1.0');
    assert.equal(reply.body[1].address, '127.0.0.1');
    for (const session of reply.body) {
      assert.deepEqual(Object.keys(session).sort(), ['address', 'createdTime', 'current', 'expiresTime', 'id', 'kind', 'userAgent']);
      assert.ok(Date.parse(session.expiresTime) > Date.now());
    }
    assert.ok(!reply.text.includes(token) && !reply.text.includes(phone.split('=')[1]!), 'no secret in the list');
  });

  it('signs out another device at once: its cookie gets 401, the current one keeps working', async () => {
    const ann = await signUp(server);
    const laptop = await signIn(ann, 'Laptop/1.0');
    const list = await call(server, 'GET', '/api/auth/sessions', { cookie: ann.cookie });
    const other = list.body.find((s: { userAgent: string | null }) => s.userAgent === 'Laptop/1.0');
    assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: laptop })).status, 200, 'the laptop is signed in (and its verdict cached)');
    const revoked = await call(server, 'DELETE', `/api/auth/sessions/${other.id}`, { cookie: ann.cookie });
    assert.equal(revoked.status, 200, revoked.text);
    assertTeableError(await call(server, 'GET', '/api/auth/user', { cookie: laptop }), 401, 'token_revoked');
    assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: ann.cookie })).status, 200);
    const after = await call(server, 'GET', '/api/auth/sessions', { cookie: ann.cookie });
    assert.ok(!after.body.some((s: { id: string }) => s.id === other.id), 'a revoked session is no longer listed');
    assertTeableError(await call(server, 'DELETE', `/api/auth/sessions/${other.id}`, { cookie: ann.cookie }), 404, 'not_found', 'twice');
  });

  it("revoking an account token kills it and the base access tokens obtained with it; someone else's is 404", async () => {
    const ann = await signUp(server);
    const bob = await signUp(server);
    const dtable = await seedDtable(server, ann);
    const token = await accountToken(server, ann);
    const access = await call(server, 'GET', `/api/v2.1/workspace/${dtable.workspaceId}/dtable/${encodeURIComponent(dtable.name)}/access-token/`, { headers: { authorization: `Token ${token}` } });
    assert.equal(access.status, 200, access.text);
    const metadata = `/dtable-server/api/v1/dtables/${dtable.uuid}/metadata/`;
    assert.equal((await call(server, 'GET', metadata, { headers: { authorization: `Token ${access.body.access_token}` } })).status, 200);
    const list = await call(server, 'GET', '/api/auth/sessions', { cookie: ann.cookie });
    const accountTokenRow = list.body.find((s: { kind: string }) => s.kind === 'account_token');
    assertTeableError(await call(server, 'DELETE', `/api/auth/sessions/${accountTokenRow.id}`, { cookie: bob.cookie }), 404, 'not_found', "bob cannot sign ann out");
    assert.equal((await call(server, 'GET', '/api/v2.1/workspaces/', { headers: { authorization: `Token ${token}` } })).status, 200, 'still alive after bob tried');
    assert.equal((await call(server, 'DELETE', `/api/auth/sessions/${accountTokenRow.id}`, { cookie: ann.cookie })).status, 200);
    assert.equal((await call(server, 'GET', '/api/v2.1/workspaces/', { headers: { authorization: `Token ${token}` } })).status, 401);
    assert.equal((await call(server, 'GET', metadata, { headers: { authorization: `Token ${access.body.access_token}` } })).status, 401);
    const audit = await call(server, 'GET', `/api/audit?action=session.revoke&credentialId=${accountTokenRow.id}`, { cookie: ann.cookie });
    assert.equal(audit.body.events.length, 1);
    assert.equal(audit.body.events[0].actorId, ann.id);
    assert.equal(audit.body.events[0].credentialKind, 'account_token');
  });

  it('is for people: a personal access token gets 403, no credential 401', async () => {
    const ann = await signUp(server);
    const pat = await createToken(server, ann, { name: 'p', scopes: ['space|read'], hasFullAccess: true, expiredTime: daysFromNow(5) });
    assertTeableError(await call(server, 'GET', '/api/auth/sessions', { token: pat.token }), 403, 'restricted_resource');
    assertTeableError(await call(server, 'DELETE', '/api/auth/sessions/sesX', { token: pat.token }), 403, 'restricted_resource');
    assertTeableError(await call(server, 'GET', '/api/auth/sessions'), 401, 'unauthorized');
  });
});

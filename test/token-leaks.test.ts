// Leak reports (POST /api/token-leaks): a secret scanner reports Tessera secrets found in public;
// every live one is revoked at once whatever its kind, its owner sees where it was found in the
// audit log, the admin sees the report, and the reporter learns nothing: the answer is the same
// for real, fake, garbage and already-revoked secrets. Reports are limited per address and hour.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { generateToken, type TokenKind } from '../src/crypto/token-format.js';
import { assertTeableError } from './support/assertions.js';
import { call, createToken, signUp, type Account, type Json, type Reply, type RequestOptions } from './support/client.js';
import { apiToken, authCode, awxToken, exchange, linkAccess, listRows, pair, plugin, refresh, shareLink, signIn, tokenAuth, type Pair, type Plugin } from './support/credential-kinds.js';
import { startServer, type TestServer } from './support/server.js';
import { accountToken, seedDtable, type Dtable } from './support/seatable.js';

const DENIED = { error_msg: 'Permission denied.' };
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const report = (server: TestServer, body: unknown): Promise<Reply<Json>> => call(server, 'POST', '/api/token-leaks', { body });
const uniqueUrl = (): string => `https://gist.example.com/${randomBytes(8).toString('hex')}`;
const cookieSecret = (cookie: string): string => cookie.slice(cookie.indexOf('=') + 1);

/** A refusal with this status and Teable-family error code (the plugin endpoints' OAuth errors). */
function assertRefused(reply: Reply<Json>, status: number, code: string, label: string): void {
  assert.equal(reply.status, status, `${label}: ${reply.text}`);
  assert.equal(reply.body?.code, code, `${label}: ${reply.text}`);
}

/** Every audit event the person sees for `action` (session cookie). */
async function auditEvents(server: TestServer, who: Account, action: string): Promise<Json[]> {
  const reply = await call(server, 'GET', `/api/audit?action=${action}&take=1000`, { cookie: who.cookie });
  assert.equal(reply.status, 200, reply.text);
  return reply.body.events as Json[];
}

describe('POST /api/token-leaks', () => {
  let server: TestServer;
  let admin: Account;
  let ann: Account;
  let bob: Account;
  let annD: Dtable;
  let bobD: Dtable;

  before(async () => {
    // Many reports come from one address in this file: the limit is tested on servers of its own.
    server = await startServer({ TESSERA_RATE_LEAK_REPORTS: '100000' });
    admin = await signUp(server); // the first account is the instance admin
    ann = await signUp(server);
    bob = await signUp(server);
    annD = await seedDtable(server, ann);
    bobD = await seedDtable(server, bob);
  });
  after(() => server.close());

  describe('after a report of live secrets of every kind', () => {
    const url = uniqueUrl();
    const source = 'test-scanner';
    /** What was reported, and what was left out of the report (must keep working). */
    let leaked: {
      pat: { id: string; token: string };
      bobPat: { id: string; token: string };
      awx: string;
      session: string;
      account: string;
      api: string;
      link: { id: string; token: string };
      linkJwt: string;
      accountJwt: string;
      apiJwt: string;
      refreshFamily: Pair;
      refreshPlugin: Plugin;
      accessOnly: Pair;
      code: string;
      secretPlugin: Plugin;
      secretPair: Pair;
    };
    let kept: {
      pat: string;
      awx: string;
      session: string;
      account: string;
      api: string;
      link: string;
      pair: Pair;
    };
    let answer: Reply<Json>;
    let reported: string[];

    before(async () => {
      const pat = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
      const bobPat = await createToken(server, bob, { scopes: ['record|read'], hasFullAccess: true });
      const link = await shareLink(server, ann, annD);
      const linkJwtReply = await linkAccess(server, link.token);
      assert.equal(linkJwtReply.status, 200, linkJwtReply.text);
      const account = await accountToken(server, ann);
      const accountJwtReply = await call(server, 'GET', `/api/v2.1/workspace/${annD.workspaceId}/dtable/${encodeURIComponent(annD.name)}/access-token/`, tokenAuth(account));
      assert.equal(accountJwtReply.status, 200, accountJwtReply.text);
      const api = await apiToken(server, ann, annD);
      const apiJwtReply = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(api));
      assert.equal(apiJwtReply.status, 200, apiJwtReply.text);
      const refreshPlugin = await plugin(server, ann, annD.baseId);
      const secretPlugin = await plugin(server, ann, annD.baseId);
      leaked = {
        pat: { id: pat.id, token: pat.token },
        bobPat: { id: bobPat.id, token: bobPat.token },
        awx: await awxToken(server, ann),
        session: await signIn(server, ann),
        account,
        api,
        link,
        linkJwt: linkJwtReply.body.access_token,
        accountJwt: accountJwtReply.body.access_token,
        apiJwt: apiJwtReply.body.access_token,
        refreshPlugin,
        refreshFamily: await pair(server, ann, refreshPlugin, annD.baseId),
        accessOnly: await pair(server, ann, refreshPlugin, annD.baseId),
        code: await authCode(server, ann, refreshPlugin, annD.baseId),
        secretPlugin,
        secretPair: await pair(server, ann, secretPlugin, annD.baseId),
      };
      kept = {
        pat: (await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true })).token,
        awx: await awxToken(server, ann),
        session: await signIn(server, ann),
        account: await accountToken(server, ann),
        api: await apiToken(server, ann, annD),
        link: (await shareLink(server, ann, annD)).token,
        pair: await pair(server, ann, refreshPlugin, annD.baseId),
      };
      // Everything works before the report.
      assert.equal((await call(server, 'GET', '/api/auth/user', { token: leaked.pat.token })).status, 200);
      assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: leaked.session })).status, 200);
      assert.equal((await listRows(server, annD, leaked.linkJwt)).status, 200);
      assert.equal((await listRows(server, annD, leaked.apiJwt)).status, 200);

      // A (rotated) refresh token's family: the first refresh token is spent, the second one live.
      const rotated = await refresh(server, refreshPlugin, leaked.refreshFamily.refreshToken);
      assert.equal(rotated.status, 201, rotated.text);
      const family = { accessToken: rotated.body.accessToken as string, refreshToken: rotated.body.refreshToken as string };
      reported = [
        leaked.pat.token,
        leaked.bobPat.token,
        leaked.awx,
        cookieSecret(leaked.session),
        leaked.account,
        leaked.api,
        leaked.link.token,
        leaked.refreshFamily.refreshToken, // the spent one: its whole family dies, the live pair included
        leaked.accessOnly.accessToken,
        leaked.code,
        leaked.secretPlugin.secret,
      ];
      leaked.refreshFamily = { accessToken: family.accessToken, refreshToken: family.refreshToken };
      answer = await report(server, { tokens: reported, url, source });
    });

    it('answers 202 {"received": n}', () => {
      assert.equal(answer.status, 202, answer.text);
      assert.deepEqual(answer.body, { received: reported.length });
    });

    it('revokes a personal access token at once: 401 token_revoked, whoever owns it', async () => {
      assertTeableError(await call(server, 'GET', '/api/auth/user', { token: leaked.pat.token }), 401, 'token_revoked');
      assertTeableError(await call(server, 'GET', `/api/table/${annD.tableId}/record`, { token: leaked.pat.token }), 401, 'token_revoked');
      assertTeableError(await call(server, 'GET', '/api/auth/user', { token: leaked.bobPat.token }), 401, 'token_revoked');
      const listed = await call(server, 'GET', '/api/access-token', { cookie: ann.cookie });
      assert.ok(!listed.body.some((t: Json) => t.id === leaked.pat.id), 'the revoked token is still listed as live');
      const revived = await call(server, 'POST', `/api/access-token/${leaked.pat.id}/refresh`, { cookie: ann.cookie });
      assertTeableError(revived, 404, 'not_found', 'the owner cannot revive a reported token by refreshing it');
    });

    it('revokes an AWX user personal token: refused on /api/v2/me/', async () => {
      const reply = await call(server, 'GET', '/api/v2/me/', { token: leaked.awx });
      assert.equal(reply.status, 401, reply.text);
      assertTeableError(await call(server, 'GET', '/api/auth/user', { token: leaked.awx }), 401, 'token_revoked');
    });

    it('revokes a session and an account token, and the base token the account token obtained', async () => {
      assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: leaked.session })).status, 401);
      assert.equal((await call(server, 'GET', '/api/auth/user', tokenAuth(leaked.account))).status, 401);
      assert.equal((await call(server, 'GET', '/api/v2.1/workspaces/', tokenAuth(leaked.account))).status, 401);
      assert.equal((await listRows(server, annD, leaked.accountJwt)).status, 401, 'the JWT outlived its account token');
    });

    it('revokes a SeaTable API token: the app-access-token exchange refuses it, and its base token dies', async () => {
      const reply = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(leaked.api));
      assert.equal(reply.status, 401, reply.text);
      assert.equal((await listRows(server, annD, leaked.apiJwt)).status, 401, 'the JWT outlived its API token');
    });

    it('deletes a share link: it no longer opens, its base tokens die, and it is not listed', async () => {
      const reply = await linkAccess(server, leaked.link.token);
      assert.equal(reply.status, 403, reply.text);
      assert.deepEqual(reply.body, DENIED);
      assert.equal((await listRows(server, annD, leaked.linkJwt)).status, 401, 'the JWT outlived its share link');
      const list = await call(server, 'GET', `/api/v2.1/dtables/share-links/?workspace_id=${annD.workspaceId}&table_name=${encodeURIComponent(annD.name)}`, { cookie: ann.cookie });
      assert.equal(list.status, 200, list.text);
      assert.ok(!list.body.share_link_list.some((l: Json) => l.id === leaked.link.id), 'the deleted link is still listed');
    });

    it("kills a refresh token's whole family, even when the reported one was already spent", async () => {
      assertRefused(await refresh(server, leaked.refreshPlugin, leaked.refreshFamily.refreshToken), 400, 'invalid_grant', 'live refresh token of the family');
      assertTeableError(await call(server, 'GET', `/api/table/${annD.tableId}/record`, { token: leaked.refreshFamily.accessToken }), 401, 'token_revoked');
    });

    it('revokes a plugin access token', async () => {
      assertTeableError(await call(server, 'GET', `/api/table/${annD.tableId}/record`, { token: leaked.accessOnly.accessToken }), 401, 'token_revoked');
    });

    it('consumes an authorization code: it can no longer be exchanged', async () => {
      assertRefused(await exchange(server, leaked.refreshPlugin, annD.baseId, leaked.code), 400, 'invalid_grant', 'reported code');
    });

    it("replaces a plugin secret: the old one exchanges nothing, the plugin's tokens die, a regenerated one works", async () => {
      const code = await authCode(server, ann, leaked.secretPlugin, annD.baseId);
      assertRefused(await exchange(server, leaked.secretPlugin, annD.baseId, code), 400, 'invalid_client', 'old secret');
      assertTeableError(await call(server, 'GET', `/api/table/${annD.tableId}/record`, { token: leaked.secretPair.accessToken }), 401, 'token_revoked');
      assert.notEqual((await refresh(server, leaked.secretPlugin, leaked.secretPair.refreshToken)).status, 201);
      const regenerated = await call(server, 'POST', `/api/plugin/${leaked.secretPlugin.id}/regenerate-secret`, { cookie: ann.cookie });
      assert.equal(regenerated.status, 201, regenerated.text);
      const fresh = await exchange(server, leaked.secretPlugin, annD.baseId, code, regenerated.body.secret);
      assert.equal(fresh.status, 201, fresh.text);
    });

    it('leaves every secret that was not in the list working', async () => {
      assert.equal((await call(server, 'GET', '/api/auth/user', { token: kept.pat })).status, 200, 'PAT');
      assert.equal((await call(server, 'GET', '/api/v2/me/', { token: kept.awx })).status, 200, 'AWX token');
      assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: kept.session })).status, 200, 'session');
      assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: ann.cookie })).status, 200, "ann's first session");
      assert.equal((await call(server, 'GET', '/api/auth/user', tokenAuth(kept.account))).status, 200, 'account token');
      assert.equal((await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(kept.api))).status, 200, 'API token');
      assert.equal((await linkAccess(server, kept.link)).status, 200, 'share link');
      assert.equal((await call(server, 'GET', `/api/table/${annD.tableId}/record`, { token: kept.pair.accessToken })).status, 200, 'plugin access token');
      const refreshed = await refresh(server, leaked.refreshPlugin, kept.pair.refreshToken);
      assert.equal(refreshed.status, 201, `another family of the same plugin: ${refreshed.text}`);
      assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: bob.cookie })).status, 200, "bob's session");
    });

    it("shows the owner each revocation in their audit log, by 'leak_report', with the url and source", async () => {
      const expect = (events: Json[], label: string, match: (e: Json) => boolean): Json => {
        const found = events.filter((e) => e.detail?.url === url && match(e));
        assert.equal(found.length, 1, `${label}: ${JSON.stringify(events.filter((e) => e.detail?.url === url))}`);
        const event = found[0];
        assert.equal(event.userId, ann.id, label);
        assert.equal(event.detail.by, 'leak_report', label);
        assert.equal(event.detail.source, source, label);
        return event;
      };
      const revokes = await auditEvents(server, ann, 'token.revoke');
      expect(revokes, 'PAT', (e) => e.credentialId === leaked.pat.id && e.credentialKind === 'personal_access_token');
      expect(revokes, 'AWX token', (e) => e.credentialKind === 'user_personal_token');
      expect(revokes, 'API token', (e) => e.credentialKind === 'base_api_token');
      expect(revokes, 'plugin access token', (e) => e.credentialKind === 'plugin_access_token');
      expect(revokes, 'refresh family', (e) => e.credentialKind === 'plugin_refresh_token');
      expect(revokes, 'auth code', (e) => e.credentialKind === 'plugin_auth_code');
      const sessions = await auditEvents(server, ann, 'session.revoke');
      expect(sessions, 'session', (e) => e.credentialKind === 'session');
      expect(sessions, 'account token', (e) => e.credentialKind === 'account_token');
      expect(await auditEvents(server, ann, 'share_link.delete'), 'share link', (e) => e.credentialId === leaked.link.id);
      expect(await auditEvents(server, ann, 'plugin.secret_regenerate'), 'plugin secret', (e) => e.credentialId === leaked.secretPlugin.id);
      for (const event of revokes) assert.ok(!reported.some((secret) => JSON.stringify(event).includes(secret.slice(9, -6))), 'a secret in the audit log');
    });

    it("shows bob his own revocation and not ann's, and ann not bob's", async () => {
      const bobs = (await auditEvents(server, bob, 'token.revoke')).filter((e) => e.detail?.url === url);
      assert.deepEqual(bobs.map((e) => e.credentialId), [leaked.bobPat.id]);
      assert.equal(bobs[0].detail.by, 'leak_report');
      const anns = (await auditEvents(server, ann, 'token.revoke')).filter((e) => e.detail?.url === url);
      assert.ok(!anns.some((e) => e.credentialId === leaked.bobPat.id), "ann sees bob's revocation");
    });

    it("shows the admin one 'leak.report' event with the count reported, and its owners nothing of it", async () => {
      const events = (await auditEvents(server, admin, 'leak.report')).filter((e) => e.detail?.url === url);
      assert.equal(events.length, 1, JSON.stringify(events));
      assert.equal(events[0].detail.reported, reported.length);
      assert.equal(events[0].detail.revoked, reported.length, 'every reported secret was live');
      assert.equal(events[0].detail.source, source);
      assert.equal(events[0].detail.by, 'leak_report');
      const annSees = (await auditEvents(server, ann, 'leak.report')).filter((e) => e.detail?.url === url);
      assert.deepEqual(annSees, [], 'a user sees the whole report');
    });
  });

  it('answers byte for byte the same for live secrets, well-formed fakes, garbage and revoked secrets', async () => {
    const p = await plugin(server, bob, bobD.baseId);
    const bobPair = await pair(server, bob, p, bobD.baseId);
    const real = [
      (await createToken(server, bob, { scopes: ['record|read'], hasFullAccess: true })).token as string,
      await awxToken(server, bob),
      await accountToken(server, bob),
      cookieSecret(await signIn(server, bob)),
      await apiToken(server, bob, bobD),
      (await shareLink(server, bob, bobD)).token,
      bobPair.accessToken,
      bobPair.refreshToken,
      await authCode(server, bob, p, bobD.baseId),
      p.secret,
    ];
    const kinds: TokenKind[] = ['personalAccessToken', 'userPersonalToken', 'accountToken', 'session', 'baseApiToken', 'shareLink', 'pluginAccessToken', 'pluginRefreshToken', 'pluginAuthCode', 'pluginSecret'];
    const fakes = kinds.map((kind) => generateToken(kind));
    const typos = real.map((secret) => `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`);
    const garbage = ['x', 'tess_pat_', 'tess_pat_short', 'not a token at all', 'Bearer tess_pat_nope', 'a'.repeat(4096), '{"json":true}', 'tess_zzz_0000', '🔑', 'ghp_0123456789abcdefghijklmnopqrstuvwxyz'];

    const first = await report(server, { tokens: real, url: uniqueUrl(), source: 's' });
    assert.equal(first.status, 202, first.text);
    assert.equal(first.text, '{"received":10}');
    assertTeableError(await call(server, 'GET', '/api/auth/user', { token: real[0]! }), 401, 'token_revoked', 'the live secrets were revoked');
    for (const [label, tokens] of [
      ['fakes', fakes],
      ['typos', typos],
      ['garbage', garbage],
      ['revoked', real],
    ] as [string, string[]][]) {
      const reply = await report(server, { tokens, url: uniqueUrl(), source: 's' });
      assert.equal(reply.status, first.status, label);
      assert.equal(reply.text, first.text, label);
      assert.equal(reply.headers.get('content-type'), first.headers.get('content-type'), label);
      assert.equal(reply.headers.get('content-length'), first.headers.get('content-length'), label);
    }
    const mixed = await report(server, { tokens: [fakes[0]!, garbage[0]!, real[0]!, real[0]!] });
    assert.equal(mixed.status, 202, mixed.text);
    assert.deepEqual(mixed.body, { received: 4 }, 'duplicates are counted as received');
  });

  it('needs no credential and ignores any credential sent', async () => {
    const pat = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
    const asAnn = await call(server, 'POST', '/api/token-leaks', { token: pat.token, body: { tokens: [pat.token] } });
    assert.equal(asAnn.status, 202, asAnn.text);
    assertTeableError(await call(server, 'GET', '/api/auth/user', { token: pat.token }), 401, 'token_revoked');
    const garbageCredential = await call(server, 'POST', '/api/token-leaks', { token: 'tess_pat_garbage', body: { tokens: ['x'] } });
    assert.equal(garbageCredential.status, 202, garbageCredential.text);
  });

  it('refuses a malformed report with 400 validation_error and revokes nothing', async () => {
    const pat = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
    const cases: [string, RequestOptions][] = [
      ['no body', {}],
      ['not JSON', { rawBody: '{tokens:', contentType: 'application/json' }],
      ['tokens missing', { body: { url: 'https://example.com' } }],
      ['tokens not an array', { body: { tokens: pat.token } }],
      ['tokens an object', { body: { tokens: { 0: pat.token } } }],
      ['empty array', { body: { tokens: [] } }],
      ['101 tokens', { body: { tokens: [pat.token, ...Array.from({ length: 100 }, (_, i) => `fake-${i}`)] } }],
      ['a token not a string', { body: { tokens: [pat.token, 42] } }],
      ['an empty token', { body: { tokens: [pat.token, ''] } }],
      ['a token of 4097 characters', { body: { tokens: [pat.token, 'a'.repeat(4097)] } }],
      ['unknown extra field', { body: { tokens: [pat.token], note: 'hi' } }],
      ['url not a string', { body: { tokens: [pat.token], url: 5 } }],
      ['source too long', { body: { tokens: [pat.token], source: 's'.repeat(101) } }],
      ['an array body', { body: [pat.token] }],
    ];
    for (const [label, options] of cases) assertTeableError(await call(server, 'POST', '/api/token-leaks', options), 400, 'validation_error', label);
    assert.equal((await call(server, 'GET', '/api/auth/user', { token: pat.token })).status, 200, 'a refused report revoked a token');
    const hundred = await report(server, { tokens: [pat.token, ...Array.from({ length: 99 }, (_, i) => `fake-${i}`)] });
    assert.equal(hundred.status, 202, '100 tokens are accepted');
    assert.deepEqual(hundred.body, { received: 100 });
    assertTeableError(await call(server, 'GET', '/api/auth/user', { token: pat.token }), 401, 'token_revoked');
  });
});

const COUNTERS: [string, () => Record<string, string>][] = [
  ['in memory', () => ({})],
  ['in Redis', () => ({ REDIS_URL, TESSERA_REDIS_PREFIX: `tessera-test-${randomBytes(6).toString('hex')}:` })],
];

for (const [counters, redisEnv] of COUNTERS) describe(`POST /api/token-leaks rate limit, counters ${counters}`, () => {
  let server: TestServer;
  let ann: Account;

  before(async () => {
    server = await startServer({ TESSERA_RATE_LEAK_REPORTS: '3', ...redisEnv() });
    ann = await signUp(server);
  });
  after(() => server.close());

  it('answers the 4th report from one address within the hour with 429 rate_limited and Retry-After, revoking nothing', async () => {
    const pat = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true });
    assert.equal((await report(server, { tokens: ['garbage-1'] })).status, 202);
    assertTeableError(await report(server, { tokens: [] }), 400, 'validation_error', 'a malformed report');
    assert.equal((await report(server, { tokens: [generateToken('personalAccessToken')] })).status, 202);
    const limited = await report(server, { tokens: [pat.token] });
    assertTeableError(limited, 429, 'rate_limited');
    const retryAfter = limited.headers.get('retry-after');
    assert.match(retryAfter ?? '', /^\d+$/, `Retry-After: ${retryAfter}`);
    // A sliding window: the 3 reports of this window weigh on the next one until 2 of them are
    // left, a third of an hour into it; Retry-After is the rest of this hour and that third.
    assert.ok(Number(retryAfter) >= 1200 && Number(retryAfter) <= 4800, `Retry-After: ${retryAfter}`);
    assert.equal((await call(server, 'GET', '/api/auth/user', { token: pat.token })).status, 200, 'a limited report revoked a token');
    assertTeableError(await report(server, { tokens: ['again'] }), 429, 'rate_limited', 'the 5th');
    assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: ann.cookie })).status, 200, 'other routes are not limited');
  });
});

// Lifetime policies: the instance admin caps how long new tokens of a kind may live
// (PUT /api/admin/token-policies/{kind}); anyone with a credential reads the caps
// (GET /api/token-policies). A cap applies when a token is made or refreshed: a longer expiry is
// refused, and an AWX token, API token or share link without one gets the cap; tokens that exist
// keep their expiry. Every change is audited.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertTeableError } from './support/assertions.js';
import { call, createToken, daysFromNow, signUp, SIGNUP_PASSWORD, type Account, type Json, type Reply, type RequestOptions } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';
import { seedDtable, type Dtable } from './support/seatable.js';

const PASSWORD = SIGNUP_PASSWORD;
const DAY_MS = 86_400_000;
const KINDS = ['personal_access_token', 'user_personal_token', 'base_api_token', 'share_link'];
/** effectiveMaxDays with no cap: TESSERA_TOKEN_MAX_DAYS and TESSERA_PERSONAL_TOKEN_DAYS by default, none for the others. */
const DEFAULT_EFFECTIVE: Record<string, number | null> = { personal_access_token: 366, user_personal_token: 365, base_api_token: null, share_link: null };
const NEVER = '9999-12-31T23:59:59.999Z';

/** Asserts `time` (ISO) is `days` days from now, within a minute. */
function assertDaysAhead(time: string | null | undefined, days: number, label: string): void {
  assert.equal(typeof time, 'string', `${label}: ${time}`);
  const delta = Date.parse(time!) - (Date.now() + days * DAY_MS);
  assert.ok(Math.abs(delta) < 60_000, `${label}: ${time} is not ${days} days ahead (off by ${delta} ms)`);
}

describe('token lifetime policies', () => {
  let server: TestServer;
  let admin: Account;
  let ann: Account;
  let annD: Dtable;
  let annNum: number;

  const policies = async (by: RequestOptions): Promise<Json[]> => {
    const reply = await call(server, 'GET', '/api/token-policies', by);
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(Object.keys(reply.body), ['policies']);
    return reply.body.policies as Json[];
  };
  const policyOf = async (kind: string): Promise<Json> => (await policies({ cookie: ann.cookie })).find((p) => p.kind === kind);
  const put = (kind: string, body: unknown, by: RequestOptions = { cookie: admin.cookie }): Promise<Reply<Json>> =>
    call(server, 'PUT', `/api/admin/token-policies/${kind}`, { ...by, body });
  const setCap = async (kind: string, days: number | null): Promise<Json> => {
    const reply = await put(kind, { maxLifetimeDays: days });
    assert.equal(reply.status, 200, reply.text);
    return reply.body;
  };

  const awxToken = async (who: Account = ann, num: number = annNum): Promise<Json> => {
    const reply = await call(server, 'POST', `/api/v2/users/${num}/personal_tokens/`, { cookie: who.cookie, body: { scope: 'read' } });
    assert.equal(reply.status, 201, reply.text);
    return reply.body;
  };
  const apiTokenReply = (appName: string): Promise<Reply<Json>> =>
    call(server, 'POST', `/api/v2.1/workspace/${annD.workspaceId}/dtable/${encodeURIComponent(annD.name)}/api-tokens/`, {
      cookie: ann.cookie,
      body: { app_name: appName, permission: 'r' },
    });
  const apiTokenExpiry = async (appName: string): Promise<string> => {
    const reply = await call(server, 'GET', '/api/admin/tokens?kind=base_api_token&take=1000', { cookie: admin.cookie });
    assert.equal(reply.status, 200, reply.text);
    const row = reply.body.tokens.find((t: Json) => t.name === appName);
    assert.ok(row, `API token ${appName} not listed`);
    return row.expiredTime as string;
  };
  const shareLinkReply = (extra: Record<string, unknown> = {}): Promise<Reply<Json>> =>
    call(server, 'POST', '/api/v2.1/dtables/share-links/', { cookie: ann.cookie, body: { workspace_id: annD.workspaceId, table_name: annD.name, permission: 'r', ...extra } });

  before(async () => {
    server = await startServer();
    admin = await signUp(server); // the first account is the instance admin
    ann = await signUp(server);
    annD = await seedDtable(server, ann);
    const me = await call(server, 'GET', '/api/v2/me/', { cookie: ann.cookie });
    annNum = me.body.results[0].id as number;
  });
  // Every test leaves the instance without caps.
  afterEach(async () => {
    for (const kind of KINDS) await put(kind, { maxLifetimeDays: null });
  });
  after(() => server.close());

  describe('GET /api/token-policies', () => {
    it('lists the four kinds with their defaults: no cap, the configured maximum as the effective one', async () => {
      const list = await policies({ cookie: ann.cookie });
      assert.deepEqual(list.map((p) => p.kind), KINDS);
      for (const policy of list) {
        assert.deepEqual(Object.keys(policy).sort(), ['effectiveMaxDays', 'kind', 'maxLifetimeDays', 'updatedBy', 'updatedTime'], policy.kind);
        assert.deepEqual(policy, { kind: policy.kind, maxLifetimeDays: null, effectiveMaxDays: DEFAULT_EFFECTIVE[policy.kind], updatedBy: null, updatedTime: null });
      }
    });

    it('answers any credential: a session, a PAT with a scope unrelated to policies and no space, an AWX token, an account token', async () => {
      const pat = await createToken(server, ann, { scopes: ['record|read'] });
      const awx = await awxToken();
      const account = await call(server, 'POST', '/api2/auth-token/', { body: { username: ann.email, password: PASSWORD } });
      assert.equal(account.status, 200, account.text);
      const expected = await policies({ cookie: ann.cookie });
      for (const [label, by] of [
        ['PAT', { token: pat.token }],
        ['AWX token', { token: awx.token }],
        ['account token', { headers: { authorization: `Token ${account.body.token}` } }],
        ['admin session', { cookie: admin.cookie }],
      ] as [string, RequestOptions][]) {
        assert.deepEqual(await policies(by), expected, label);
      }
    });

    it('refuses a request without a credential, or with a bad one: 401', async () => {
      assert.equal((await call(server, 'GET', '/api/token-policies')).status, 401);
      assert.equal((await call(server, 'GET', '/api/token-policies', { token: 'tess_pat_garbage' })).status, 401);
    });
  });

  describe('PUT /api/admin/token-policies/{kind}', () => {
    it('lets the admin set a cap on each kind: the answer and the list show it, with who set it and when', async () => {
      for (const kind of KINDS) {
        const before = Date.now();
        const view = await setCap(kind, 7);
        assert.deepEqual(Object.keys(view).sort(), ['effectiveMaxDays', 'kind', 'maxLifetimeDays', 'updatedBy', 'updatedTime'], kind);
        assert.equal(view.kind, kind);
        assert.equal(view.maxLifetimeDays, 7, kind);
        assert.equal(view.effectiveMaxDays, 7, kind);
        assert.equal(view.updatedBy, admin.id, kind);
        const at = Date.parse(view.updatedTime);
        assert.ok(at >= before - 1000 && at <= Date.now() + 1000, `${kind}: updatedTime ${view.updatedTime}`);
        assert.deepEqual(await policyOf(kind), view, `${kind}: the list agrees`);
      }
    });

    it('changes a cap, and keeps the configured maximum as the effective one when the cap is above it', async () => {
      assert.equal((await setCap('personal_access_token', 30)).effectiveMaxDays, 30);
      const above = await setCap('personal_access_token', 1000);
      assert.equal(above.maxLifetimeDays, 1000);
      assert.equal(above.effectiveMaxDays, 366, 'TESSERA_TOKEN_MAX_DAYS still applies');
      const awx = await setCap('user_personal_token', 36500);
      assert.equal(awx.effectiveMaxDays, 365, 'TESSERA_PERSONAL_TOKEN_DAYS still applies');
      const share = await setCap('share_link', 36500);
      assert.equal(share.effectiveMaxDays, 36500, 'no configured maximum for share links');
    });

    it('removes the cap with null: the defaults are back', async () => {
      for (const kind of KINDS) {
        await setCap(kind, 3);
        const removed = await setCap(kind, null);
        assert.equal(removed.kind, kind);
        assert.equal(removed.maxLifetimeDays, null, kind);
        assert.equal(removed.effectiveMaxDays, DEFAULT_EFFECTIVE[kind], kind);
        const listed = await policyOf(kind);
        assert.equal(listed.maxLifetimeDays, null, kind);
        assert.equal(listed.effectiveMaxDays, DEFAULT_EFFECTIVE[kind], kind);
      }
      const again = await setCap('share_link', null);
      assert.equal(again.maxLifetimeDays, null, 'removing an absent cap is fine');
    });

    it('refuses anyone but the admin signed in: a user, the admin through a PAT or an AWX token, nobody; and changes nothing', async () => {
      assertTeableError(await put('personal_access_token', { maxLifetimeDays: 1 }, { cookie: ann.cookie }), 403, 'restricted_resource', 'a user');
      const pat = await createToken(server, admin, { scopes: ['space|read'], hasFullAccess: true });
      assertTeableError(await put('personal_access_token', { maxLifetimeDays: 1 }, { token: pat.token }), 403, 'restricted_resource', "the admin's PAT");
      const me = await call(server, 'GET', '/api/v2/me/', { cookie: admin.cookie });
      const awx = await awxToken(admin, me.body.results[0].id);
      assertTeableError(await put('personal_access_token', { maxLifetimeDays: 1 }, { token: awx.token }), 403, 'restricted_resource', "the admin's AWX token");
      assert.equal((await put('personal_access_token', { maxLifetimeDays: 1 }, {})).status, 401, 'nobody');
      const policy = await policyOf('personal_access_token');
      assert.equal(policy.maxLifetimeDays, null, 'a refused change was applied');
      const audited = await call(server, 'GET', '/api/audit?action=policy.update&take=1000', { cookie: admin.cookie });
      assert.ok(!audited.body.events.some((e: Json) => e.detail?.maxLifetimeDays === 1), 'a refused change was audited');
    });

    it('refuses an unknown kind and a bad body with 400 validation_error', async () => {
      for (const kind of ['plugin_access_token', 'session', 'PERSONAL_ACCESS_TOKEN', 'x']) {
        assertTeableError(await put(kind, { maxLifetimeDays: 7 }), 400, 'validation_error', kind);
      }
      const bodies: [string, RequestOptions][] = [
        ['0', { body: { maxLifetimeDays: 0 } }],
        ['-1', { body: { maxLifetimeDays: -1 } }],
        ['36501', { body: { maxLifetimeDays: 36501 } }],
        ['1.5', { body: { maxLifetimeDays: 1.5 } }],
        ['"7"', { body: { maxLifetimeDays: '7' } }],
        ['true', { body: { maxLifetimeDays: true } }],
        ['missing field', { body: {} }],
        ['extra field', { body: { maxLifetimeDays: 7, kind: 'share_link' } }],
        ['no body', {}],
        ['not JSON', { rawBody: '{maxLifetimeDays:', contentType: 'application/json' }],
      ];
      for (const [label, options] of bodies) {
        const reply = await call(server, 'PUT', '/api/admin/token-policies/personal_access_token', { cookie: admin.cookie, ...options });
        assertTeableError(reply, 400, 'validation_error', label);
      }
      assert.equal((await policyOf('personal_access_token')).maxLifetimeDays, null, 'a refused change was applied');
      assert.equal((await setCap('personal_access_token', 36500)).maxLifetimeDays, 36500, 'the upper bound is allowed');
      assert.equal((await setCap('personal_access_token', 1)).maxLifetimeDays, 1, 'the lower bound is allowed');
    });

    it('audits every change as policy.update with the kind and the new cap, the admin as actor', async () => {
      await setCap('share_link', 12);
      await setCap('share_link', 13);
      await setCap('share_link', null);
      const reply = await call(server, 'GET', '/api/audit?action=policy.update&take=3', { cookie: admin.cookie });
      assert.equal(reply.status, 200, reply.text);
      const events = reply.body.events as Json[];
      assert.deepEqual(
        events.map((e) => e.detail),
        [
          { kind: 'share_link', maxLifetimeDays: null },
          { kind: 'share_link', maxLifetimeDays: 13 },
          { kind: 'share_link', maxLifetimeDays: 12 },
        ],
        'newest first',
      );
      for (const event of events) {
        assert.equal(event.action, 'policy.update');
        assert.equal(event.actorId, admin.id);
      }
    });
  });

  describe('enforcement on new tokens', () => {
    it('caps personal access tokens: a longer expiredTime is refused at creation and refresh, a shorter one accepted', async () => {
      const existing = await createToken(server, ann, { scopes: ['record|read'], hasFullAccess: true, expiredTime: daysFromNow(30) });
      await setCap('personal_access_token', 7);
      const tooLong = await call(server, 'POST', '/api/access-token', { cookie: ann.cookie, body: { name: 'long', scopes: ['record|read'], expiredTime: daysFromNow(30) } });
      assertTeableError(tooLong, 400, 'validation_error');
      assert.match(tooLong.body.message, /^expiredTime/, tooLong.body.message);
      const justOver = await call(server, 'POST', '/api/access-token', { cookie: ann.cookie, body: { name: 'over', scopes: ['record|read'], expiredTime: daysFromNow(9) } });
      assertTeableError(justOver, 400, 'validation_error', '9 days');
      const short = await call(server, 'POST', '/api/access-token', { cookie: ann.cookie, body: { name: 'short', scopes: ['record|read'], hasFullAccess: true, expiredTime: daysFromNow(5) } });
      assert.equal(short.status, 201, short.text);
      const refreshLong = await call(server, 'POST', `/api/access-token/${short.body.id}/refresh`, { cookie: ann.cookie, body: { expiredTime: daysFromNow(30) } });
      assertTeableError(refreshLong, 400, 'validation_error');
      assert.match(refreshLong.body.message, /^expiredTime/, refreshLong.body.message);
      assert.equal((await call(server, 'GET', '/api/auth/user', { token: short.body.token })).status, 200, 'a refused refresh replaced the secret');
      const refreshShort = await call(server, 'POST', `/api/access-token/${short.body.id}/refresh`, { cookie: ann.cookie, body: { expiredTime: daysFromNow(6) } });
      assert.equal(refreshShort.status, 200, refreshShort.text);

      // The token made before the cap keeps its expiry, and works.
      const read = await call(server, 'GET', `/api/access-token/${existing.id}`, { cookie: ann.cookie });
      assert.equal(read.body.expiredTime, existing.expiredTime, 'lowering the cap changed an existing expiry');
      assert.equal((await call(server, 'GET', '/api/auth/user', { token: existing.token })).status, 200);

      // Without the cap, 30 days is fine again.
      await setCap('personal_access_token', null);
      const again = await call(server, 'POST', '/api/access-token', { cookie: ann.cookie, body: { name: 'long again', scopes: ['record|read'], expiredTime: daysFromNow(30) } });
      assert.equal(again.status, 201, again.text);
    });

    it('gives a new AWX user personal token the cap as its lifetime, and 365 days again without it', async () => {
      const before = await awxToken();
      assertDaysAhead(before.expires, 365, 'default');
      await setCap('user_personal_token', 10);
      const capped = await awxToken();
      assertDaysAhead(capped.expires, 10, 'capped');
      const read = await call(server, 'GET', `/api/v2/tokens/${before.id}/`, { cookie: ann.cookie });
      assert.equal(read.status, 200, read.text);
      assert.equal(Date.parse(read.body.expires), Date.parse(before.expires), 'lowering the cap changed an existing expiry');
      assert.equal((await call(server, 'GET', '/api/v2/me/', { token: before.token })).status, 200);
      await setCap('user_personal_token', null);
      assertDaysAhead((await awxToken()).expires, 365, 'uncapped');
    });

    it('gives a new SeaTable API token the cap as its expiry, and none again without it', async () => {
      const earlier = await apiTokenReply('before-cap');
      assert.equal(earlier.status, 201, earlier.text);
      assert.equal(await apiTokenExpiry('before-cap'), NEVER);
      await setCap('base_api_token', 2);
      const capped = await apiTokenReply('capped');
      assert.equal(capped.status, 201, capped.text);
      assertDaysAhead(await apiTokenExpiry('capped'), 2, 'capped');
      const works = await call(server, 'GET', '/api/v2.1/dtable/app-access-token/', { headers: { authorization: `Token ${capped.body.api_token}` } });
      assert.equal(works.status, 200, works.text);
      assert.equal(await apiTokenExpiry('before-cap'), NEVER, 'lowering the cap changed an existing expiry');
      await setCap('base_api_token', null);
      assert.equal((await apiTokenReply('uncapped')).status, 201);
      assert.equal(await apiTokenExpiry('uncapped'), NEVER);
    });

    it('caps share links: a longer expire_days is refused, none gets the cap, a shorter one is kept', async () => {
      const earlier = await shareLinkReply();
      assert.equal(earlier.status, 201, earlier.text);
      assert.equal(earlier.body.expire_date, null);
      await setCap('share_link', 3);
      const tooLong = await shareLinkReply({ expire_days: 10 });
      assert.equal(tooLong.status, 400, tooLong.text);
      assert.deepEqual(Object.keys(tooLong.body), ['error_msg']);
      assert.equal(typeof tooLong.body.error_msg, 'string');
      const none = await shareLinkReply();
      assert.equal(none.status, 201, none.text);
      assertDaysAhead(none.body.expire_date, 3, 'no expire_days');
      const shorter = await shareLinkReply({ expire_days: 2 });
      assert.equal(shorter.status, 201, shorter.text);
      assertDaysAhead(shorter.body.expire_date, 2, 'expire_days 2');
      const exact = await shareLinkReply({ expire_days: 3 });
      assert.equal(exact.status, 201, exact.text);
      const list = await call(server, 'GET', `/api/v2.1/dtables/share-links/?workspace_id=${annD.workspaceId}&table_name=${encodeURIComponent(annD.name)}`, { cookie: ann.cookie });
      assert.equal(list.body.share_link_list.find((l: Json) => l.id === earlier.body.id)?.expire_date, null, 'lowering the cap changed an existing expiry');
      const opens = await call(server, 'GET', `/api/v2.1/dtable/share-link-access-token/?token=${earlier.body.token}`);
      assert.equal(opens.status, 200, opens.text);
      await setCap('share_link', null);
      const uncapped = await shareLinkReply({ expire_days: 10 });
      assert.equal(uncapped.status, 201, uncapped.text);
      assert.equal((await shareLinkReply()).body.expire_date, null);
    });
  });
});

describe('token lifetime policies under a configured maximum', () => {
  let server: TestServer;
  let admin: Account;

  before(async () => {
    server = await startServer({ TESSERA_TOKEN_MAX_DAYS: '20', TESSERA_PERSONAL_TOKEN_DAYS: '15' });
    admin = await signUp(server);
  });
  after(() => server.close());

  it('takes the lower of the cap and the configuration as the effective maximum', async () => {
    const list = await call(server, 'GET', '/api/token-policies', { cookie: admin.cookie });
    assert.equal(list.status, 200, list.text);
    const effective = Object.fromEntries(list.body.policies.map((p: Json) => [p.kind, p.effectiveMaxDays]));
    assert.deepEqual(effective, { personal_access_token: 20, user_personal_token: 15, base_api_token: null, share_link: null });
    const above = await call(server, 'PUT', '/api/admin/token-policies/personal_access_token', { cookie: admin.cookie, body: { maxLifetimeDays: 30 } });
    assert.equal(above.status, 200, above.text);
    assert.equal(above.body.effectiveMaxDays, 20);
    const below = await call(server, 'PUT', '/api/admin/token-policies/user_personal_token', { cookie: admin.cookie, body: { maxLifetimeDays: 4 } });
    assert.equal(below.body.effectiveMaxDays, 4);
    const refused = await call(server, 'POST', '/api/access-token', { cookie: admin.cookie, body: { name: 'x', scopes: ['record|read'], expiredTime: daysFromNow(25) } });
    assertTeableError(refused, 400, 'validation_error', 'beyond TESSERA_TOKEN_MAX_DAYS under a higher cap');
  });
});

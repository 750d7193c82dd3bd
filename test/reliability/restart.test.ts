// kill -9 under write load (both stores): clients create, delete and revoke credentials of every
// kind against a real process, the process is SIGKILLed mid-load, and a new process on the same
// store must hold every acknowledged write: each credential whose issue was answered (and that was
// not revoked) works and is listed, each credential whose revocation was answered stays refused and
// unlisted. Writes in flight at the kill may go either way; they are not checked. At the end, no
// secret handed out during the run is in the store, the processes' logs, an error answer or /metrics.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/db/database.js';
import { call, daysFromNow, seedWorkspace, signUp, SIGNUP_PASSWORD, type Account, type Json, type Reply, type RequestOptions } from '../support/client.js';
import { PLUGIN_SCOPES, plugin, tokenAuth, type Plugin } from '../support/credential-kinds.js';
import { startProcess, type TesseraProcess } from '../support/process.js';
import { findSecrets, readTables, scrapeMetrics, SecretCollector, type Place } from '../support/secret-sweep.js';
import { freshLocation } from '../support/server.js';

const CLIENTS = 6;
const ROUNDS = 3;
const LOAD_MS = 1500;

/** The kinds of credential the load issues and revokes, each checked its own way after a restart. */
type Kind = 'personal access token' | 'session' | 'AWX token' | 'SeaTable API token' | 'share link' | 'plugin access token' | 'plugin refresh token';

interface Credential {
  readonly kind: Kind;
  readonly secret: string;
  /** What names it in its listing (an id, an app name, a user agent); absent for kinds never listed. */
  listedAs?: string;
  /** live: issued and not revoked, as far as any answer said; revoked: a revocation was answered. */
  fate: 'live' | 'revoked';
}

/** Every credential whose fate is known, by secret; one whose last write was in flight at a kill is taken out. */
class Ledger {
  readonly credentials = new Map<string, Credential>();
  issued(kind: Kind, secret: string, listedAs?: string): void {
    this.credentials.set(secret, { kind, secret, fate: 'live', ...(listedAs === undefined ? {} : { listedAs }) });
  }
  revoked(secret: string): void {
    const credential = this.credentials.get(secret);
    if (credential) credential.fate = 'revoked';
  }
  /** A secret replaced by a refresh: revoked, while its credential lives on (listed) under the new one. */
  replaced(secret: string): void {
    const credential = this.credentials.get(secret);
    if (!credential) return;
    credential.fate = 'revoked';
    delete credential.listedAs;
  }
  unknown(secret: string): void {
    this.credentials.delete(secret);
  }
  count(kind: Kind, fate: Credential['fate']): number {
    return [...this.credentials.values()].filter((c) => c.kind === kind && c.fate === fate).length;
  }
}

/** The process died under a request: what that request would have changed is unknown. */
class Lost extends Error {}

/** What the load works on: the owner, a seeded base under both families' names, an installed plugin. */
interface World {
  owner: Account;
  tableId: string;
  workspaceId: number;
  dtableName: string;
  plugin: Plugin;
  baseId: string;
  awxUser: number;
}

describe('kill -9 under write load', () => {
  const location = freshLocation();
  const env = {
    ...location.env,
    TESSERA_SECRET: randomBytes(32).toString('hex'),
    TESSERA_RATE_TOKEN_CREATION: '1000000',
    TESSERA_RATE_FAILED_AUTH: '1000000',
    // Request lines are logged, for the secret sweep to search.
    LOG_LEVEL: 'info',
  };
  const collector = new SecretCollector();
  collector.keep('instance secret (TESSERA_SECRET)', env.TESSERA_SECRET);
  const processes: TesseraProcess[] = [];
  const metrics: Place[] = [];
  let server: TesseraProcess | undefined;
  const start = async (): Promise<TesseraProcess> => {
    const started = await startProcess(env);
    processes.push(started);
    return started;
  };
  after(async () => {
    collector.close();
    await server?.stop();
    const store = openStore(loadConfig(env));
    await location.drop(store);
    await store.close();
  });

  /** Processes sent SIGKILL: a connection error from one of them means it is gone. */
  const killed = new Set<TesseraProcess>();
  /**
   * One request; a connection error once the process was killed calls `ifLost` and throws Lost.
   * Before the kill, one is a failure: the process must not drop requests under this load.
   */
  async function send(target: TesseraProcess, method: string, path: string, options: RequestOptions, ifLost: () => void = () => undefined): Promise<Reply<Json>> {
    try {
      return await call(target, method, path, options);
    } catch (error) {
      if (!killed.has(target)) throw new Error(`${method} ${path} failed while the process was running`, { cause: error });
      ifLost();
      throw new Lost();
    }
  }
  const expect = (reply: Reply<Json>, status: number): Reply<Json> => {
    assert.equal(reply.status, status, reply.text);
    return reply;
  };

  /** Clients creating personal access tokens and deleting every third one they made. */
  function tokenClient(target: TesseraProcess, w: World, ledger: Ledger, counts: { created: number; deleted: number }): () => Promise<void> {
    return async () => {
      const mine: { id: string; token: string }[] = [];
      for (let i = 0; ; i++) {
        const deleting = i % 3 === 2 ? mine.shift() : undefined;
        if (deleting) {
          expect(await send(target, 'DELETE', `/api/access-token/${deleting.id}`, { cookie: w.owner.cookie }, () => ledger.unknown(deleting.token)), 200);
          ledger.revoked(deleting.token);
          counts.deleted++;
        } else {
          const reply = expect(await send(target, 'POST', '/api/access-token', { cookie: w.owner.cookie, body: { name: `load ${i}`, scopes: ['record|read'], hasFullAccess: true, expiredTime: daysFromNow(5) } }), 201);
          ledger.issued('personal access token', reply.body.token as string, reply.body.id as string);
          mine.push({ id: reply.body.id as string, token: reply.body.token as string });
          counts.created++;
        }
      }
    };
  }

  /**
   * One client per other way of revoking: each issues credentials of its kind over and over, keeps
   * the first of every three and revokes the next two (a plugin's pair is rotated either way). The
   * load lasts until every kind has had a revocation acknowledged, so every round checks both fates.
   */
  function revokers(target: TesseraProcess, w: World, ledger: Ledger): (() => Promise<void>)[] {
    const session = { cookie: w.owner.cookie };
    const dtable = `/api/v2.1/workspace/${w.workspaceId}/dtable/${encodeURIComponent(w.dtableName)}`;
    const pluginBasic = { authorization: `Basic ${Buffer.from(`${w.plugin.id}:${w.plugin.secret}`).toString('base64')}` };
    return [
      // A personal access token refreshed twice: each refresh revokes the secret it replaces.
      async () => {
        for (;;) {
          const created = expect(await send(target, 'POST', '/api/access-token', { ...session, body: { name: 'refreshed', scopes: ['record|read'], hasFullAccess: true, expiredTime: daysFromNow(5) } }), 201);
          let current = created.body.token as string;
          ledger.issued('personal access token', current, created.body.id as string);
          for (let i = 0; i < 2; i++) {
            const old = current;
            const refreshed = expect(await send(target, 'POST', `/api/access-token/${created.body.id}/refresh`, session, () => ledger.unknown(old)), 200);
            current = refreshed.body.token as string;
            ledger.replaced(old);
            ledger.issued('personal access token', current, created.body.id as string);
          }
        }
      },
      // Sign in (told apart by a user agent of its own), sign out.
      async () => {
        for (let i = 0; ; i++) {
          const agent = `restart-test ${randomBytes(6).toString('hex')}`;
          const signedIn = expect(await send(target, 'POST', '/api/auth/signin', { body: { email: w.owner.email, password: SIGNUP_PASSWORD }, headers: { 'user-agent': agent } }), 200);
          const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
          ledger.issued('session', cookie, agent);
          if (i % 3 === 0) continue;
          assert.ok((await send(target, 'POST', '/api/auth/signout', { cookie }, () => ledger.unknown(cookie))).status < 300);
          ledger.revoked(cookie);
        }
      },
      // AWX: a personal token, deleted, or revoked by RFC 7009, or kept.
      async () => {
        for (let i = 0; ; i++) {
          const created = expect(await send(target, 'POST', `/api/v2/users/${w.awxUser}/personal_tokens/`, { ...session, body: { scope: 'read' } }), 201);
          const token = created.body.token as string;
          ledger.issued('AWX token', token, String(created.body.id));
          if (i % 3 === 0) continue;
          if (i % 3 === 1) expect(await send(target, 'DELETE', `/api/v2/tokens/${created.body.id}/`, session, () => ledger.unknown(token)), 204);
          else expect(await send(target, 'POST', '/oauth/revoke', { body: { token } }, () => ledger.unknown(token)), 200);
          ledger.revoked(token);
        }
      },
      // SeaTable: an API token of a new app, deleted.
      async () => {
        for (let i = 0; ; i++) {
          const app = `app-${randomBytes(6).toString('hex')}`;
          const created = expect(await send(target, 'POST', `${dtable}/api-tokens/`, { ...session, body: { app_name: app, permission: 'r' } }), 201);
          const token = created.body.api_token as string;
          ledger.issued('SeaTable API token', token, app);
          if (i % 3 === 0) continue;
          assert.ok((await send(target, 'DELETE', `${dtable}/api-tokens/${app}/`, session, () => ledger.unknown(token))).status < 300);
          ledger.revoked(token);
        }
      },
      // SeaTable: a share link, deleted.
      async () => {
        for (let i = 0; ; i++) {
          const created = expect(await send(target, 'POST', '/api/v2.1/dtables/share-links/', { ...session, body: { workspace_id: w.workspaceId, table_name: w.dtableName, permission: 'r' } }), 201);
          const token = created.body.token as string;
          ledger.issued('share link', token, String(created.body.id));
          if (i % 3 === 0) continue;
          assert.ok((await send(target, 'DELETE', `/api/v2.1/dtables/share-links/${token}/`, session, () => ledger.unknown(token))).status < 300);
          ledger.revoked(token);
        }
      },
      // A plugin's token pair, rotated (the refresh token presented is spent), then its family
      // revoked by RFC 7009 with the newest refresh token: every access token of the family dies.
      async () => {
        for (let i = 0; ; i++) {
          const code = expect(await send(target, 'POST', `/api/plugin/${w.plugin.id}/authCode`, { ...session, body: { baseId: w.baseId } }), 201).text;
          const pair = expect(await send(target, 'POST', `/api/plugin/${w.plugin.id}/token`, { body: { baseId: w.baseId, secret: w.plugin.secret, scopes: PLUGIN_SCOPES, authCode: code } }), 201);
          const family = [pair.body.accessToken as string, pair.body.refreshToken as string];
          ledger.issued('plugin access token', family[0]!);
          ledger.issued('plugin refresh token', family[1]!);
          let refresh = family[1]!;
          const spent = refresh;
          const rotated = expect(await send(target, 'POST', `/api/plugin/${w.plugin.id}/refreshToken`, { body: { refreshToken: refresh, secret: w.plugin.secret } }, () => ledger.unknown(spent)), 201);
          ledger.revoked(spent);
          refresh = rotated.body.refreshToken as string;
          family.push(rotated.body.accessToken as string, refresh);
          ledger.issued('plugin access token', rotated.body.accessToken as string);
          ledger.issued('plugin refresh token', refresh);
          if (i % 3 === 0) continue;
          expect(await send(target, 'POST', '/oauth/revoke', { headers: pluginBasic, body: { token: refresh } }, () => family.forEach((s) => ledger.unknown(s))), 200);
          for (const secret of family) ledger.revoked(secret);
        }
      },
    ];
  }

  /** Runs the load until the process is SIGKILLed (after LOAD_MS, and a revocation of every kind acknowledged). */
  async function load(target: TesseraProcess, w: World, ledger: Ledger, counts: { created: number; deleted: number; lost: number; loadMs: number }): Promise<void> {
    const before = new Map((['personal access token', 'session', 'AWX token', 'SeaTable API token', 'share link', 'plugin refresh token'] as const).map((k) => [k, ledger.count(k, 'revoked')]));
    const everyKindRevoked = (): boolean => [...before].every(([kind, n]) => ledger.count(kind, 'revoked') > n);
    let stopped = 0;
    const run = (client: () => Promise<void>): Promise<void> =>
      client()
        .catch((error: unknown) => {
          if (!(error instanceof Lost)) throw error;
          counts.lost++;
        })
        .finally(() => void stopped++);
    const clients = [...Array.from({ length: CLIENTS }, () => run(tokenClient(target, w, ledger, counts))), ...revokers(target, w, ledger).map(run)];
    // At least LOAD_MS, and until every token client has had a deletion acknowledged and every
    // kind a revocation, however slow the machine (60 s at most), unless a client stopped on an
    // unexpected answer.
    const started = performance.now();
    while ((performance.now() - started < LOAD_MS || counts.deleted < CLIENTS || !everyKindRevoked()) && stopped === 0 && performance.now() - started < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    counts.loadMs = Math.round(performance.now() - started);
    metrics.push({ where: `/metrics of process ${processes.length} before its kill`, text: await scrapeMetrics(target) });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => target.child.once('exit', (_code, signal) => resolve(signal)));
    killed.add(target);
    target.child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    await Promise.all(clients);
  }

  /** Whether the credential is accepted (true) or refused (false), where its clients use it; anything else fails. */
  async function accepted(target: TesseraProcess, w: World, credential: Credential): Promise<boolean> {
    const pluginBasic = { authorization: `Basic ${Buffer.from(`${w.plugin.id}:${w.plugin.secret}`).toString('base64')}` };
    const records = `/api/table/${w.tableId}/record`;
    const answer = async (path: string, options: RequestOptions, yes: number, no: readonly number[]): Promise<boolean> => {
      const reply = await call(target, path.startsWith('/oauth') ? 'POST' : 'GET', path, options);
      assert.ok(reply.status === yes || no.includes(reply.status), `${credential.kind} on ${path}: ${reply.status} ${reply.text.slice(0, 200)}`);
      return reply.status === yes;
    };
    switch (credential.kind) {
      case 'personal access token':
      case 'plugin access token':
        return answer(records, { token: credential.secret }, 200, [401]);
      case 'session':
        return answer(records, { cookie: credential.secret }, 200, [401]);
      case 'AWX token':
        return answer('/api/v2/me/', { token: credential.secret }, 200, [401]);
      case 'SeaTable API token':
        return answer('/api/v2.1/dtable/app-access-token/', tokenAuth(credential.secret), 200, [401, 403]);
      case 'share link':
        return answer(`/api/v2.1/dtable/share-link-access-token/?token=${credential.secret}`, {}, 200, [401, 403, 404]);
      case 'plugin refresh token': {
        // Presenting a spent refresh token to the refresh endpoint would revoke its family: introspection only looks.
        const reply = await call(target, 'POST', '/oauth/introspect', { headers: pluginBasic, body: { token: credential.secret } });
        assert.equal(reply.status, 200, reply.text);
        return reply.body.active === true;
      }
    }
  }

  /** What each listing shows, by the name the ledger keeps (an id, an app name, a user agent). */
  async function listed(target: TesseraProcess, w: World): Promise<Partial<Record<Kind, Set<string>>>> {
    const get = async (path: string): Promise<Json> => expect(await call(target, 'GET', path, { cookie: w.owner.cookie }), 200).body;
    const awx = new Set<string>();
    for (let page = 1; ; page++) {
      const body = await get(`/api/v2/tokens/?page_size=200&page=${page}`);
      for (const token of body.results as { id: number }[]) awx.add(String(token.id));
      if (body.next === null) break;
    }
    const dtable = `/api/v2.1/workspace/${w.workspaceId}/dtable/${encodeURIComponent(w.dtableName)}`;
    return {
      'personal access token': new Set(((await get('/api/access-token')) as { id: string }[]).map((t) => t.id)),
      session: new Set(((await get('/api/auth/sessions')) as { userAgent: string | null }[]).flatMap((s) => (s.userAgent === null ? [] : [s.userAgent]))),
      'AWX token': awx,
      'SeaTable API token': new Set(((await get(`${dtable}/api-tokens/`)).api_tokens as { app_name: string }[]).map((t) => t.app_name)),
      'share link': new Set(((await get(`/api/v2.1/dtables/share-links/?workspace_id=${w.workspaceId}&table_name=${encodeURIComponent(w.dtableName)}`)).share_link_list as { id: string }[]).map((l) => String(l.id))),
    };
  }

  it(`keeps every acknowledged issue and revocation, of every kind, across ${ROUNDS} SIGKILLs`, async (t) => {
    server = await start();
    const owner = await signUp(server);
    const seeded = await seedWorkspace(server, owner);
    const workspace = (await call(server, 'GET', '/api/v2.1/workspaces/', { cookie: owner.cookie })).body.workspace_list[0] as { id: number; table_list: { name: string }[] };
    const me = (await call(server, 'GET', '/api/v2/me/', { cookie: owner.cookie })).body.results[0] as { id: number };
    const w: World = { owner, tableId: seeded.tableId, workspaceId: workspace.id, dtableName: workspace.table_list[0]!.name, plugin: await plugin(server, owner, seeded.baseId), baseId: seeded.baseId, awxUser: me.id };
    collector.keep('plugin secret', w.plugin.secret);
    const ledger = new Ledger();
    for (let round = 1; round <= ROUNDS; round++) {
      const counts = { created: 0, deleted: 0, lost: 0, loadMs: 0 };
      await load(server, w, ledger, counts);
      const started = performance.now();
      server = await start();
      const restartMs = Math.round(performance.now() - started);
      // A few at a time, so as not to trip anything on a loaded machine.
      const credentials = [...ledger.credentials.values()];
      const verdicts: boolean[] = [];
      for (let i = 0; i < credentials.length; i += 10) verdicts.push(...(await Promise.all(credentials.slice(i, i + 10).map((c) => accepted(server!, w, c)))));
      const wrong = credentials.flatMap((c, i) => (verdicts[i] === (c.fate === 'live') ? [] : [`${c.fate} ${c.kind} ${verdicts[i] ? 'accepted' : 'refused'}`]));
      const lists = await listed(server, w);
      const misplaced = credentials.flatMap((c) => {
        const shown = c.listedAs === undefined ? undefined : lists[c.kind]?.has(c.listedAs);
        return shown === undefined || shown === (c.fate === 'live') ? [] : [`${c.fate} ${c.kind} ${shown ? 'listed' : 'not listed'}`];
      });
      const tally = (['personal access token', 'session', 'AWX token', 'SeaTable API token', 'share link', 'plugin access token', 'plugin refresh token'] as const)
        .map((kind) => `${kind} ${ledger.count(kind, 'live')}/${ledger.count(kind, 'revoked')}`)
        .join(', ');
      t.diagnostic(
        `round ${round}: ${counts.loadMs} ms of load, ${counts.created} creations and ${counts.deleted} deletions of tokens acknowledged, ${counts.lost} requests in flight at the kill; ` +
          `after a ${restartMs} ms restart, checked live/revoked: ${tally}`,
      );
      assert.ok(counts.created > 0 && counts.deleted > 0, 'the load made acknowledged writes of both kinds');
      assert.deepEqual(wrong, [], 'every acknowledged credential works, every acknowledged revocation holds, after the restart');
      assert.deepEqual(misplaced, [], 'the listings show the live credentials and none of the revoked ones');
      assert.equal((await call(server, 'GET', '/api/auth/user', { cookie: owner.cookie })).status, 200, 'the session survives the restart');
    }
  });

  it('leaves no secret handed out during the run in the store, the logs, an error answer or /metrics', async (t) => {
    assert.ok(server, 'the run above started a process');
    metrics.push({ where: '/metrics of the last process', text: await scrapeMetrics(server) });
    // SIGTERM: the last process flushes what it writes behind (failed authentications) before the tables are read.
    await server.stop();
    server = undefined;
    const store = openStore(loadConfig(env));
    const tables = await readTables(store, loadConfig(env).databaseSchema);
    await store.close();
    const logs = processes.map((p, i) => ({ where: `the output of process ${i + 1}`, text: p.output() }));
    const result = findSecrets(collector.secrets, { tables, logs, errors: collector.errors, metrics });
    t.diagnostic(result.summary);
    assert.ok(result.secrets > 100 && result.auditRows > 100 && result.errorAnswers > 50, 'the sweep searched a real run');
    assert.ok(logs.every((l) => l.text.includes('"request completed"')), 'every process logged its requests');
    assert.deepEqual(result.found, []);
  });
});

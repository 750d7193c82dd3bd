// The command line (`tessera <command>`, src/cli.ts) run as child processes against a store of
// their own, which a server in this process shares and must honour what the CLI did: help, usage
// errors and failures, migrations, accounts made, listed, disabled and enabled, tokens listed and
// revoked by id, user and kind, signing keys, and the audit log. The server keeps the default 30 s
// lifetime of cached verdicts and must learn of what the CLI revoked at once on PostgreSQL (NOTIFY),
// within a second or so on SQLite (it looks for other processes' commits every second).
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { openStore } from '../src/db/database.js';
import { assertTeableError } from './support/assertions.js';
import { call, createToken, signUp, SIGNUP_PASSWORD, type Account, type Json, type Reply } from './support/client.js';
import { apiToken, authCode, awxToken, exchange, linkAccess, listRows, pair, plugin, refresh, shareLink, tokenAuth, type Pair, type Plugin } from './support/credential-kinds.js';
import { freshLocation, startServer, type StoreLocation, type TestServer } from './support/server.js';
import { accountToken, seedDtable, type Dtable } from './support/seatable.js';

const root = path.resolve(import.meta.dirname, '..');
const COMMANDS = ['serve', 'migrate', 'user', 'token', 'keys', 'audit'];
/** Well under the server's 30 s cache on PostgreSQL: a refusal within it is NOTIFY's doing. */
const REFUSAL_DEADLINE_MS = 10_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a CLI run: the store's location (and nothing else naming a store), the server's secret. */
function cliEnv(location: StoreLocation, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'TESSERA_DB_SCHEMA', 'TESSERA_DATA_DIR', 'TESSERA_SECRET']) delete env[name];
  return { ...env, ...location.env, ...extra };
}

function spawnCli(env: NodeJS.ProcessEnv, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env });
}

/** Runs `tessera <args>` to its end; `input` goes to its stdin. */
function tessera(env: NodeJS.ProcessEnv, args: readonly string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(env, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Exit 0; returns stdout. */
function succeeded(run: Run, label: string): string {
  assert.equal(run.code, 0, `${label}: exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return run.stdout;
}

/** Exit 0 and stdout one JSON document. */
function json(run: Run, label: string): Json {
  const out = succeeded(run, label);
  assert.equal(out.trimEnd().split('\n').length, 1, `${label}: --json printed more than one line: ${out}`);
  return JSON.parse(out);
}

/** Exit `code`, nothing on stdout, exactly one line on stderr, `tessera: ...`. */
function failedInOneLine(run: Run, code: number, pattern: RegExp, label: string): void {
  assert.equal(run.code, code, `${label}: exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  assert.equal(run.stdout, '', label);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `${label}: ${run.stderr}`);
  assert.match(lines[0]!, /^tessera: /, label);
  assert.match(lines[0]!, pattern, label);
}

/** Waits until `check` holds (the server has dropped its cached verdict), or fails. */
async function eventually(label: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + REFUSAL_DEADLINE_MS;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${label}: not within ${REFUSAL_DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const status = async (reply: Promise<Reply<Json>>): Promise<number> => (await reply).status;
const basic = (email: string, password: string) => ({ headers: { authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}` } });
const signin = (server: TestServer, email: string, password: string) => call(server, 'POST', '/api/auth/signin', { body: { email, password } });
/** RFC 7662 introspection by a plugin, authenticated with its id and secret. */
const introspectAs = (server: TestServer, p: Plugin, token: string) =>
  call(server, 'POST', '/oauth/introspect', {
    rawBody: `token=${encodeURIComponent(token)}`,
    contentType: 'application/x-www-form-urlencoded',
    headers: { authorization: `Basic ${Buffer.from(`${p.id}:${p.secret}`).toString('base64')}` },
  });

describe('tessera, the command line', () => {
  let location: StoreLocation;
  let server: TestServer;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    location = freshLocation();
    server = await startServer({}, location);
    env = cliEnv(location, { TESSERA_SECRET: server.config.instanceSecret! });
    await signUp(server); // the first account is the instance admin; the others are not
  });
  after(() => server.close());

  describe('help and usage', () => {
    it('lists every command with --help (and help), exit 0', async () => {
      for (const args of [['--help'], ['-h'], ['help']]) {
        const out = succeeded(await tessera(env, args), args.join(' '));
        assert.match(out, /^usage: tessera <command>/);
        for (const name of COMMANDS) assert.match(out, new RegExp(`^  ${name} `, 'm'), `${args.join(' ')} lists ${name}`);
      }
    });

    it('explains each command with <command> --help, naming its actions and options, without opening the store', async () => {
      const expected: Record<string, string[]> = {
        serve: ['PORT', 'SIGTERM', '--help'],
        migrate: ['up', 'down', 'status', '--json'],
        user: ['create', 'list', 'disable', 'enable', '--name', '--admin', '--json', 'NOTIFY', 'within a second'],
        token: ['list', 'revoke', '--id', '--user', '--kind', '--json', 'personal_access_token', 'user_personal_token', 'NOTIFY', 'within a second'],
        keys: ['rotate', 'list', '--json'],
        audit: ['tail', '--limit', '--follow', '--json'],
      };
      // A store nobody could open: help must not need one.
      const nowhere = { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
      const runs = await Promise.all(COMMANDS.map((name) => tessera(nowhere, [name, '--help'])));
      for (const [i, name] of COMMANDS.entries()) {
        const out = succeeded(runs[i]!, `${name} --help`);
        assert.match(out, new RegExp(`^usage: tessera ${name}`), name);
        for (const word of expected[name]!) assert.ok(out.includes(word), `${name} --help mentions ${word}:\n${out}`);
      }
      assert.equal(succeeded(await tessera(nowhere, ['token', 'revoke', '-h']), 'token revoke -h'), runs[COMMANDS.indexOf('token')]!.stdout);
    });

    it('refuses an unknown command: exit 2, one line on stderr', async () => {
      failedInOneLine(await tessera(env, ['frobnicate']), 2, /unknown command "frobnicate"/, 'unknown command');
      failedInOneLine(await tessera(env, []), 2, /no command/, 'no command');
    });

    it('refuses unknown options, unknown actions, missing arguments and bad values: exit 2, one line', async () => {
      const cases: [string[], RegExp][] = [
        [['user', 'list', '--bogus'], /user list: unknown option --bogus/],
        [['user', 'frobnicate'], /user: unknown action "frobnicate"/],
        [['user', 'disable'], /user disable: missing <id\|email>/],
        [['token', 'revoke'], /token revoke: name the tokens/],
        [['token', 'revoke', '--id', 'x', '--kind', 'base_api_token'], /--id goes alone/],
        [['token', 'list', '--kind', 'nope'], /--kind must be one of personal_access_token/],
        [['token', 'list', '--user'], /option --user needs a value/],
        [['audit', 'tail', '--limit', '0'], /--limit must be a whole number/],
        [['migrate', 'sideways'], /migrate: unknown action "sideways"/],
      ];
      const runs = await Promise.all(cases.map(([args]) => tessera(env, args)));
      for (const [i, [args, pattern]] of cases.entries()) failedInOneLine(runs[i]!, 2, pattern, args.join(' '));
    });
  });

  describe('migrate', () => {
    it("lists the server's store's migrations, all applied (and --json parses)", async () => {
      const out = succeeded(await tessera(env, ['migrate', 'status']), 'migrate status');
      assert.match(out, /^MIGRATION\s+APPLIED\n/);
      assert.match(out, /^20261124T1100_initial\s+\d{4}-\d\d-\d\dT/m);
      assert.match(out, /^20261125T1000_user_disabled_time\s+\d{4}-\d\d-\d\dT/m);
      assert.doesNotMatch(out, /pending/);
      const rows = json(await tessera(env, ['migrate', 'status', '--json']), 'migrate status --json');
      assert.ok(rows.length >= 6, JSON.stringify(rows));
      for (const row of rows) assert.ok(row.applied === true && !Number.isNaN(Date.parse(row.appliedTime)), JSON.stringify(row));
    });

    it('brings a fresh store up one migration at a time, reporting each on stderr; rolls the latest back and applies it again', async () => {
      const fresh = freshLocation();
      const freshEnv = cliEnv(fresh);
      try {
        const up = await tessera(freshEnv, ['migrate']);
        const out = succeeded(up, 'migrate');
        const names = [...up.stderr.matchAll(/^tessera: migrating (\d+)\/(\d+): (\S+)$/gm)].map((m) => m[3]!);
        assert.ok(names.length >= 6 && names.includes('20261125T1000_user_disabled_time'), up.stderr);
        for (const name of names) assert.match(up.stderr, new RegExp(`^tessera: migrated ${name} in \\d+ ms$`, 'm'));
        assert.equal(out, `applied ${names.length} migrations; the store is at ${names.at(-1)}\n`);

        const latest = names.at(-1)!;
        assert.deepEqual(json(await tessera(freshEnv, ['migrate', 'down', '--json']), 'migrate down'), { rolledBack: latest });
        const status = json(await tessera(freshEnv, ['migrate', 'status', '--json']), 'status after down');
        assert.deepEqual(status.filter((m: Json) => !m.applied).map((m: Json) => m.name), [latest]);
        assert.deepEqual(json(await tessera(freshEnv, ['migrate', 'up', '--json']), 'migrate up'), { applied: [latest], latest });
        assert.equal(succeeded(await tessera(freshEnv, ['migrate']), 'migrate again'), `nothing to do: the store is up to date (${latest})\n`);
      } finally {
        const store = openStore(loadConfig(fresh.env));
        await fresh.drop(store);
        await store.close();
      }
    });
  });

  describe('user create and list', () => {
    it('creates an account, an instance admin with --admin, that signs in on the server', async () => {
      const email = `carol-${Date.now()}@example.com`;
      const made = json(await tessera(env, ['user', 'create', email, 'carol-passw0rd', '--name', 'Carol', '--admin', '--json']), 'user create');
      assert.equal(made.email, email);
      assert.equal(made.name, 'Carol');
      assert.equal(made.admin, true);
      assert.equal(made.disabledTime, null);
      assert.match(made.id, /^usr/);
      const reply = await signin(server, email, 'carol-passw0rd');
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.id, made.id);
    });

    it('reads the password from stdin when it is "-", and says so in words without --json', async () => {
      const email = `dan-${Date.now()}@example.com`;
      const out = succeeded(await tessera(env, ['user', 'create', email, '-'], 'from-stdin-9\nignored line\n'), 'user create -');
      assert.match(out, new RegExp(`^created ${email} \\(usr\\w+\\)\\n$`));
      assert.equal((await signin(server, email, 'from-stdin-9')).status, 200);
    });

    it('fails with exit 1 and one line for an email already taken, or a weak password', async () => {
      const who = await signUp(server);
      failedInOneLine(await tessera(env, ['user', 'create', who.email, 'an0ther-password']), 1, /already exists/, 'taken email');
      failedInOneLine(await tessera(env, ['user', 'create', `weak-${Date.now()}@example.com`, 'short']), 1, /password: must be at least 8 characters/, 'weak password');
    });

    it('lists every account: id, email, name, admin, created, disabled', async () => {
      const who = await signUp(server);
      const users = json(await tessera(env, ['user', 'list', '--json']), 'user list --json');
      const listed = users.find((u: Json) => u.id === who.id);
      assert.deepEqual(Object.keys(listed).sort(), ['admin', 'createdTime', 'disabledTime', 'email', 'id', 'name']);
      assert.equal(listed.email, who.email);
      assert.equal(listed.admin, false);
      assert.equal(listed.disabledTime, null);
      assert.equal(users[0].admin, true, 'the first account is the admin');
      const table = succeeded(await tessera(env, ['user', 'list']), 'user list');
      assert.match(table, /^ID\s+EMAIL\s+NAME\s+ADMIN\s+CREATED\s+DISABLED\n/);
      assert.match(table, new RegExp(`^${who.id}\\s+${who.email.replace(/[.]/g, '\\.')}\\s+\\S+\\s+no\\s+\\S+\\s+-$`, 'm'));
    });
  });

  describe('user disable, then enable', () => {
    let dave: Account;
    let d: Dtable;
    let held: { pat: string; awx: string; account: string; api: string; link: string; linkJwt: string; accountJwt: string; plugin: Plugin; grant: Pair; code: string };
    let keptPat: string;
    let disabled: Json;

    before(async () => {
      dave = await signUp(server);
      d = await seedDtable(server, dave);
      const account = await accountToken(server, dave);
      const link = await shareLink(server, dave, d);
      const p = await plugin(server, dave, d.baseId);
      const accountJwt = await call(server, 'GET', `/api/v2.1/workspace/${d.workspaceId}/dtable/${encodeURIComponent(d.name)}/access-token/`, tokenAuth(account));
      assert.equal(accountJwt.status, 200, accountJwt.text);
      held = {
        pat: (await createToken(server, dave, { scopes: ['record|read'], hasFullAccess: true })).token,
        awx: await awxToken(server, dave),
        account,
        api: await apiToken(server, dave, d),
        link: link.token,
        linkJwt: (await linkAccess(server, link.token)).body.access_token,
        accountJwt: accountJwt.body.access_token,
        plugin: p,
        grant: await pair(server, dave, p, d.baseId),
        code: await authCode(server, dave, p, d.baseId),
      };
      keptPat = (await createToken(server, await signUp(server), { scopes: ['record|read'], hasFullAccess: true })).token;
      // Everything works (and is cached by the server) before.
      assert.equal(await status(call(server, 'GET', '/api/auth/user', { cookie: dave.cookie })), 200, 'session');
      assert.equal(await status(call(server, 'GET', '/api/auth/user', { token: held.pat })), 200, 'PAT');
      assert.equal(await status(call(server, 'GET', '/api/auth/user', tokenAuth(held.account))), 200, 'account token');
      assert.equal(await status(call(server, 'GET', '/api/v2/me/', { token: held.awx })), 200, 'AWX token');
      assert.equal(await status(call(server, 'GET', '/api/v2/me/', basic(dave.email, SIGNUP_PASSWORD))), 200, 'HTTP Basic');
      assert.equal(await status(call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(held.api))), 200, 'API token');
      assert.equal(await status(listRows(server, d, held.linkJwt)), 200, "share link's base token");
      assert.equal(await status(listRows(server, d, held.accountJwt)), 200, "account token's base token");
      assert.equal(await status(call(server, 'GET', `/api/table/${d.tableId}/record`, { token: held.grant.accessToken })), 200, 'plugin access token');
      assert.equal(await status(introspectAs(server, p, keptPat)), 200, 'plugin secret');

      disabled = json(await tessera(env, ['user', 'disable', dave.email, '--json']), 'user disable');
    });

    it('answers what it revoked, by kind', () => {
      assert.equal(disabled.id, dave.id);
      assert.equal(disabled.email, dave.email);
      assert.equal(disabled.alreadyDisabled, false);
      assert.ok(!Number.isNaN(Date.parse(disabled.disabledTime)));
      // The sign-up session and the account token; the PAT, the AWX token and the API token (the
      // plugin access token goes with its grant).
      assert.deepEqual(disabled.revoked, { sessions: 2, tokens: 3, pluginGrants: 1, pluginAuthCodes: 1, shareLinks: 1, pluginSecrets: 1 });
    });

    it('makes a running server refuse its session, PAT and account token', async () => {
      await eventually('session', async () => (await status(call(server, 'GET', '/api/auth/user', { cookie: dave.cookie }))) === 401);
      await eventually('PAT', async () => (await status(call(server, 'GET', '/api/auth/user', { token: held.pat }))) === 401);
      await eventually('account token', async () => (await status(call(server, 'GET', '/api/auth/user', tokenAuth(held.account)))) === 401);
      assertTeableError(await call(server, 'GET', '/api/auth/user', { token: held.pat }), 401, 'token_revoked');
    });

    it('revokes every other credential: AWX and API tokens, base tokens, share link, plugin grant, code and secret', async () => {
      await eventually('AWX token', async () => (await status(call(server, 'GET', '/api/v2/me/', { token: held.awx }))) === 401);
      await eventually('API token', async () => (await status(call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(held.api)))) === 401);
      await eventually('plugin access token', async () => (await status(call(server, 'GET', `/api/table/${d.tableId}/record`, { token: held.grant.accessToken }))) === 401);
      assert.equal(await status(listRows(server, d, held.accountJwt)), 401, "the account token's base token");
      assert.equal(await status(listRows(server, d, held.linkJwt)), 401, "the share link's base token");
      assert.equal(await status(linkAccess(server, held.link)), 403, 'the share link');
      assert.notEqual(await status(refresh(server, held.plugin, held.grant.refreshToken)), 201, 'the refresh token');
      const spent = await exchange(server, held.plugin, d.baseId, held.code);
      assert.equal(spent.status, 400, spent.text);
      // The plugin's secret was replaced: as a client it authenticates no more.
      const introspect = await introspectAs(server, held.plugin, keptPat);
      assert.equal(introspect.status, 401, introspect.text);
    });

    it('refuses its sign-in exactly like a wrong password, and its HTTP Basic', async () => {
      const right = await signin(server, dave.email, SIGNUP_PASSWORD);
      const wrong = await signin(server, dave.email, 'wr0ng-password');
      assert.equal(right.status, 401, right.text);
      assert.equal(right.status, wrong.status);
      assert.equal(right.text, wrong.text);
      assert.equal(right.headers.get('set-cookie'), null);
      assert.equal(await status(call(server, 'GET', '/api/v2/me/', basic(dave.email, SIGNUP_PASSWORD))), 401, 'HTTP Basic');
      assert.equal(await status(call(server, 'POST', '/api2/auth-token/', { body: { username: dave.email, password: SIGNUP_PASSWORD } })), 400, 'SeaTable auth-token');
    });

    it("leaves other accounts' credentials working", async () => {
      assert.equal(await status(call(server, 'GET', '/api/auth/user', { token: keptPat })), 200);
    });

    it("shows the account disabled in user list; disabling it again sweeps again (its plugins' secrets replaced again) and says so", async () => {
      const users = json(await tessera(env, ['user', 'list', '--json']), 'user list');
      assert.equal(users.find((u: Json) => u.id === dave.id).disabledTime, disabled.disabledTime);
      const again = json(await tessera(env, ['user', 'disable', dave.id, '--json']), 'user disable again');
      assert.equal(again.alreadyDisabled, true);
      assert.equal(again.disabledTime, disabled.disabledTime);
      assert.deepEqual(again.revoked, { sessions: 0, tokens: 0, pluginGrants: 0, pluginAuthCodes: 0, shareLinks: 0, pluginSecrets: 1 });
    });

    it('enables it again: the password signs in, what disabling revoked stays revoked', async () => {
      assert.deepEqual(json(await tessera(env, ['user', 'enable', dave.email, '--json']), 'user enable'), { id: dave.id, email: dave.email, enabled: true });
      const reply = await signin(server, dave.email, SIGNUP_PASSWORD);
      assert.equal(reply.status, 200, reply.text);
      assert.equal(await status(call(server, 'GET', '/api/auth/user', { token: held.pat })), 401, 'the PAT');
      assert.equal(await status(call(server, 'GET', '/api/auth/user', { cookie: dave.cookie })), 401, 'the old session');
      assert.match(succeeded(await tessera(env, ['user', 'enable', dave.email]), 'enable again'), /was not disabled: nothing to do/);
    });

    it('fails with exit 1 and one line for an unknown user', async () => {
      failedInOneLine(await tessera(env, ['user', 'disable', 'nobody@example.com']), 1, /user disable: no user "nobody@example.com"/, 'unknown email');
      failedInOneLine(await tessera(env, ['user', 'enable', 'usrNoSuchUser00000']), 1, /user enable: no user "usrNoSuchUser00000"/, 'unknown id');
    });
  });

  describe('token list and revoke', () => {
    let erin: Account;
    let frank: Account;
    let pats: { id: string; token: string }[];
    let awx: string;
    let frankPat: string;

    before(async () => {
      erin = await signUp(server);
      frank = await signUp(server);
      pats = [];
      for (const name of ['one', 'two']) {
        const made = await createToken(server, erin, { name, scopes: ['record|read'], hasFullAccess: true });
        pats.push({ id: made.id, token: made.token });
      }
      awx = await awxToken(server, erin);
      frankPat = (await createToken(server, frank, { scopes: ['record|read'], hasFullAccess: true })).token;
      for (const token of [...pats.map((p) => p.token), frankPat]) assert.equal(await status(call(server, 'GET', '/api/auth/user', { token })), 200);
      assert.equal(await status(call(server, 'GET', '/api/v2/me/', { token: awx })), 200);
    });

    it("lists a user's live tokens, by id or email, with their kind; never a secret", async () => {
      const byEmail = await tessera(env, ['token', 'list', '--user', erin.email, '--json']);
      const tokens = json(byEmail, 'token list --user email');
      assert.deepEqual(tokens.map((t: Json) => t.kind).sort(), ['personal_access_token', 'personal_access_token', 'user_personal_token']);
      for (const t of tokens) assert.equal(t.userId, erin.id);
      assert.deepEqual(tokens.filter((t: Json) => t.kind === 'personal_access_token').map((t: Json) => t.id).sort(), pats.map((p) => p.id).sort());
      assert.doesNotMatch(byEmail.stdout, /tess_/, 'a secret in the listing');
      // (lastUsedTime is written behind by the server: compare the ids.)
      const byId = json(await tessera(env, ['token', 'list', '--user', erin.id, '--json']), 'token list --user id');
      assert.deepEqual(byId.map((t: Json) => t.id), tokens.map((t: Json) => t.id));
      const table = succeeded(await tessera(env, ['token', 'list', '--user', erin.id]), 'token list');
      assert.match(table, /^ID\s+KIND\s+USER\s+NAME\s+CREATED\s+EXPIRES\s+LAST USED\n/);
      assert.match(table, new RegExp(`^${pats[0]!.id}\\s+personal_access_token\\s+${erin.email.replace(/[.]/g, '\\.')}\\s+one\\s`, 'm'));
    });

    it('lists the tokens of one kind', async () => {
      const tokens = json(await tessera(env, ['token', 'list', '--kind', 'user_personal_token', '--json']), 'token list --kind');
      assert.ok(tokens.some((t: Json) => t.userId === erin.id), JSON.stringify(tokens));
      assert.ok(tokens.every((t: Json) => t.kind === 'user_personal_token'), JSON.stringify(tokens));
    });

    it('revokes one token by id: a running server refuses it, the others still work', async () => {
      assert.deepEqual(json(await tessera(env, ['token', 'revoke', '--id', pats[0]!.id, '--json']), 'revoke --id'), { revoked: 1, id: pats[0]!.id });
      await eventually('the revoked PAT', async () => (await status(call(server, 'GET', '/api/auth/user', { token: pats[0]!.token }))) === 401);
      assert.equal(await status(call(server, 'GET', '/api/auth/user', { token: pats[1]!.token })), 200, 'the other PAT');
      failedInOneLine(await tessera(env, ['token', 'revoke', '--id', pats[0]!.id]), 1, /no live token has the id/, 'revoking it twice');
    });

    it('revokes every token of a kind', async () => {
      const done = json(await tessera(env, ['token', 'revoke', '--kind', 'user_personal_token', '--json']), 'revoke --kind');
      assert.ok(done.revoked >= 1, JSON.stringify(done));
      await eventually('the AWX token', async () => (await status(call(server, 'GET', '/api/v2/me/', { token: awx }))) === 401);
      assert.equal(await status(call(server, 'GET', '/api/auth/user', { token: pats[1]!.token })), 200, 'a PAT');
      assert.deepEqual(json(await tessera(env, ['token', 'list', '--kind', 'user_personal_token', '--json']), 'list after'), []);
    });

    it("revokes a user's tokens (of a kind), and no one else's", async () => {
      assert.deepEqual(json(await tessera(env, ['token', 'revoke', '--user', erin.email, '--kind', 'personal_access_token', '--json']), 'revoke --user --kind'), { revoked: 1 });
      await eventually("erin's last PAT", async () => (await status(call(server, 'GET', '/api/auth/user', { token: pats[1]!.token }))) === 401);
      assert.equal(await status(call(server, 'GET', '/api/auth/user', { token: frankPat })), 200, "frank's PAT");
      assert.equal(succeeded(await tessera(env, ['token', 'revoke', '--user', erin.id]), 'nothing left'), 'revoked 0 tokens\n');
    });

    it('fails with exit 1 and one line for an unknown id or user', async () => {
      failedInOneLine(await tessera(env, ['token', 'revoke', '--id', 'accNoSuchToken0000']), 1, /token revoke: no live token has the id "accNoSuchToken0000"/, 'unknown id');
      failedInOneLine(await tessera(env, ['token', 'revoke', '--user', 'nobody@example.com']), 1, /token revoke: no user "nobody@example.com"/, 'unknown user');
      failedInOneLine(await tessera(env, ['token', 'list', '--user', 'usrNoSuchUser00000']), 1, /token list: no user/, 'unknown user to list');
    });

    it('reports a bulk revocation every 1000 tokens on stderr, and the count at the end', async () => {
      const grace = await signUp(server);
      const count = 1001;
      for (let i = 0; i < count; i += 25) {
        await Promise.all(Array.from({ length: Math.min(25, count - i) }, () => createToken(server, grace, { scopes: ['record|read'], hasFullAccess: true })));
      }
      const run = await tessera(env, ['token', 'revoke', '--user', grace.email]);
      assert.equal(succeeded(run, 'bulk revoke'), `revoked ${count} tokens\n`);
      assert.deepEqual(
        run.stderr.split('\n').filter((l) => l.includes(' of ')),
        [`tessera: revoked 1000 of ${count} tokens`],
      );
      assert.deepEqual(json(await tessera(env, ['token', 'list', '--user', grace.email, '--json']), 'list after'), []);
    });
  });

  describe('keys', () => {
    it('rotates the signing key: the new one is live, the previous one retired', async () => {
      const first = json(await tessera(env, ['keys', 'rotate', '--json']), 'rotate');
      const second = json(await tessera(env, ['keys', 'rotate', '--json']), 'rotate again');
      assert.notEqual(first.kid, second.kid);
      const keys = json(await tessera(env, ['keys', 'list', '--json']), 'keys list');
      const byKid = new Map(keys.map((k: Json) => [k.kid, k]));
      assert.equal((byKid.get(second.kid) as Json).retiredTime, null);
      assert.equal((byKid.get(second.kid) as Json).alg, 'EdDSA');
      assert.ok(!Number.isNaN(Date.parse((byKid.get(first.kid) as Json).retiredTime)), 'the first key is retired');
      assert.equal(keys.filter((k: Json) => k.retiredTime === null).length, 1, 'one live key');
      const table = succeeded(await tessera(env, ['keys', 'list']), 'keys list');
      assert.match(table, new RegExp(`^${second.kid}\\s+EdDSA\\s+\\S+\\s+-$`, 'm'));
    });
  });

  describe('audit tail', () => {
    it("shows the latest events oldest first, the CLI's own among them", async () => {
      const events = json(await tessera(env, ['audit', 'tail', '--limit', '10000', '--json']), 'audit tail');
      const times = events.map((e: Json) => e.time);
      assert.deepEqual(times, [...times].sort(), 'oldest first');
      const cli = events.filter((e: Json) => e.userAgent === 'tessera-cli');
      for (const action of ['user.create', 'user.disable', 'user.enable', 'token.revoke', 'session.revoke', 'keys.rotate']) {
        assert.ok(cli.some((e: Json) => e.action === action), `no ${action} by the CLI`);
      }
      assert.ok(cli.some((e: Json) => e.action === 'token.revoke' && e.detail?.by === 'cli' && e.credentialKind === 'user_personal_token'), 'a revocation by kind');
      const failed = events.find((e: Json) => e.action === 'auth.failed' && e.detail?.reason === 'account_disabled');
      assert.ok(failed, 'the refused sign-in of a disabled account is audited as such');
      const last = json(await tessera(env, ['audit', 'tail', '--limit', '2', '--json']), 'audit tail --limit 2');
      assert.deepEqual(last, events.slice(-2));
      const lines = succeeded(await tessera(env, ['audit', 'tail', '--limit', '3']), 'audit tail').trimEnd().split('\n');
      assert.equal(lines.length, 3);
      assert.match(lines[2]!, /^\d{4}-\d\d-\d\dT\S+Z {2}[a-z_.]+/);
    });

    it('--follow prints new events as they come, until SIGTERM, and exits 0', async () => {
      const child = spawnCli(env, ['audit', 'tail', '--follow', '--json', '--limit', '1']);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => void (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      try {
        const waitFor = async (label: string, pattern: RegExp): Promise<void> => {
          const deadline = Date.now() + 20_000;
          while (!pattern.test(out)) {
            if (Date.now() > deadline) assert.fail(`${label} never printed: ${out}`);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        };
        await waitFor('the latest event', /\n/);
        const { kid } = json(await tessera(env, ['keys', 'rotate', '--json']), 'rotate');
        await waitFor('the rotation', new RegExp(`"kid":"${kid}"`));
        const lines = out.trimEnd().split('\n');
        for (const line of lines) JSON.parse(line);
        assert.equal(JSON.parse(lines.at(-1)!).action, 'keys.rotate');
        assert.equal(lines.filter((l) => l.includes(kid)).length, 1, 'printed once');
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0, out);
    });
  });
});

// The management page in a real browser (Debian's Chromium through playwright-core): sign up, make
// a token with a restricted scope, copy its secret, use it from here to read and be refused a
// write, refresh it, delete it; the same for an AWX token, a base's API token and a share link;
// errors in words; the keyboard; a phone-width screen. Screenshots go to test-results/web/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIR } from '../../src/routes/web.js';
import { call, type Json, type Reply, type RequestOptions } from '../support/client.js';
import { startServer, storeKind, type TestServer } from '../support/server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'web', storeKind);
const EMAIL = 'ada@example.com';
const PASSWORD = 'correct-horse-9';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seeded: { spaceId: string; baseId: string; tableId: string; recordId: string; workspaceId: number; baseName: string; uuid: string };

const shot = async (name: string, target: Page = page): Promise<void> => void (await target.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }));
const bearer = (token: string): RequestOptions => ({ headers: { authorization: `Bearer ${token}` } });
const tokenAuth = (token: string): RequestOptions => ({ headers: { authorization: `Token ${token}` } });

/** The session cookie the browser holds, for seeding through the API as the same person. */
async function browserCookie(): Promise<string> {
  const cookies = await context.cookies(server.url);
  const session = cookies.find((c) => c.name === 'tessera_session');
  assert.ok(session, 'the browser holds a session cookie');
  return `${session.name}=${session.value}`;
}

/** The secret of the open secret dialog, through its Copy button and the clipboard. */
async function copySecret(): Promise<string> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await dialog.getByText('Copied to the clipboard.').waitFor();
  const copied = await page.evaluate<string>('navigator.clipboard.readText()');
  assert.equal(copied, await dialog.locator('input.secret').inputValue(), 'the clipboard holds the secret shown');
  return copied;
}

async function closeDialog(): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

async function expectStatus(label: string, reply: Promise<Reply<Json>>, status: number): Promise<Json> {
  const answer = await reply;
  assert.equal(answer.status, status, `${label}: ${answer.text}`);
  return answer.body;
}

before(async () => {
  assert.ok(fs.existsSync(path.join(WEB_DIR, 'index.html')), 'build the page first: npm run build (npm test does)');
  assert.ok(fs.existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('the management page', () => {
  it('serves the page at / with headers that keep it from being framed', async () => {
    const response = await fetch(`${server.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.match(await response.text(), /<div id="root">/);
  });

  it('signs up, and shows the API refusal in words', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'No account yet? Create one' }).click();
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('no-digits-here');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').getByText(/^Please check what you entered\. Password: must be at least 8 characters with a letter and a digit\.$/).waitFor();
    await shot('01-sign-up-refused');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Tokens', level: 1 }).waitFor();
    await page.getByText('You have no tokens yet.').waitFor();
    await shot('02-tokens-empty');

    // Something to reach: a space, a base, a table and a record, made through the API as Ada.
    const cookie = await browserCookie();
    const space = await expectStatus('space', call(server, 'POST', '/api/space', { cookie, body: { name: 'Research' } }), 201);
    const base = await expectStatus('base', call(server, 'POST', '/api/base', { cookie, body: { spaceId: space.id, name: 'Trials' } }), 201);
    await expectStatus('other base', call(server, 'POST', '/api/base', { cookie, body: { spaceId: space.id, name: 'Budget' } }), 201);
    const table = await expectStatus('table', call(server, 'POST', `/api/base/${base.id}/table`, { cookie, body: { name: 'Patients', fields: [{ name: 'Name', type: 'singleLineText' }] } }), 201);
    const records = await expectStatus('record', call(server, 'POST', `/api/table/${table.id}/record`, { cookie, body: { records: [{ fields: { Name: 'first' } }] } }), 201);
    const workspaces = await expectStatus('workspaces', call(server, 'GET', '/api/v2.1/workspaces/', { cookie }), 200);
    const workspace = workspaces.workspace_list.find((w: Json) => w.name === 'Research');
    const dtable = workspace.table_list.find((t: Json) => t.name === 'Trials');
    seeded = { spaceId: space.id, baseId: base.id, tableId: table.id, recordId: records.records[0].id, workspaceId: workspace.id, baseName: 'Trials', uuid: dtable.uuid };
  });

  it('makes a personal access token limited to reading records of one base; it reads, is refused a write, is refreshed and deleted', async () => {
    // The administrator (Ada, the first account) caps new tokens at 30 days: longer presets are off.
    await expectStatus('policy', call(server, 'PUT', '/api/admin/token-policies/personal_access_token', { cookie: await browserCookie(), body: { maxLifetimeDays: 30 } }), 200);
    await page.reload();
    await page.getByRole('button', { name: 'New personal access token' }).click();
    const form = page.getByRole('dialog');
    assert.equal(await form.getByLabel('60 days').isDisabled(), true, 'past the cap');
    assert.equal(await form.getByLabel('30 days').isDisabled(), false, 'within the cap');
    await form.getByText('Tokens may last at most 30 days here.').waitFor();
    await form.getByLabel('Name', { exact: true }).fill('reporting script');
    await form.getByRole('group', { name: 'record' }).getByLabel('read').check();
    await form.getByLabel('Only the ones I choose').check();
    await form.getByLabel('Base Trials').check();
    await form.getByLabel('30 days').check();
    await shot('03-token-form');
    await form.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: 'Token “reporting script” created' }).waitFor();
    await page.getByText('cannot show it again').waitFor();
    await shot('04-token-secret');
    const secret = await copySecret();
    assert.match(secret, /^tess_pat_/);
    await closeDialog();

    const row = page.getByRole('row').filter({ hasText: 'reporting script' });
    await row.getByText('record: read').waitFor();
    await row.getByText('base Trials').waitFor();

    const records = `/api/table/${seeded.tableId}/record`;
    await expectStatus('read with the token', call(server, 'GET', records, bearer(secret)), 200);
    const refused = await expectStatus('write with the token', call(server, 'POST', records, { ...bearer(secret), body: { records: [{ fields: { Name: 'x' } }] } }), 403);
    assert.equal(refused.code, 'restricted_resource');
    await expectStatus('another base', call(server, 'GET', `/api/base/${seeded.baseId}`, bearer(secret)), 403);

    // lastUsedTime is written behind (within a second): the list shows the use once it is.
    const lastUsed = page.getByRole('row').filter({ hasText: 'reporting script' }).getByRole('cell').nth(5);
    for (let tries = 0; tries < 20 && (await lastUsed.innerText()) === 'never'; tries++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    assert.notEqual(await lastUsed.innerText(), 'never', 'the use shows as last used');
    await shot('05-tokens-list');

    // Edit: the token may now also read tables; its secret stays the same.
    await page.getByRole('button', { name: 'Edit reporting script' }).click();
    await page.getByRole('dialog').getByRole('group', { name: 'table' }).getByLabel('read').check();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'reporting script' }).getByText('table: read · record: read').waitFor();
    await expectStatus('a table read after the edit', call(server, 'GET', `/api/base/${seeded.baseId}/table/${seeded.tableId}`, bearer(secret)), 200);

    await page.getByRole('button', { name: 'Refresh reporting script' }).click();
    await page.getByText('stops working at once').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('heading', { name: 'New secret for “reporting script”' }).waitFor();
    await shot('06-token-refreshed');
    const fresh = await copySecret();
    assert.notEqual(fresh, secret);
    await closeDialog();
    await expectStatus('the old secret', call(server, 'GET', records, bearer(secret)), 401);
    await expectStatus('the new secret', call(server, 'GET', records, bearer(fresh)), 200);

    await page.getByRole('button', { name: 'Delete reporting script' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('You have no tokens yet.').waitFor();
    await expectStatus('the deleted token', call(server, 'GET', records, bearer(fresh)), 401);
  });

  it('makes a read-only AWX token in the same list, and deletes it', async () => {
    await page.getByRole('button', { name: 'New AWX token' }).click();
    await page.getByRole('dialog').getByLabel('Description').fill('ansible');
    await page.getByRole('dialog').getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: 'AWX token created' }).waitFor();
    const secret = await copySecret();
    await closeDialog();
    const row = page.getByRole('row').filter({ hasText: 'ansible' });
    await row.getByText('AWX', { exact: true }).waitFor();
    await row.getByText('read only').waitFor();
    await expectStatus('AWX read', call(server, 'GET', '/api/v2/me/', bearer(secret)), 200);
    await expectStatus('AWX write', call(server, 'POST', '/api/space', { ...bearer(secret), body: { name: 'nope' } }), 403);
    await page.getByRole('button', { name: 'Delete AWX token ansible' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('You have no tokens yet.').waitFor();
    await expectStatus('the deleted AWX token', call(server, 'GET', '/api/v2/me/', bearer(secret)), 401);
  });

  it("makes a base's read-only API token: it reads through a base access token, is refused a write, and dies when deleted", async () => {
    await page.getByRole('link', { name: 'Base access' }).click();
    await page.getByLabel('Base', { exact: true }).selectOption({ label: 'Research / Trials' });
    await page.getByRole('button', { name: 'New API token' }).click();
    await page.getByRole('dialog').getByLabel('App name').fill('dashboard');
    await page.getByRole('dialog').getByLabel('Read only (r)').check();
    await page.getByRole('dialog').getByRole('button', { name: 'Create API token' }).click();
    await page.getByRole('heading', { name: 'API token for “dashboard”' }).waitFor();
    const apiToken = await copySecret();
    await closeDialog();
    await page.getByRole('row').filter({ hasText: 'dashboard' }).getByText('read only (r)').waitFor();

    const access = await expectStatus('app access token', call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(apiToken)), 200);
    const data = `/dtable-server/api/v1/dtables/${seeded.uuid}`;
    await expectStatus('metadata', call(server, 'GET', `${data}/metadata/`, tokenAuth(access.access_token)), 200);
    await expectStatus('append', call(server, 'POST', `${data}/rows/`, { ...tokenAuth(access.access_token), body: { table_name: 'Patients', row: { Name: 'x' } } }), 403);

    await page.getByRole('button', { name: 'Delete API token dashboard' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('This base has no API tokens.').waitFor();
    await expectStatus('the deleted API token', call(server, 'GET', '/api/v2.1/dtable/app-access-token/', tokenAuth(apiToken)), 401);
    await expectStatus('its base access token', call(server, 'GET', `${data}/metadata/`, tokenAuth(access.access_token)), 401);
  });

  it('makes a share link: it reads, is refused a write, and stops working when deleted', async () => {
    await page.getByRole('button', { name: 'New share link' }).click();
    await page.getByRole('dialog').getByLabel(/Expires after/).fill('7');
    await page.getByRole('dialog').getByRole('button', { name: 'Create share link' }).click();
    await page.getByRole('heading', { name: 'Share link created' }).waitFor();
    const link = await copySecret();
    await closeDialog();
    const token = /\/dtable\/external-links\/([^/]+)\/$/.exec(link)?.[1];
    assert.ok(token, `a share link URL: ${link}`);
    await page.getByRole('row').filter({ hasText: 'read only' }).getByText('none').waitFor();
    await shot('07-base-access');

    const access = await expectStatus('share link access token', call(server, 'GET', `/api/v2.1/dtable/share-link-access-token/?token=${token}`), 200);
    const data = `/dtable-server/api/v1/dtables/${seeded.uuid}`;
    await expectStatus('metadata', call(server, 'GET', `${data}/metadata/`, tokenAuth(access.access_token)), 200);
    await expectStatus('append', call(server, 'POST', `${data}/rows/`, { ...tokenAuth(access.access_token), body: { table_name: 'Patients', row: { Name: 'x' } } }), 403);

    await page.getByRole('button', { name: /Delete share link/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('This base has no share links.').waitFor();
    const gone = await expectStatus('the deleted link', call(server, 'GET', `/api/v2.1/dtable/share-link-access-token/?token=${token}`), 403);
    assert.equal(typeof gone.error_msg, 'string');
    await expectStatus('its base access token', call(server, 'GET', `${data}/metadata/`, tokenAuth(access.access_token)), 401);
  });

  it('registers a plugin (secret shown once), installs it into a base, and deletes it', async () => {
    await page.getByRole('link', { name: 'Plugins' }).click();
    await page.getByRole('button', { name: 'Register a plugin' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Chart maker');
    await page.getByRole('dialog').getByRole('button', { name: 'Read only' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Plugin “Chart maker” registered' }).waitFor();
    const secret = await copySecret();
    assert.match(secret, /^tess_pls_/);
    await closeDialog();
    await page.getByRole('button', { name: 'Install Chart maker' }).click();
    await page.getByRole('dialog').getByLabel('Base', { exact: true }).selectOption({ label: 'Research / Trials' });
    await page.getByRole('dialog').getByRole('button', { name: 'Install' }).click();
    await page.getByText('“Chart maker” is installed in Trials.').waitFor();
    await shot('08-plugins');
    const plugins = await expectStatus('plugins', call(server, 'GET', '/api/plugin', { cookie: await browserCookie() }), 200);
    assert.equal(plugins.length, 1);
    await page.getByRole('button', { name: 'Delete Chart maker' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('You have registered no plugins.').waitFor();
  });

  it('works with the keyboard: a dialog opens with Enter and closes with Escape', async () => {
    await page.getByRole('link', { name: 'Tokens' }).click();
    // Enabled once the scope catalogue has loaded (a disabled button takes no focus).
    const button = page.getByRole('button', { name: 'New personal access token', disabled: false });
    await button.waitFor();
    await button.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    assert.equal(await page.evaluate<boolean>("document.activeElement?.closest('dialog') !== null"), true, 'focus moved into the dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('lists sessions and signs out another device; shows activity; reads on a phone-width screen', async () => {
    const other = await call(server, 'POST', '/api/auth/signin', { body: { email: EMAIL, password: PASSWORD }, headers: { 'user-agent': 'OtherDevice/1.0' } });
    const otherCookie = other.headers.get('set-cookie')!.split(';')[0]!;
    await page.getByRole('link', { name: 'Sessions' }).click();
    const row = page.getByRole('row').filter({ hasText: 'OtherDevice/1.0' });
    await page.getByText('this browser').waitFor();
    await shot('09-sessions');
    await row.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await row.waitFor({ state: 'detached' });
    await expectStatus('the other device', call(server, 'GET', '/api/auth/user', { cookie: otherCookie }), 401);

    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('cell', { name: 'Token created' }).first().waitFor();
    await page.getByRole('cell', { name: 'Signed out' }).first().waitFor();
    await shot('10-activity');

    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const [section, heading] of [['sessions', 'Sessions'], ['activity', 'Activity'], ['bases', 'Base access']] as const) {
      await phone.goto(`${server.url}/#/${section}`);
      await phone.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await phone.locator('table, .empty').first().waitFor();
      const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.ok(overflow <= 0, `no sideways scrolling at phone width on ${section} (overflow ${overflow}px)`);
      await shot(`11-phone-${section}`, phone);
    }
    await phone.close();
  });

  it('signs out, refuses a wrong password in words, and signs in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The email or the password is not right.').waitFor();
    await shot('12-sign-in-refused');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the person was (the address keeps the section).
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
  });
});

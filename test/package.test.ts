// `npm pack` makes a package that runs: the built server, the command line (its `tessera` bin)
// and the management page are in it, and nothing of the tests, sources or source maps. The
// package is unpacked and run with the repository's node_modules standing in for an install
// (which would fetch the same dependencies from the registry and compile better-sqlite3).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from './support/free-port.js';
import { startNode, type NodeProcess } from './support/process.js';

const root = path.resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the npm package', () => {
  let dir: string;
  let unpacked: string;
  let files: string[];
  before(() => {
    // npm test builds dist/ first (scripts/test.mjs); building here would race the page's tests.
    assert.ok(fs.existsSync(path.join(root, 'dist', 'main.js')) && fs.existsSync(path.join(root, 'dist', 'web', 'index.html')), 'build first: npm run build');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-pack-'));
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
    files = packed[0]!.files.map((f) => f.path);
    execFileSync('tar', ['-xzf', path.join(dir, packed[0]!.filename), '-C', dir]);
    unpacked = path.join(dir, 'package');
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(unpacked, 'node_modules'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds the server, the command line, the page and the deployment files, and no tests, sources or maps', () => {
    for (const wanted of ['package.json', 'README.md', 'Dockerfile', 'docs/deploy.md', 'dist/main.js', 'dist/cli.js', 'dist/server.js', 'dist/web/index.html', 'dist/client/index.js', 'dist/client/index.d.ts']) {
      assert.ok(files.includes(wanted), `${wanted} is in the package`);
    }
    assert.ok(files.some((f) => /^dist\/web\/assets\/.+\.js$/.test(f)), 'the page script');
    assert.deepEqual(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map') || (f.endsWith('.ts') && !f.startsWith('dist/client/'))), []);
    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
    assert.equal(manifest.bin?.tessera, 'dist/cli.js');
  });

  it('serves the API and the page from the unpacked package, and its command line migrates a store', async () => {
    const data = path.join(dir, 'data');
    const cli = spawnSync(process.execPath, [path.join(unpacked, 'dist', 'cli.js'), 'migrate', 'status'], { env: { ...process.env, TESSERA_DATA_DIR: data, DATABASE_URL: '' }, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /20261124T1900_audit_and_policies/);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server: NodeProcess | undefined;
    try {
      server = await startNode([path.join(unpacked, 'dist', 'main.js')], { PORT: String(port), HOST: '127.0.0.1', TESSERA_DATA_DIR: data, DATABASE_URL: '', LOG_LEVEL: 'warn' }, `${url}/readyz`);
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">/);
      const signup = await fetch(`${url}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'pack@example.com', password: 'passw0rd-pack' }) });
      assert.equal(signup.status, 201);
    } finally {
      await server?.stop();
    }
  });
});

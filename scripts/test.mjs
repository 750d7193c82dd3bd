// npm test: the whole suite on the embedded SQLite store, then again on PostgreSQL when
// TEST_DATABASE_URL is set. Each test file starts its own server on its own fresh store; the
// management page's tests (test/web/) drive Debian's Chromium. The reliability suite
// (test/reliability/) is left out: it runs under npm run test:reliability. The unit tests
// (test/unit/) touch no store, so they run in the first pass only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const reliability = path.join(root, 'test', 'reliability');
function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === reliability ? [] : testFiles(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(root, full)] : [];
  });
}
const files = (only.length > 0 ? only : testFiles(path.join(root, 'test'))).sort();

// The page's browser tests and the package test use the build (dist/, dist/web): build it first
// (about ten seconds), so that they never test a stale one.
if (files.some((file) => file.startsWith(path.join('test', 'web')) || file === path.join('test', 'package.test.ts'))) {
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const stores = ['sqlite'];
if (process.env.TEST_DATABASE_URL) stores.push('postgres');
else console.log('TEST_DATABASE_URL is not set: running on SQLite only');

let passed = 0;
let failed = 0;
const unit = path.join('test', 'unit') + path.sep;
for (const store of stores) {
  const run = store === stores[0] ? files : files.filter((file) => !file.startsWith(unit));
  if (run.length === 0) continue;
  console.log(`\n=== ${run.length} test files on ${store} ===`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...run],
    { cwd: root, env: { ...process.env, TESSERA_TEST_STORE: store }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  process.stdout.write(result.stdout);
  const count = (name) => Number(new RegExp(`^\\S+ ${name} (\\d+)$`, 'm').exec(result.stdout)?.[1] ?? 0);
  const storePassed = count('pass');
  const storeFailed = count('fail') + (result.status !== 0 && count('fail') === 0 ? 1 : 0);
  console.log(`${store}: ${storePassed} passed, ${storeFailed} failed`);
  passed += storePassed;
  failed += storeFailed;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

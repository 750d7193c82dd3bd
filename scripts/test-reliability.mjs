// npm run test:reliability: the reliability suite (test/reliability/: concurrency, kill -9 under
// write load, timing of digest comparison), kept out of npm test. On the embedded SQLite store,
// then again on PostgreSQL when TEST_DATABASE_URL is set; each file starts its own servers on fresh
// stores. Its files run one at a time, so that their loads do not overlap; each is bounded by a
// timeout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, 'test', 'reliability');
const only = process.argv.slice(2);
const files = (only.length > 0 ? only : fs.readdirSync(dir).filter((name) => name.endsWith('.test.ts')).map((name) => path.relative(root, path.join(dir, name)))).sort();

// Each test is bounded to the sustained load's length (load.test.ts: TESSERA_LOAD_SECONDS, 90 by
// default, and about a minute and a half around it) plus some room, and to 3 minutes at least.
const loadSeconds = Number(process.env.TESSERA_LOAD_SECONDS ?? 90);
const timeoutMs = Math.max(180, loadSeconds + 120) * 1000;

const stores = ['sqlite'];
if (process.env.TEST_DATABASE_URL) stores.push('postgres');
else console.log('TEST_DATABASE_URL is not set: running on SQLite only');

let passed = 0;
let failed = 0;
let todo = 0;
for (const store of stores) {
  console.log(`\n=== ${files.length} reliability test files on ${store} ===`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', `--test-timeout=${timeoutMs}`, '--test-reporter=spec', ...files],
    { cwd: root, env: { ...process.env, TESSERA_TEST_STORE: store }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  process.stdout.write(result.stdout);
  const count = (name) => Number(new RegExp(`^\\S+ ${name} (\\d+)$`, 'm').exec(result.stdout)?.[1] ?? 0);
  const storePassed = count('pass');
  const storeFailed = count('fail') + (result.status !== 0 && count('fail') === 0 ? 1 : 0);
  const storeTodo = count('todo');
  console.log(`${store}: ${storePassed} passed, ${storeFailed} failed, ${storeTodo} todo`);
  passed += storePassed;
  failed += storeFailed;
  todo += storeTodo;
}
console.log(`\n${passed} passed, ${failed} failed, ${todo} todo`);
process.exit(failed > 0 ? 1 : 0);

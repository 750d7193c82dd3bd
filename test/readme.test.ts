// The README's curl flow, run as written (bash, curl, jq, node) against a fresh server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startServer, type TestServer } from './support/server.js';

const run = promisify(execFile);

function flowScript(): string {
  const readme = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const block = /<!-- readme-flow:start -->\s*```sh\n([\s\S]*?)```\s*<!-- readme-flow:end -->/.exec(readme);
  assert.ok(block, 'the README has a readme-flow block');
  return block[1]!;
}

describe('the README curl flow', () => {
  let server: TestServer;
  let output: string;

  before(async () => {
    server = await startServer();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-readme-'));
    // A newline before each command, so that every answer stands on a line of its own.
    const script = `${flowScript().replace(/\n(?=curl|# )/g, '\necho;')}\necho`;
    const result = await run('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir,
      env: { ...process.env, T: server.url },
      timeout: 60_000,
    });
    output = result.stdout;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  after(() => server.close());

  it('signs up and reads the records with the token', () => {
    assert.match(output, /"email":"ann@example.com"/);
    assert.match(output, /"records":\[\{"id":"rec[0-9A-Za-z]+","fields":\{"Species":"Wren","Count":3\}/);
  });

  it('shows the write refused for want of record|create', () => {
    assert.match(output, /\{"message":"the token lacks the scope record\|create","status":403,"code":"restricted_resource"\}/);
  });

  it('refuses the secret replaced by a refresh, accepts the new one, then refuses it once deleted', () => {
    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    const invalid = lines.findIndex((l) => l.includes('"code":"token_invalid"'));
    assert.ok(invalid > 0, 'the old secret was refused');
    assert.match(lines[invalid + 1]!, /"name":"Ann"/);
    assert.match(lines[invalid + 2]!, /"code":"token_revoked"/);
  });

  it('lets a SeaTable client read the rows through the data server with a base access token', () => {
    assert.match(output, /\{"rows":\[\{"_id":"rec[0-9A-Za-z]+","_ctime":"[^"]+","_mtime":"[^"]+","Species":"Wren","Count":3\}/);
  });

  it("shows the token's refresh in the audit log, with no secret", () => {
    const line = output.split('\n').find((l) => l.startsWith('{"events"'));
    assert.ok(line, output);
    const answer = JSON.parse(line) as { events: { action: string; credentialKind: string }[]; total: number };
    assert.equal(answer.total, 1);
    assert.equal(answer.events[0]?.action, 'token.refresh');
    assert.equal(answer.events[0]?.credentialKind, 'personal_access_token');
    assert.doesNotMatch(line, /tess_/);
  });

  it('lets an AWX client make a read-only token that reads records and is refused a delete', () => {
    assert.match(output, /"token":"\*{12}"/);
    assert.match(output, /"description":"terraform"/);
    // Once in the answer that creates the records, once for each token that reads them (the
    // personal access token, the AWX token, SeaTable's base access token).
    assert.equal(output.match(/"Species":"Wren"/g)?.length, 4);
    assert.match(output, /"message":"a read-only token may only use GET, HEAD and OPTIONS","status":403/);
  });
});


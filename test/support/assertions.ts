// Assertions shared by the black-box tests.
import assert from 'node:assert/strict';
import type { Json, Reply } from './client.js';

/** The Teable family's error: exactly {message, status, code}, with this status and code. */
export function assertTeableError(reply: Reply<Json>, status: number, code: string, label = ''): void {
  assert.equal(reply.status, status, `${label} ${reply.text}`);
  assert.ok(reply.body && typeof reply.body === 'object', `${label} answered no JSON body: ${reply.text}`);
  assert.deepEqual(Object.keys(reply.body).sort(), ['code', 'message', 'status'], label);
  assert.equal(reply.body.status, status, label);
  assert.equal(reply.body.code, code, label);
  assert.equal(typeof reply.body.message, 'string', label);
}

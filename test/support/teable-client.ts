// Helpers for the tests that drive Teable's own npm client (@teable/openapi).
import assert from 'node:assert/strict';
import { HttpError } from '@teable/core';

/** Asserts that `promise` rejects with the client's HttpError of this status (and code). */
export async function rejectsWith(promise: Promise<unknown>, status: number, code?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof HttpError, `not the client's HttpError: ${String(error)}`);
    assert.equal(error.status, status, error.message);
    if (code !== undefined) assert.equal(error.code, code, error.message);
    assert.ok(error.message.length > 0, 'the client found no message in the error body');
    return true;
  });
}

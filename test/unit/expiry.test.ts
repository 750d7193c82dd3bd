import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../src/errors.js';
import { parseExpiry } from '../../src/tokens/expiry.js';

const now = new Date('2026-06-15T12:00:00Z');
const fails = (input: string, max = 366): string => {
  try {
    parseExpiry(input, now, max);
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'validation_error');
    return error.message;
  }
  assert.fail(`${input} was accepted`);
};

describe('parseExpiry', () => {
  it('reads a date as the end of that day in UTC', () => {
    assert.equal(parseExpiry('2026-06-20', now, 366).toISOString(), '2026-06-20T23:59:59.999Z');
  });

  it('reads date-times with Z, an offset, or no zone (UTC)', () => {
    assert.equal(parseExpiry('2026-06-20T10:00:00Z', now, 366).toISOString(), '2026-06-20T10:00:00.000Z');
    assert.equal(parseExpiry('2026-06-20T10:00:00+02:00', now, 366).toISOString(), '2026-06-20T08:00:00.000Z');
    assert.equal(parseExpiry('2026-06-20T10:00', now, 366).toISOString(), '2026-06-20T10:00:00.000Z');
  });

  it('accepts today (its end) but not a moment already past', () => {
    assert.equal(parseExpiry('2026-06-15', now, 366).toISOString(), '2026-06-15T23:59:59.999Z');
    assert.match(fails('2026-06-15T11:59:59Z'), /future/);
  });

  it('bounds the lifetime by the configured maximum, counted in whole days', () => {
    assert.equal(parseExpiry('2026-06-25', now, 10).toISOString(), '2026-06-25T23:59:59.999Z');
    assert.match(fails('2026-06-26', 10), /at most 10 days/);
  });

  it('refuses impossible dates and other text', () => {
    assert.match(fails('2026-02-30'), /valid date/);
    assert.match(fails('2026-13-01'), /valid date/);
    for (const input of ['soon', '20260620', '2026-06-20 10:00', '']) assert.match(fails(input), /^expiredTime:/);
  });
});

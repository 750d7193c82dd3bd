// ISO dates and times from clients: `expiredTime` (a date means the end of that day, UTC), in the
// future and within the maximum lifetime; and any other instant, such as the audit log's filters.
import { invalid } from '../errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;
const DAY_MS = 86_400_000;

/**
 * An ISO date or date-time (UTC when it names no offset), refusing days that do not exist
 * (Date.parse rolls 2026-02-30 over into March). A bare date means the start or the end of that
 * day, UTC.
 */
export function parseInstant(input: string, field: string, day: 'start' | 'end'): Date {
  let value: Date;
  let date: string;
  if (DATE.test(input)) {
    date = input;
    value = new Date(`${input}T${day === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`);
  } else {
    const match = DATE_TIME.exec(input);
    if (!match) throw invalid(field, 'must be an ISO date (2025-03-25) or date-time (2025-03-25T12:00:00Z)');
    date = match[1]!;
    value = new Date(match[4] ? input : `${input}Z`);
  }
  if (Number.isNaN(value.getTime()) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw invalid(field, 'is not a valid date');
  }
  return value;
}

export function parseExpiry(input: string, now: Date, maxDays: number, field = 'expiredTime'): Date {
  const value = parseInstant(input, field, 'end');
  if (value.getTime() <= now.getTime()) throw invalid(field, 'must be in the future');
  const latest = new Date(now.getTime() + maxDays * DAY_MS);
  latest.setUTCHours(23, 59, 59, 999);
  if (value.getTime() > latest.getTime()) throw invalid(field, `must be at most ${maxDays} days from now`);
  return value;
}

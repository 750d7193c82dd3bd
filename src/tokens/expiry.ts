// Parses `expiredTime`: an ISO date (meaning the end of that day, UTC) or date-time, in the
// future and within the configured maximum lifetime.
import { invalid } from '../errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;
const DAY_MS = 86_400_000;

export function parseExpiry(input: string, now: Date, maxDays: number, field = 'expiredTime'): Date {
  let value: Date;
  let day: string;
  if (DATE.test(input)) {
    day = input;
    value = new Date(`${input}T23:59:59.999Z`);
  } else {
    const match = DATE_TIME.exec(input);
    if (!match) throw invalid(field, 'must be an ISO date (2025-03-25) or date-time (2025-03-25T12:00:00Z)');
    day = match[1]!;
    value = new Date(match[4] ? input : `${input}Z`);
  }
  if (Number.isNaN(value.getTime()) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw invalid(field, 'is not a valid date');
  }
  if (value.getTime() <= now.getTime()) throw invalid(field, 'must be in the future');
  const latest = new Date(now.getTime() + maxDays * DAY_MS);
  latest.setUTCHours(23, 59, 59, 999);
  if (value.getTime() > latest.getTime()) throw invalid(field, `must be at most ${maxDays} days from now`);
  return value;
}

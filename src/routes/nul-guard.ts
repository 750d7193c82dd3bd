// A NUL character (U+0000) cannot be stored as text by PostgreSQL, and no name, id or value of
// Tessera's needs one: refuse it anywhere in a request's path, query or body, naming the field,
// before any handler runs, so both stores answer alike.
import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.js';
import { MAX_JSON_DEPTH } from './body-parsers.js';

/** The dotted path of the first string holding a NUL, or null. */
function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > MAX_JSON_DEPTH) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key.includes('\u0000')) return at;
    const found = findNul(item, at, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const field = findNul(request.params, '') ?? findNul(request.query, '') ?? findNul(request.body, '');
    done(field === null ? undefined : invalid(field || 'body', 'must not contain a NUL character'));
  });
}

// Body parsing as real clients need it: an empty body is accepted on any method whatever its
// content type (Teable's client labels body-less POSTs as form-encoded), forms are parsed, and
// anything else with a body is refused with 415. A body is at most 1 MiB (app.ts's bodyLimit: 413
// beyond), and JSON nests arrays and objects at most MAX_JSON_DEPTH deep (400 beyond, checked on
// the text before it is parsed, so that no code below ever recurses through an unbounded value).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../errors.js';
import { markHandedOn } from './error-handler.js';

/** How deep a JSON body may nest arrays and objects: no request of Tessera's needs more than a few levels. */
export const MAX_JSON_DEPTH = 64;

/** Whether JSON text nests arrays and objects deeper than `max`: one pass over the text, strings skipped. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const tooDeep = (): AppError => invalid('body', `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);

export function registerBodyParsers(app: FastifyInstance): void {
  // A Transfer-Encoding other than chunked is broken framing (RFC 9112 section 6.1): Node's parser
  // refuses it, but only after it has handed the request on. Refuse it before any handler runs, so
  // that a request answered 400 has done nothing.
  app.addHook('onRequest', (request, reply, done) => {
    const codings = request.headers['transfer-encoding'];
    if (codings === undefined) return done();
    markHandedOn(request, reply);
    done(/(^|,)\s*chunked\s*$/i.test(codings) ? undefined : invalid('transfer-encoding', 'must end with chunked, the only framing a request may use'));
  });
  // A missing body reads as an empty object, so a route's schema names the missing field.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined) request.body = {};
    done();
  });
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) {
      done(null, undefined);
      return;
    }
    if (nestsDeeperThan(body as string, MAX_JSON_DEPTH)) {
      done(tooDeep(), undefined);
      return;
    }
    void json(request, body as string, done);
  });
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    done(null, text === '' ? undefined : Object.fromEntries(new URLSearchParams(text)));
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    const type = request.headers['content-type'] ?? 'none';
    done(new AppError('unsupported_media_type', `content type ${type.slice(0, 100)} is not supported; send application/json`), undefined);
  });
}

const GET_BODY_LIMIT = 64 * 1024;

/**
 * A preValidation hook for the rare GET route that takes a body (seed 002 documents one): Fastify
 * does not parse GET bodies, so read the raw stream here, JSON or form, with a size limit.
 */
export async function readGetBody(request: FastifyRequest): Promise<void> {
  if (request.method !== 'GET') return;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > GET_BODY_LIMIT) throw new AppError('payload_too_large', 'the request body is too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return;
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    request.body = Object.fromEntries(new URLSearchParams(text));
    return;
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw tooDeep();
  try {
    request.body = JSON.parse(text) as unknown;
  } catch {
    throw new AppError('validation_error', 'body: is not valid JSON');
  }
}

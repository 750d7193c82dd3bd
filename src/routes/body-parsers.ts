// Body parsing as real clients need it: an empty body is accepted on any method whatever its
// content type (Teable's client labels body-less POSTs as form-encoded), forms are parsed, and
// anything else with a body is refused with 415.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export function registerBodyParsers(app: FastifyInstance): void {
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
  try {
    request.body = JSON.parse(text) as unknown;
  } catch {
    throw new AppError('validation_error', 'body: is not valid JSON');
  }
}

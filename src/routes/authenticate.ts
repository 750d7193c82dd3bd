// Request -> credential -> Principal. A bearer token in `Authorization` wins over the session
// cookie; each is verified by the one Authenticator.
import type { FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../errors.js';
import { SESSION_COOKIE } from './context.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export function authenticateRequest(authenticator: Authenticator, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = BEARER.exec(header);
    if (!match) return Promise.reject(new AppError('token_invalid', 'the Authorization header must be "Bearer <token>"'));
    return authenticator.verify(match[1]!, ['personalAccessToken']);
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie !== undefined && cookie !== '') return authenticator.verify(cookie, ['session']);
  return Promise.reject(new AppError('unauthorized', 'sign in, or send "Authorization: Bearer <token>"'));
}

// Request -> credential -> Principal. `Authorization` wins over the session cookie: a bearer token
// of any kind, or (where the family allows it, AWX's) HTTP Basic with email and password. Every
// token goes through the one Authenticator.
import type { FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticator.js';
import { personPrincipal, type Principal } from '../auth/principal.js';
import type { TokenKind } from '../crypto/token-format.js';
import { AppError } from '../errors.js';
import type { UserService } from '../users/user-service.js';
import { originOf } from './origin.js';
import { sessionCookieOf } from './cookies.js';

// `Token` is SeaTable's (and Django REST framework's) name for the same scheme.
const BEARER = /^(?:Bearer|Token)[ \t]+(\S+)[ \t]*$/i;
const BASIC = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i;
const BEARER_KINDS: readonly TokenKind[] = ['personalAccessToken', 'userPersonalToken', 'pluginAccessToken', 'accountToken', 'baseApiToken'];
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CredentialSources {
  readonly authenticator: Authenticator;
  readonly users: UserService;
}

/** The token of an `Authorization: Bearer <t>` (or `Token <t>`) header, or null. */
export function presentedToken(header: string | undefined): string | null {
  return header === undefined ? null : (BEARER.exec(header)?.[1] ?? null);
}

/** The user and password of an `Authorization: Basic` header, or null (also for no colon). */
export function basicPair(header: string | undefined): { user: string; password: string } | null {
  const match = header === undefined ? null : BASIC.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : null;
}

async function basic(sources: CredentialSources, request: FastifyRequest, pair: { user: string; password: string } | null): Promise<Principal> {
  const user = pair ? await sources.users.checkPassword(pair.user, pair.password, originOf(request)) : null;
  if (!user) throw new AppError('credentials_invalid', 'email or password is incorrect');
  return personPrincipal('password', user.id, user.id, null);
}

async function credentialOf(sources: CredentialSources, request: FastifyRequest, allowBasic: boolean): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const token = presentedToken(header);
    if (token !== null) return sources.authenticator.verify(token, BEARER_KINDS);
    if (allowBasic && BASIC.test(header)) return basic(sources, request, basicPair(header));
    throw new AppError('token_invalid', `the Authorization header must be "Bearer <token>"${allowBasic ? ' or Basic' : ''}`);
  }
  const cookie = sessionCookieOf(request);
  if (cookie !== undefined && cookie !== '') return sources.authenticator.verify(cookie, ['session']);
  throw new AppError('unauthorized', 'sign in, or send "Authorization: Bearer <token>"');
}

/** GET, HEAD and OPTIONS: all that a read-only credential may use. */
export function isReadingMethod(method: string): boolean {
  return READING_METHODS.has(method.toUpperCase());
}

/** A read-only credential may only use reading methods, anywhere in the API. */
export function assertMethodAllowed(principal: Principal, method: string): void {
  if (principal.readOnly && !isReadingMethod(method)) {
    throw new AppError('restricted_resource', 'a read-only token may only use GET, HEAD and OPTIONS');
  }
}

export async function authenticateRequest(sources: CredentialSources, request: FastifyRequest, options: { allowBasic: boolean }): Promise<Principal> {
  const principal = await credentialOf(sources, request, options.allowBasic);
  assertMethodAllowed(principal, request.method);
  return principal;
}

/** The base access token (JWT) of a data-server request, as `Token` or `Bearer`. */
export function bearerOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined) throw new AppError('unauthorized', 'Authentication credentials were not provided.');
  const token = presentedToken(header);
  if (token === null) throw new AppError('token_invalid', 'Invalid token');
  return token;
}

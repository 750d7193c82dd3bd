// The one place where errors become responses. Each wire family keeps the body its clients parse:
// Teable (/api/...): {"message", "status", "code"}; AWX (/api/v2/...): {"detail"} or
// {"field": ["problem"]}; SeaTable (/api2/, /api/v2.1/, the data server): {"error_msg"}, with
// {"detail"} for a failed authentication and {"field": ["problem"]} under /api2/.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redactSecrets } from '../logging.js';
import { isForeignKeyViolation, isSerializationFailure, isUniqueViolation } from '../db/store-errors.js';
import { AppError, ERROR_STATUS, invalid, type ErrorCode } from '../errors.js';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const path = (issue.instancePath ?? '').split('/').filter(Boolean);
  const missing = issue.params?.missingProperty;
  if (typeof missing === 'string') path.push(missing);
  return path.length > 0 ? path.join('.') : (context ?? 'body');
}

/** Maps anything thrown while handling a request to an AppError. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as Partial<FastifyError> & { validation?: ValidationIssue[] };
  if (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0) {
    const issue = fastifyError.validation[0]!;
    const problem = typeof issue.params?.missingProperty === 'string' ? 'is required' : (issue.message ?? 'is invalid');
    return invalid(fieldOf(issue, fastifyError.validationContext), problem);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'this content type is not supported; send application/json');
    case 'FST_ERR_BAD_URL':
      return new AppError('validation_error', 'path: is not a valid URL (check its percent-encoding)');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('validation_error', 'path: a parameter is too long');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('validation_error', 'body: is not valid JSON');
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new AppError('validation_error', 'body: is not valid JSON');
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((c) => ERROR_STATUS[c] === status) ?? 'validation_error';
    return new AppError(code, fastifyError.message ?? 'bad request');
  }
  if (isStoreUnavailable(error)) return new AppError('service_unavailable', 'the store is unavailable; try again shortly');
  if (isForeignKeyViolation(error) || isSerializationFailure(error)) {
    // Something this request refers to was deleted by another one meanwhile, or the store chose it
    // as the loser of two that could not both go on (serialization failure, deadlock).
    return new AppError('conflict', 'the resource changed while the request ran; try again');
  }
  if (isUniqueViolation(error)) {
    // A service checked that it did not exist yet, and a simultaneous request made it meanwhile.
    return new AppError('conflict', 'it exists already: a simultaneous request made it');
  }
  return new AppError('internal_server_error', 'internal server error');
}

/** What node-postgres says, without a code, when it loses or cannot get a connection, or a statement outlives its timeout. */
const LOST_CONNECTION = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout)/;

function isStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (code === undefined && error instanceof Error && LOST_CONNECTION.test(error.message)) return true;
  // 57014: a statement cancelled (statement_timeout); 25P03: a transaction left idle too long;
  // 53300: the server has no connection to spare.
  return (
    typeof code === 'string' &&
    (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'SQLITE_BUSY', 'SQLITE_LOCKED', '57P01', '57P03', '57014', '25P03', '53300'].includes(code) ||
      code.startsWith('08'))
  );
}

export type Family = 'teable' | 'awx' | 'seatable' | 'oauth';

export function familyOf(url: string): Family {
  if (/^\/oauth(\/|\?|$)/.test(url)) return 'oauth';
  if (/^\/(api2|api\/v2\.1|dtable-server|api-gateway)(\/|\?|$)/.test(url)) return 'seatable';
  return /^\/api\/v2(\/|\?|$)/.test(url) ? 'awx' : 'teable';
}

export function teableBody(error: AppError): { message: string; status: number; code: ErrorCode } {
  return { message: error.message, status: error.status, code: error.code };
}

/** Django REST framework's fixed wording, which AWX clients show as is. */
const AWX_DETAIL: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'Authentication credentials were not provided.',
  credentials_invalid: 'Invalid username/password.',
  token_invalid: 'Invalid token.',
  token_expired: 'Invalid token: it has expired.',
  token_revoked: 'Invalid token: it has been revoked.',
  restricted_resource: 'You do not have permission to perform this action.',
};

const throttled = (error: AppError): string => `Request was throttled. Expected available in ${error.retryAfter ?? 60} seconds.`;

const sentence = (text: string): string => {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
};

export function awxBody(error: AppError): Record<string, unknown> {
  if (error.code === 'validation_error' && error.invalidField) {
    return { [error.invalidField.field]: [sentence(error.invalidField.problem)] };
  }
  if (error.code === 'rate_limited') return { detail: throttled(error) };
  return { detail: AWX_DETAIL[error.code] ?? sentence(error.message) };
}

/** SeaTable's wording for failed authentication (seed 004) and refusals. */
const SEATABLE_DETAIL: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'Authentication credentials were not provided.',
  credentials_invalid: 'Invalid token',
  token_invalid: 'Invalid token',
  token_expired: 'Invalid token',
  token_revoked: 'Invalid token',
};

export function seatableBody(error: AppError, url: string): Record<string, unknown> {
  const detail = SEATABLE_DETAIL[error.code];
  if (detail !== undefined) return { detail };
  if (error.code === 'validation_error' && error.invalidField && url.startsWith('/api2/')) {
    return { [error.invalidField.field]: [sentence(error.invalidField.problem)] };
  }
  if (error.code === 'restricted_resource') return { error_msg: 'Permission denied.' };
  return { error_msg: error.message };
}

/** RFC 6749 section 5.2's error codes for the OAuth endpoints. */
const OAUTH_ERROR: Partial<Record<ErrorCode, string>> = {
  validation_error: 'invalid_request',
  unsupported_media_type: 'invalid_request',
  payload_too_large: 'invalid_request',
  headers_too_large: 'invalid_request',
  request_timeout: 'invalid_request',
  not_found: 'invalid_request',
  unauthorized: 'invalid_client',
  credentials_invalid: 'invalid_client',
  invalid_client: 'invalid_client',
  token_invalid: 'invalid_client',
  token_expired: 'invalid_client',
  token_revoked: 'invalid_client',
  restricted_resource: 'unauthorized_client',
  invalid_grant: 'invalid_grant',
  rate_limited: 'temporarily_unavailable',
  // The store is away for a while: worth trying again, unlike a server_error.
  service_unavailable: 'temporarily_unavailable',
};

export function oauthBody(error: AppError): Record<string, unknown> {
  return { error: OAUTH_ERROR[error.code] ?? 'server_error', error_description: error.message };
}

function familyBody(error: AppError, url: string): Record<string, unknown> {
  switch (familyOf(url)) {
    case 'oauth':
      return oauthBody(error);
    case 'awx':
      return awxBody(error);
    case 'seatable':
      return seatableBody(error, url);
    case 'teable':
      return teableBody(error);
  }
}

const BEARER_REQUEST = /^(bearer|token)\s/i;

/**
 * RFC 6750's challenge: a request without a credential gets `Bearer realm="tessera"`; a bearer
 * request refused with 401 gets error="invalid_token", with 403 error="insufficient_scope" (and the
 * scope it lacked). Null when no challenge applies.
 */
export function bearerChallenge(error: AppError, authorization: string | undefined): string | null {
  const realm = 'Bearer realm="tessera"';
  if (error.code === 'unauthorized') return realm;
  if (authorization === undefined || !BEARER_REQUEST.test(authorization)) return null;
  if (error.status === 401) return `${realm}, error="invalid_token"`;
  if (error.status === 403) return `${realm}, error="insufficient_scope"${error.requiredScope ? `, scope="${error.requiredScope}"` : ''}`;
  return null;
}

/** Answers with the error in the body of the request's family; a 5xx is logged with its cause. */
export function sendError(reply: FastifyReply, error: unknown): void {
  const mapped = toAppError(error);
  if (mapped.status >= 500) reply.log.error({ err: error, reqId: reply.request.id }, 'request failed');
  const challenge = bearerChallenge(mapped, reply.request.headers.authorization);
  if (challenge !== null) void reply.header('www-authenticate', challenge);
  if (mapped.retryAfter !== undefined) void reply.header('retry-after', String(mapped.retryAfter));
  void reply.code(mapped.status).send(redacted(familyBody(mapped, reply.request.url)));
}

/**
 * Each connection with a request that has a Transfer-Encoding, handed on and not yet answered in
 * full: the bytes it had written before it. Only such a request can have its framing break after
 * Node's parser handed it on (a non-chunked coding, a broken chunk), so only such a request is
 * marked, and the others cost nothing here.
 */
const handedOn = new WeakMap<object, number>();

/** Marks a request with a Transfer-Encoding until it is answered (see `answerClientError`). */
export function markHandedOn(request: FastifyRequest, reply: FastifyReply): void {
  const socket = request.raw.socket;
  handedOn.set(socket, socket.bytesWritten);
  reply.raw.once('finish', () => handedOn.delete(socket));
}

/** The request target at the start of what a client sent, or `/` when it cannot be read. */
function requestTarget(packet: unknown): string {
  const start = Buffer.isBuffer(packet) ? packet.subarray(0, 8192).toString('latin1') : '';
  return /^[A-Z]+ (\/\S*)/.exec(start)?.[1] ?? '/';
}

/**
 * A request Node's HTTP parser refused before Fastify saw it (a forbidden byte in a header, broken
 * framing, headers over the limit, a request too slow to arrive): answered in the family's body of
 * the path it named (Teable's when none can be read), and the connection closed, as Node does.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const mapped =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new AppError('headers_too_large', 'the request headers are too large')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new AppError('request_timeout', 'the request did not arrive in time')
        : new AppError('validation_error', 'the request is not valid HTTP (a header holds a forbidden character, or the framing is broken)');
  // The request was handed on before its framing broke, and has been answered already (refused by
  // the Transfer-Encoding check): let that answer reach the client, then close.
  const before = handedOn.get(socket);
  if (before !== undefined && socket.bytesWritten > before) {
    socket.end();
    return;
  }
  const body = JSON.stringify(redacted(familyBody(mapped, requestTarget(error.rawPacket))));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${mapped.status} ${STATUS_CODES[mapped.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/** An error body's texts, with any secret the caller sent (a token pasted into a name) cut out. */
function redacted(body: Record<string, unknown>): Record<string, unknown> {
  const clean = (value: unknown): unknown =>
    typeof value === 'string' ? redactSecrets(value) : Array.isArray(value) ? value.map(clean) : value;
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, clean(value)]));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, _request: FastifyRequest, reply: FastifyReply) => sendError(reply, error));
  app.setNotFoundHandler((request, reply) => {
    const message = familyOf(request.url) === 'teable' ? `no route for ${request.method} at this path` : 'Not found.';
    sendError(reply, new AppError('not_found', message));
  });
}

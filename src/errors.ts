// The closed set of error codes Tessera raises below the routes. Each family's edge maps them to
// its own wire body (see src/routes/error-handler.ts); nothing else invents a code.

export const ERROR_STATUS = {
  validation_error: 400,
  /** OAuth-style: the client (a plugin) failed to authenticate with its secret. */
  invalid_client: 400,
  /** OAuth-style: an authorization code or refresh token that is unknown, used, expired or foreign. */
  invalid_grant: 400,
  unauthorized: 401,
  credentials_invalid: 401,
  token_invalid: 401,
  token_expired: 401,
  token_revoked: 401,
  restricted_resource: 403,
  /** SeaTable's data server answers an expired base token with 403 "Token expired.", as its SDKs expect. */
  base_token_expired: 403,
  not_found: 404,
  /** Node's HTTP parser gave up waiting for the whole request (the server's request timeout). */
  request_timeout: 408,
  conflict: 409,
  unsupported_media_type: 415,
  rate_limited: 429,
  payload_too_large: 413,
  /** The request's headers exceed Node's limit (16 KiB). */
  headers_too_large: 431,
  service_unavailable: 503,
  internal_server_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For a validation error: the field at fault and what is wrong with it, apart. */
    readonly invalidField?: { readonly field: string; readonly problem: string },
    /** For a refusal for want of a scope: that scope (RFC 6750's `scope` in the challenge). */
    readonly requiredScope?: string,
    /** For a 429: seconds until the request may be tried again (Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);

export const invalid = (field: string, problem: string): AppError =>
  new AppError('validation_error', `${field}: ${problem}`, { field, problem });

// What every route file receives: the typed Fastify instance and the services.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Origin } from '../audit/audit-log.js';
import type { Action } from '../auth/actions.js';
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import type { BaseRow } from '../db/schema.js';
import type { Services } from '../services.js';
import type { AuthHook } from './credential-requirements.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface RouteContext {
  readonly config: Config;
  readonly services: Services;
  /**
   * An onRequest hook: verifies the request's credential before its body is even parsed, and
   * keeps the Principal for the handler; a missing or failing credential gets its 401 first.
   * Each of these hooks carries what it requires, which the OpenAPI document reads.
   */
  readonly authenticate: AuthHook;
  /**
   * The same, for a route that needs one action: a credential without that scope gets its 403
   * before the body is read. The service still checks the resource and the owner's role.
   */
  readonly requireScope: (action: Action) => AuthHook;
  /** The same, for a route that only a person (session or password, not a token) may use. */
  readonly requirePerson: AuthHook;
  /**
   * An onRequest hook for the data server: verifies the base access token (JWT) against the
   * `dtableUuid` path parameter and keeps its Principal and base for the handler.
   */
  readonly requireBaseToken: AuthHook;
  /** The base whose token `requireBaseToken` verified. */
  readonly baseOf: (request: FastifyRequest) => BaseRow;
  /** The Principal that `authenticate` verified for this request. */
  readonly principal: (request: FastifyRequest) => Principal;
  /** Where the request came from (address, user agent), for the audit log. */
  readonly origin: (request: FastifyRequest) => Origin;
}


// The RouteContext every route file receives: the services, and the hooks that turn a request's
// credential into a Principal (kept per request for the handler).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertScope } from '../auth/guard.js';
import { isPerson, type Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import type { BaseRow } from '../db/schema.js';
import type { Services } from '../services.js';
import { requirePerson } from '../tokens/access-token-service.js';
import { assertMethodAllowed, authenticateRequest, bearerOf } from './authenticate.js';
import type { RouteContext } from './context.js';
import { familyOf } from './error-handler.js';

const WARN_BEFORE_MS = 7 * 86_400_000;

/** A token that expires within 7 days says so on every answer: `Tessera-Token-Expiration`. */
function warnOfExpiry(principal: Principal, reply: FastifyReply): void {
  if (isPerson(principal) || principal.expiresAt === null) return;
  if (Date.parse(principal.expiresAt) - Date.now() <= WARN_BEFORE_MS) void reply.header('tessera-token-expiration', principal.expiresAt);
}

export function createRouteContext(config: Config, services: Services): RouteContext {
  const principals = new WeakMap<FastifyRequest, Principal>();
  const bases = new WeakMap<FastifyRequest, BaseRow>();
  const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<Principal> => {
    // HTTP Basic with a password is the AWX family's; the others take tokens and cookies only.
    const principal = await services.throttle.guard('failed_auth', request.ip, () =>
      authenticateRequest(services, request, { allowBasic: familyOf(request.url) === 'awx' }),
    );
    principals.set(request, principal);
    warnOfExpiry(principal, reply);
    return principal;
  };
  return {
    config,
    services,
    authenticate: async (request, reply) => void (await authenticate(request, reply)),
    requireScope: (action) => async (request, reply) => assertScope(await authenticate(request, reply), action),
    requirePerson: async (request, reply) => requirePerson(await authenticate(request, reply)),
    requireBaseToken: async (request) => {
      const uuid = (request.params as { dtableUuid?: string }).dtableUuid ?? '';
      const { principal, base } = await services.throttle.guard('failed_auth', request.ip, () =>
        services.baseTokenVerifier.verify(bearerOf(request), uuid),
      );
      assertMethodAllowed(principal, request.method);
      principals.set(request, principal);
      bases.set(request, base);
    },
    baseOf: (request) => {
      const base = bases.get(request);
      if (!base) throw new Error('route reads a base without the base-token hook');
      return base;
    },
    principal: (request) => {
      const principal = principals.get(request);
      if (!principal) throw new Error('route reads a principal without an authentication hook');
      return principal;
    },
  };
}

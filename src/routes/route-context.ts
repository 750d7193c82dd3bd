// The RouteContext every route file receives: the services, and the hooks that turn a request's
// credential into a Principal (kept per request for the handler).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Origin } from '../audit/audit-log.js';
import { CredentialRefused } from '../auth/authenticator.js';
import { assertScope } from '../auth/guard.js';
import { isPerson, type Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import type { BaseRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Services } from '../services.js';
import { requirePerson } from '../tokens/access-token-service.js';
import { assertMethodAllowed, authenticateRequest, bearerOf } from './authenticate.js';
import type { App, RouteContext } from './context.js';
import { requiring } from './credential-requirements.js';
import { familyOf } from './error-handler.js';
import { originOf } from './origin.js';

const WARN_BEFORE_MS = 7 * 86_400_000;

/** A token that expires within 7 days says so on every answer: `Tessera-Token-Expiration`. */
function warnOfExpiry(principal: Principal, reply: FastifyReply): void {
  if (isPerson(principal) || principal.expiresAt === null) return;
  if (Date.parse(principal.expiresAt) - Date.now() <= WARN_BEFORE_MS) void reply.header('tessera-token-expiration', principal.expiresAt);
}

/**
 * Audits a refused credential, coalesced per credential and address. A request with no credential
 * is not a failed authentication, and a wrong password was recorded where it was checked.
 */
function auditRefusal(services: Services, origin: Origin, error: unknown, fallbackKind: string): void {
  if (!(error instanceof AppError) || error.status !== 401 || error.code === 'unauthorized' || error.code === 'credentials_invalid') return;
  const refused = error instanceof CredentialRefused ? error : null;
  const kind = refused ? refused.credentialKind : fallbackKind;
  services.audit.failure(origin, {
    key: refused?.credentialId ?? kind ?? 'malformed',
    credentialId: refused?.credentialId ?? null,
    userId: refused?.userId ?? null,
    kind,
    reason: error.code,
  });
}

/** Where a request keeps what its authentication hook verified, for its handler. */
const PRINCIPAL = Symbol('principal');
const BASE = Symbol('base');
interface Verified {
  [PRINCIPAL]: Principal | null;
  [BASE]: BaseRow | null;
}
const keptOn = (request: FastifyRequest): Verified => request as unknown as Verified;

/**
 * The Principal and the base live on the request itself (declared on every request, so that its
 * shape stays fixed), not in a WeakMap keyed by it: every minor collection has to go through a
 * long-lived WeakMap's young keys, and with two such maps holding every request the server's
 * scavenges kept 860 KB alive each (115 KB without) and paused for 2.7 ms (1.2 ms without) under
 * the sustained-load test (docs/reliability.md, 2026-11-25).
 */
export function createRouteContext(app: App, config: Config, services: Services): RouteContext {
  app.decorateRequest(PRINCIPAL, null);
  app.decorateRequest(BASE, null);
  /** Runs a verification under the failed-authentication limit, counting its outcome and auditing a refusal. */
  const verifying = <T extends Principal | { principal: Principal }>(request: FastifyRequest, fallbackKind: string, verify: () => Promise<T>): Promise<T> =>
    services.throttle.guard('failed_auth', request.ip, async () => {
      try {
        const verified = await verify();
        services.metrics.verification('principal' in verified ? verified.principal.kind : verified.kind, 'ok');
        return verified;
      } catch (error) {
        if (error instanceof AppError) services.metrics.verification((error instanceof CredentialRefused ? error.credentialKind : null) ?? fallbackKind, error.code);
        auditRefusal(services, originOf(request), error, fallbackKind);
        throw error;
      }
    });
  const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<Principal> => {
    // HTTP Basic with a password is the AWX family's; the others take tokens and cookies only.
    const principal = await verifying(request, 'malformed', () => authenticateRequest(services, request, { allowBasic: familyOf(request.url) === 'awx' }));
    keptOn(request)[PRINCIPAL] = principal;
    warnOfExpiry(principal, reply);
    return principal;
  };
  return {
    config,
    services,
    authenticate: requiring(async (request, reply) => void (await authenticate(request, reply)), { credential: 'any' }),
    requireScope: (action) => requiring(async (request, reply) => assertScope(await authenticate(request, reply), action), { credential: 'scope', action }),
    requirePerson: requiring(async (request, reply) => requirePerson(await authenticate(request, reply)), { credential: 'person' }),
    requireBaseToken: requiring(async (request) => {
      const uuid = (request.params as { dtableUuid?: string }).dtableUuid ?? '';
      const { principal, base } = await verifying(request, 'base_access_token', () => services.baseTokenVerifier.verify(bearerOf(request), uuid));
      assertMethodAllowed(principal, request.method);
      const kept = keptOn(request);
      kept[PRINCIPAL] = principal;
      kept[BASE] = base;
    }, { credential: 'base_token' }),
    baseOf: (request) => {
      const base = keptOn(request)[BASE];
      if (!base) throw new Error('route reads a base without the base-token hook');
      return base;
    },
    origin: originOf,
    principal: (request) => {
      const principal = keptOn(request)[PRINCIPAL];
      if (!principal) throw new Error('route reads a principal without an authentication hook');
      return principal;
    },
  };
}

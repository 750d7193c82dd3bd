// buildApp(config, store) -> a Fastify instance with every route; the server and the tests build
// it the same way.
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Principal } from './auth/principal.js';
import type { Config } from './config.js';
import type { Store } from './db/database.js';
import { assertMethodAllowed, authenticateRequest, bearerOf } from './routes/authenticate.js';
import type { BaseRow } from './db/schema.js';
import { registerBodyParsers } from './routes/body-parsers.js';
import type { App, RouteContext } from './routes/context.js';
import { familyOf, registerErrorHandling, sendError } from './routes/error-handler.js';
import { registerNulGuard } from './routes/nul-guard.js';
import { registerRoutes } from './routes/index.js';
import { validatorCompiler } from './routes/validator.js';
import { createServices } from './services.js';
import { assertScope } from './auth/guard.js';
import { requirePerson } from './tokens/access-token-service.js';

/** Log paths that may carry a secret; the logger writes "[redacted]" instead. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.token',
  '*.secret',
  '*.password',
];

export interface AppOptions {
  /** Where log lines go (default: standard output); the tests read them to look for secrets. */
  logStream?: { write(line: string): void };
}

export function buildApp(config: Config, store: Store, options: AppOptions = {}): App {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    // Errors the router raises itself (a broken percent-encoding, an over-long parameter) are
    // answered like any other, in the family's body.
    frameworkErrors: (error, _request, reply) => sendError(reply as FastifyReply, error),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  registerBodyParsers(app);
  registerNulGuard(app);
  registerErrorHandling(app);
  void app.register(cookie);

  const services = createServices(store, config, (error) => app.log.error({ err: error }, 'write-behind failed'));
  const principals = new WeakMap<FastifyRequest, Principal>();
  const bases = new WeakMap<FastifyRequest, BaseRow>();
  const authenticate = async (request: FastifyRequest): Promise<Principal> => {
    const principal = await authenticateRequest(services, request, { allowBasic: familyOf(request.url) === 'awx' });
    principals.set(request, principal);
    return principal;
  };
  const context: RouteContext = {
    config,
    services,
    authenticate: async (request) => void (await authenticate(request)),
    requireScope: (action) => async (request) => assertScope(await authenticate(request), action),
    requirePerson: async (request) => requirePerson(await authenticate(request)),
    requireBaseToken: async (request) => {
      const uuid = (request.params as { dtableUuid?: string }).dtableUuid ?? '';
      const { principal, base } = await services.baseTokenVerifier.verify(bearerOf(request), uuid);
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
  void app.register((instance, _options, done) => {
    registerRoutes(instance, context);
    done();
  });

  app.addHook('onReady', () => {
    services.lastUsed.start();
    return Promise.resolve();
  });
  app.addHook('onClose', () => services.lastUsed.stop());
  return app;
}

// buildApp(config, store) -> a Fastify instance with every route; the server and the tests build
// it the same way.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { Config } from './config.js';
import type { Store } from './db/database.js';
import { REDACTED_LOG_PATHS, requestSerializer } from './logging.js';
import { registerBodyParsers } from './routes/body-parsers.js';
import type { App } from './routes/context.js';
import { answerClientError, registerErrorHandling, sendError } from './routes/error-handler.js';
import { registerRoutes } from './routes/index.js';
import { registerNulGuard } from './routes/nul-guard.js';
import { registerOpenApi } from './routes/openapi.js';
import { createRouteContext } from './routes/route-context.js';
import { validatorCompiler } from './routes/validator.js';
import { registerWebPage } from './routes/web.js';
import { createServices } from './services.js';

const REQUEST_LINE_LEVELS = new Set<Config['logLevel']>(['info', 'debug', 'trace']);

export interface AppOptions {
  /** Where log lines go (default: standard output); the tests read them to look for secrets. */
  logStream?: { write(line: string): void };
}

export function buildApp(config: Config, store: Store, options: AppOptions = {}): App {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      serializers: { req: requestSerializer },
      ...(options.logStream ? { stream: options.logStream } : config.logPretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
    },
    // One line per request, written when it completes (below), instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    // Errors the router raises itself (a broken percent-encoding, an over-long parameter) are
    // answered like any other, in the family's body (and logged here: no hook sees them).
    // And so are the requests Node's HTTP parser refuses (a NUL in a header, headers over 16 KiB).
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, request, reply) => {
      sendError(reply, error);
      if (REQUEST_LINE_LEVELS.has(config.logLevel)) request.log.info({ req: request, res: reply }, 'request completed');
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Below info nothing is logged per request, so no request gets a child logger of its own (it
  // cost a fifth of a bare server's throughput); errors name their request id themselves.
  const requestLines = REQUEST_LINE_LEVELS.has(config.logLevel);
  app.setChildLoggerFactory((logger, bindings, options) => (requestLines ? logger.child(bindings, options) : logger));
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  registerBodyParsers(app);
  registerNulGuard(app);

  const services = createServices(store, config, (error) => app.log.error({ err: error }, 'a background write failed'));
  const context = createRouteContext(app, config, services);
  // The store's latency, and each request by route and status, for GET /metrics; at info and
  // finer levels, the request's one log line. One hook, one read of the clock.
  store.observeQueries((event) => services.metrics.query(event.queryDurationMillis / 1000));
  app.addHook('onResponse', (request, reply, done) => {
    const elapsedMs = reply.elapsedTime;
    services.metrics.request(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, elapsedMs / 1000);
    if (requestLines) request.log.info({ req: request, res: reply, responseTime: Math.round(elapsedMs * 10) / 10 }, 'request completed');
    done();
  });
  // Before the routes: the document collects them as they are registered.
  registerOpenApi(app);
  void app.register((instance, _options, done) => {
    registerRoutes(instance, context);
    done();
  });
  registerWebPage(app);

  app.addHook('onReady', async () => {
    services.metrics.start();
    services.lastUsed.start();
    services.audit.start();
    await services.invalidation.start();
  });
  app.addHook('preClose', (done) => {
    services.readiness.markStopping();
    done();
  });
  app.addHook('onClose', async () => {
    await services.invalidation.stop();
    await services.audit.stop();
    await services.lastUsed.stop();
    await services.throttle.close();
    services.metrics.stop();
  });
  return app;
}

// GET /metrics: Prometheus text format. Open unless TESSERA_METRICS_TOKEN is set; then only with
// `Authorization: Bearer <that token>` (compared in constant time).
import { Type } from '@sinclair/typebox';
import { digestSecret, secretMatches } from '../../crypto/digest.js';
import { AppError } from '../../errors.js';
import { presentedToken } from '../authenticate.js';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  const expected = ctx.config.metricsToken === null ? null : digestSecret(ctx.config.metricsToken);
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics',
        description: 'Open unless TESSERA_METRICS_TOKEN is set; then only with `Authorization: Bearer <that token>`.',
        tags: [TAGS.operations.name],
        security: [{}, { metricsToken: [] }],
        response: {
          200: { description: 'The Prometheus text exposition format', content: { 'text/plain': { schema: Type.String() } } },
          401: ref(TeableError, 'TESSERA_METRICS_TOKEN is set and was not presented'),
        },
      },
    },
    async (request, reply) => {
      if (expected !== null) {
        const presented = presentedToken(request.headers.authorization);
        if (presented === null || !secretMatches(presented, expected)) throw new AppError('unauthorized', 'the metrics need "Authorization: Bearer <TESSERA_METRICS_TOKEN>"');
      }
      const text = await ctx.services.metrics.render();
      return reply.header('content-type', ctx.services.metrics.contentType).send(text);
    },
  );
}

// GET /readyz: 200 {status: "ready"} when the store answers and its migrations are current; 503
// {status: "unavailable", reason} otherwise, and from the moment a shutdown begins.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS } from '../shared-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: the store answers and its migrations are current',
        tags: [TAGS.operations.name],
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ready') }),
          503: Type.Object({ status: Type.Literal('unavailable'), reason: Type.String() }, { description: 'Not ready, or shutting down' }),
        },
      },
    },
    async (_request, reply) => {
      const state = await ctx.services.readiness.check();
      return state.ready ? { status: 'ready' as const } : reply.code(503).send({ status: 'unavailable', reason: state.reason });
    },
  );
}

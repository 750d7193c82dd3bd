// DELETE /api/base/{baseId}: deletes the base, its tables and records (needs base|delete).
import type { App, RouteContext } from '../context.js';
import { BaseParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete('/api/base/:baseId', { onRequest: ctx.requireScope('base|delete'), schema: { params: BaseParams } }, async (request, reply) => {
    await ctx.services.bases.delete(ctx.principal(request), request.params.baseId);
    return reply.code(200).send();
  });
}

// DELETE /api/space/{spaceId}: deletes the space and everything in it (needs space|delete).
import type { App, RouteContext } from '../context.js';
import { SpaceParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete('/api/space/:spaceId', { onRequest: ctx.requireScope('space|delete'), schema: { params: SpaceParams } }, async (request, reply) => {
    await ctx.services.spaces.delete(ctx.principal(request), request.params.spaceId);
    return reply.code(200).send();
  });
}

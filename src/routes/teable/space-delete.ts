// DELETE /api/space/{spaceId}: deletes the space and everything in it (needs space|delete).
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { SpaceParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/space/:spaceId',
    {
      onRequest: ctx.requireScope('space|delete'),
      schema: { summary: 'Delete a space and everything in it', tags: [TAGS.teable.name], params: SpaceParams, response: { 200: NoBody('Deleted'), 404: ref(TeableError, 'No such space') } },
    },
    async (request, reply) => {
      await ctx.services.spaces.delete(ctx.principal(request), request.params.spaceId);
      return reply.code(200).send();
    },
  );
}

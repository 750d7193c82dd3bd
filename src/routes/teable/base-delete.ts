// DELETE /api/base/{baseId}: deletes the base, its tables and records (needs base|delete).
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { BaseParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/base/:baseId',
    {
      onRequest: ctx.requireScope('base|delete'),
      schema: { summary: 'Delete a base with its tables and records', tags: [TAGS.teable.name], params: BaseParams, response: { 200: NoBody('Deleted'), 404: ref(TeableError, 'No such base') } },
    },
    async (request, reply) => {
      await ctx.services.bases.delete(ctx.principal(request), request.params.baseId);
      return reply.code(200).send();
    },
  );
}

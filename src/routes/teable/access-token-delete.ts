// DELETE /api/access-token/{id}: revokes the token at once.
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { IdParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/access-token/:id',
    {
      onRequest: ctx.requirePerson,
      schema: { summary: 'Delete (revoke) a personal access token', tags: [TAGS.teable.name], params: IdParams, response: { 200: NoBody('Revoked: the token is refused from now on'), 404: ref(TeableError, 'No such token of yours') } },
    },
    async (request, reply) => {
      await ctx.services.accessTokens.delete(ctx.principal(request), request.params.id, ctx.origin(request));
      return reply.code(200).send();
    },
  );
}

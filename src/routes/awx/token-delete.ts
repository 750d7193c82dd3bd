// DELETE /api/v2/tokens/{id}/: revokes the token at once; 204 as AWX answers.
import type { App, RouteContext } from '../context.js';
import { AwxError, NoBody, TAGS, ref } from '../shared-schemas.js';
import { IdParams, integerId } from './ids.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/v2/tokens/:id/',
    {
      onRequest: ctx.requirePerson,
      schema: { summary: 'Delete (revoke) a personal token', tags: [TAGS.awx.name], params: IdParams, response: { 204: NoBody('Revoked: refused from now on'), 404: ref(AwxError, 'No such token') } },
    },
    async (request, reply) => {
      await ctx.services.personalTokens.delete(ctx.principal(request), integerId(request.params.id), ctx.origin(request));
      return reply.code(204).send();
    },
  );
}

// DELETE /api/admin/tokens/{id} (an instance admin): revokes any user's token at once.
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { IdParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/admin/tokens/:id',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "Revoke anyone's token",
        description: 'The instance admin only.',
        tags: [TAGS.admin.name],
        params: IdParams,
        response: { 200: NoBody('Revoked at once'), 404: ref(TeableError, 'No such live token') },
      },
    },
    async (request, reply) => {
      await ctx.services.adminTokens.revoke(ctx.principal(request), request.params.id, ctx.origin(request));
      return reply.code(200).send();
    },
  );
}

// DELETE /api/auth/sessions/{id}: signs the caller out of one of their sessions or account tokens
// (another device, say) at once; the base access tokens obtained with it die with it.
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { IdParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/auth/sessions/:id',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "Sign out one of one's sessions or account tokens",
        tags: [TAGS.teable.name],
        params: IdParams,
        response: { 200: NoBody('Signed out at once'), 404: ref(TeableError, 'No such session of yours') },
      },
    },
    async (request, reply) => {
      await ctx.services.sessions.revokeOwn(ctx.principal(request), request.params.id, ctx.origin(request));
      return reply.code(200).send();
    },
  );
}

// DELETE /api/access-token/{id}: revokes the token at once.
import type { App, RouteContext } from '../context.js';
import { IdParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete('/api/access-token/:id', { onRequest: ctx.requirePerson, schema: { params: IdParams } }, async (request, reply) => {
    await ctx.services.accessTokens.delete(ctx.principal(request), request.params.id, ctx.origin(request));
    return reply.code(200).send();
  });
}

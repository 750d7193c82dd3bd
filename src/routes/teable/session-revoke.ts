// DELETE /api/auth/sessions/{id}: signs the caller out of one of their sessions or account tokens
// (another device, say) at once; the base access tokens obtained with it die with it.
import type { App, RouteContext } from '../context.js';
import { IdParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete('/api/auth/sessions/:id', { onRequest: ctx.requirePerson, schema: { params: IdParams } }, async (request, reply) => {
    await ctx.services.sessions.revokeOwn(ctx.principal(request), request.params.id, ctx.origin(request));
    return reply.code(200).send();
  });
}

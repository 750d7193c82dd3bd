// GET /api/access-token: the caller's live tokens, newest first, without secrets.
import type { App, RouteContext } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/access-token', { onRequest: ctx.requirePerson }, async (request) => ctx.services.accessTokens.list(ctx.principal(request)));
}

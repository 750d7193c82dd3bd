// GET /api/space: the caller's spaces that the credential may see.
import type { App, RouteContext } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/space', { onRequest: ctx.authenticate }, async (request) => ctx.services.spaces.list(ctx.principal(request)));
}

// GET /api/access-token/{id} (seed 001): the token's fields, without its secret.
import type { App, RouteContext } from '../context.js';
import { IdParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/access-token/:id', { onRequest: ctx.requirePerson, schema: { params: IdParams } }, async (request) =>
    ctx.services.accessTokens.get(ctx.principal(request), request.params.id),
  );
}

// GET /api/v2/tokens/{id}/: one token, its secret masked.
import type { App, RouteContext } from '../context.js';
import { IdParams, integerId } from './ids.js';
import { tokenView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/v2/tokens/:id/', { onRequest: ctx.requirePerson, schema: { params: IdParams } }, async (request) => {
    const { row, owner } = await ctx.services.personalTokens.get(ctx.principal(request), integerId(request.params.id));
    return tokenView(row, owner);
  });
}

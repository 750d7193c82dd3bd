// PATCH /api/v2/tokens/{id}/ {description?, scope?}: changes take effect at once.
import type { App, RouteContext } from '../context.js';
import { IdParams, integerId } from './ids.js';
import { TokenBody } from './token-schemas.js';
import { tokenView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.patch('/api/v2/tokens/:id/', { onRequest: ctx.requirePerson, schema: { params: IdParams, body: TokenBody } }, async (request) => {
    const { row, owner } = await ctx.services.personalTokens.update(ctx.principal(request), integerId(request.params.id), request.body, ctx.origin(request));
    return tokenView(row, owner);
  });
}

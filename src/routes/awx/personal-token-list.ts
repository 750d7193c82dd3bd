// GET /api/v2/users/{id}/personal_tokens/: one user's tokens, paginated, secrets masked.
import type { App, RouteContext } from '../context.js';
import { IdParams, integerId } from './ids.js';
import { PageQuery, pageBody, pageRequest } from './pagination.js';
import { tokenView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/v2/users/:id/personal_tokens/', { onRequest: ctx.requirePerson, schema: { params: IdParams, querystring: PageQuery } }, async (request) => {
    const at = pageRequest(request.query);
    const page = await ctx.services.personalTokens.listForUser(ctx.principal(request), integerId(request.params.id), at.offset, at.size);
    return pageBody(request, at, page.total, page.items.map((t) => tokenView(t.row, t.owner)));
  });
}

// GET /api/v2/tokens/: the caller's tokens (an instance admin's: everyone's), paginated, masked.
import type { App, RouteContext } from '../context.js';
import { PageQuery, pageBody, pageRequest } from './pagination.js';
import { tokenView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/v2/tokens/', { onRequest: ctx.requirePerson, schema: { querystring: PageQuery } }, async (request) => {
    const at = pageRequest(request.query);
    const page = await ctx.services.personalTokens.list(ctx.principal(request), at.offset, at.size);
    return pageBody(request, at, page.total, page.items.map((t) => tokenView(t.row, t.owner)));
  });
}

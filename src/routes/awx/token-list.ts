// GET /api/v2/tokens/: the caller's tokens (an instance admin's: everyone's), paginated, masked.
import type { App, RouteContext } from '../context.js';
import { AwxError, AwxToken, TAGS, awxPage, ref } from '../shared-schemas.js';
import { PageQuery, pageBody, pageRequest } from './pagination.js';
import { tokenView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2/tokens/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "List one's personal tokens (the instance admin: everyone's)",
        tags: [TAGS.awx.name],
        querystring: PageQuery,
        response: { 200: awxPage(ref(AwxToken)), 404: ref(AwxError, 'A page past the end') },
      },
    },
    async (request) => {
      const at = pageRequest(request.query);
      const page = await ctx.services.personalTokens.list(ctx.principal(request), at.offset, at.size);
      return pageBody(request, at, page.total, page.items.map((t) => tokenView(t.row, t.owner)));
    },
  );
}

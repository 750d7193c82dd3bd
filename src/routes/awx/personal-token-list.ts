// GET /api/v2/users/{id}/personal_tokens/: one user's tokens, paginated, secrets masked.
import type { App, RouteContext } from '../context.js';
import { AwxError, AwxToken, TAGS, awxPage, ref } from '../shared-schemas.js';
import { IdParams, integerId } from './ids.js';
import { PageQuery, pageBody, pageRequest } from './pagination.js';
import { tokenView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2/users/:id/personal_tokens/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "List a user's personal tokens (secrets masked)",
        tags: [TAGS.awx.name],
        params: IdParams,
        querystring: PageQuery,
        response: { 200: awxPage(ref(AwxToken)), 404: ref(AwxError, 'No such user, or a page past the end') },
      },
    },
    async (request) => {
      const at = pageRequest(request.query);
      const page = await ctx.services.personalTokens.listForUser(ctx.principal(request), integerId(request.params.id), at.offset, at.size);
      return pageBody(request, at, page.total, page.items.map((t) => tokenView(t.row, t.owner)));
    },
  );
}

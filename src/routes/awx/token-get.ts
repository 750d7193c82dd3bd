// GET /api/v2/tokens/{id}/: one token, its secret masked.
import type { App, RouteContext } from '../context.js';
import { AwxError, AwxToken, TAGS, ref } from '../shared-schemas.js';
import { IdParams, integerId } from './ids.js';
import { tokenView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2/tokens/:id/',
    {
      onRequest: ctx.requirePerson,
      schema: { summary: 'Get a personal token (secret masked)', tags: [TAGS.awx.name], params: IdParams, response: { 200: ref(AwxToken), 404: ref(AwxError, 'No such token') } },
    },
    async (request) => {
      const { row, owner } = await ctx.services.personalTokens.get(ctx.principal(request), integerId(request.params.id));
      return tokenView(row, owner);
    },
  );
}

// PATCH /api/v2/tokens/{id}/ {description?, scope?}: changes take effect at once.
import type { App, RouteContext } from '../context.js';
import { AwxError, AwxToken, TAGS, ref } from '../shared-schemas.js';
import { IdParams, integerId } from './ids.js';
import { TokenBody } from './token-schemas.js';
import { tokenView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.patch(
    '/api/v2/tokens/:id/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "Change a personal token's description or scope",
        tags: [TAGS.awx.name],
        params: IdParams,
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        body: TokenBody,
        response: { 200: ref(AwxToken, 'The token as changed (secret masked); the change applies at once'), 404: ref(AwxError, 'No such token') },
      },
    },
    async (request) => {
      const { row, owner } = await ctx.services.personalTokens.update(ctx.principal(request), integerId(request.params.id), request.body, ctx.origin(request));
      return tokenView(row, owner);
    },
  );
}

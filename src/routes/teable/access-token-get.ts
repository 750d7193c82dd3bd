// GET /api/access-token/{id} (seed 001): the token's fields, without its secret.
import type { App, RouteContext } from '../context.js';
import { AccessToken, TAGS, TeableError, ref } from '../shared-schemas.js';
import { IdParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/access-token/:id',
    {
      onRequest: ctx.requirePerson,
      schema: { summary: 'Get a personal access token', tags: [TAGS.teable.name], params: IdParams, response: { 200: ref(AccessToken), 404: ref(TeableError, 'No such token of yours') } },
    },
    async (request) => ctx.services.accessTokens.get(ctx.principal(request), request.params.id),
  );
}

// POST /api/v2/users/{id}/personal_tokens/ {description?, scope?}: 201 with the secret, shown once.
import type { App, RouteContext } from '../context.js';
import { IdParams, integerId } from './ids.js';
import { TokenBody } from './token-schemas.js';
import { tokenView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/v2/users/:id/personal_tokens/', { onRequest: ctx.requirePerson, schema: { params: IdParams, body: TokenBody } }, async (request, reply) => {
    const { row, owner, token } = await ctx.services.personalTokens.create(ctx.principal(request), integerId(request.params.id), request.body, ctx.origin(request));
    return reply.code(201).send(tokenView(row, owner, token));
  });
}

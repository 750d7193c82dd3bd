// POST /api/v2/users/{id}/personal_tokens/ {description?, scope?}: 201 with the secret, shown once.
import type { App, RouteContext } from '../context.js';
import { AwxError, AwxToken, TAGS, ref } from '../shared-schemas.js';
import { IdParams, integerId } from './ids.js';
import { TokenBody } from './token-schemas.js';
import { tokenView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/v2/users/:id/personal_tokens/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: 'Create a user personal token',
        description: "For oneself; the instance admin may create one for anyone (it is then that user's). Expires TESSERA_PERSONAL_TOKEN_DAYS after creation.",
        tags: [TAGS.awx.name],
        params: IdParams,
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        body: TokenBody,
        response: { 201: ref(AwxToken, 'The token, with its secret (`token`) shown this once'), 404: ref(AwxError, 'No such user') },
      },
    },
    async (request, reply) => {
      const { row, owner, token } = await ctx.services.personalTokens.create(ctx.principal(request), integerId(request.params.id), request.body, ctx.origin(request));
      return reply.code(201).send(tokenView(row, owner, token));
    },
  );
}

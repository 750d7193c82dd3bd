// POST /api/v2.1/workspace/{id}/dtable/{name}/api-tokens/ {app_name, permission}: 201 with the
// secret (`api_token`), shown once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { ApiToken, SeatableError, TAGS, ref } from '../shared-schemas.js';
import { BasePathParams } from './base-params.js';

const Body = Type.Object(
  { app_name: Type.String({ maxLength: 1000, description: 'Unique within the base' }), permission: Type.String({ maxLength: 10, description: '`r` or `rw`' }) },
  { examples: [{ app_name: 'importer', permission: 'rw' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "Create a base's API token",
        description: 'By the owner or an editor of the base.',
        tags: [TAGS.seatable.name],
        params: BasePathParams,
        body: Body,
        response: {
          201: ref(ApiToken, 'The token, with its secret (`api_token`) shown this once'),
          404: ref(SeatableError, 'No such workspace or base'),
          409: ref(SeatableError, 'An API token of that name exists on the base'),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId, dtableName } = request.params;
      return reply.code(201).send(await ctx.services.apiTokens.create(ctx.principal(request), workspaceId, dtableName, request.body, ctx.origin(request)));
    },
  );
}

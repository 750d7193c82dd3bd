// GET /api/v2.1/workspace/{id}/dtable/{name}/api-tokens/: {api_tokens: [...]}, without secrets.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { ApiToken, SeatableError, TAGS, ref } from '../shared-schemas.js';
import { BasePathParams } from './base-params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "List a base's API tokens (no secrets)",
        tags: [TAGS.seatable.name],
        params: BasePathParams,
        response: { 200: Type.Object({ api_tokens: Type.Array(ref(ApiToken)) }), 404: ref(SeatableError, 'No such workspace or base') },
      },
    },
    async (request) => ({
      api_tokens: await ctx.services.apiTokens.list(ctx.principal(request), request.params.workspaceId, request.params.dtableName),
    }),
  );
}

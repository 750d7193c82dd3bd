// GET /api/v2.1/workspace/{id}/dtable/{name}/api-tokens/: {api_tokens: [...]}, without secrets.
import type { App, RouteContext } from '../context.js';
import { BasePathParams } from './base-params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/', { onRequest: ctx.requirePerson, schema: { params: BasePathParams } }, async (request) => ({
    api_tokens: await ctx.services.apiTokens.list(ctx.principal(request), request.params.workspaceId, request.params.dtableName),
  }));
}

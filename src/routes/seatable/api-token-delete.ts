// DELETE /api/v2.1/workspace/{id}/dtable/{name}/api-tokens/{app_name}/: {success: true}; the token
// and the base tokens obtained with it stop working at once.
import type { App, RouteContext } from '../context.js';
import { ApiTokenPathParams } from './base-params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete('/api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/:appName/', { onRequest: ctx.requirePerson, schema: { params: ApiTokenPathParams } }, async (request) => {
    const { workspaceId, dtableName, appName } = request.params;
    await ctx.services.apiTokens.delete(ctx.principal(request), workspaceId, dtableName, appName, ctx.origin(request));
    return { success: true };
  });
}

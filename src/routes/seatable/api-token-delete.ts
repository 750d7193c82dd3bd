// DELETE /api/v2.1/workspace/{id}/dtable/{name}/api-tokens/{app_name}/: {success: true}; the token
// and the base tokens obtained with it stop working at once.
import type { App, RouteContext } from '../context.js';
import { SeatableError, SuccessBody, TAGS, ref } from '../shared-schemas.js';
import { ApiTokenPathParams } from './base-params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/:appName/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "Delete a base's API token",
        description: 'The token, and the base access tokens obtained with it, are refused at once.',
        tags: [TAGS.seatable.name],
        params: ApiTokenPathParams,
        response: { 200: ref(SuccessBody), 404: ref(SeatableError, 'No such workspace, base or API token') },
      },
    },
    async (request) => {
      const { workspaceId, dtableName, appName } = request.params;
      await ctx.services.apiTokens.delete(ctx.principal(request), workspaceId, dtableName, appName, ctx.origin(request));
      return { success: true as const };
    },
  );
}

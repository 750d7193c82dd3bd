// GET /api/v2.1/workspace/{workspace_id}/dtable/{dtable_name}/access-token/ (seed 004): a base
// access token (JWT) for the caller, `rw` or `r` after the caller's role and scopes.
import type { App, RouteContext } from '../context.js';
import { BaseAccessToken, SeatableError, TAGS, ref } from '../shared-schemas.js';
import { BasePathParams } from './base-params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2.1/workspace/:workspaceId/dtable/:dtableName/access-token/',
    {
      onRequest: ctx.authenticate,
      schema: {
        summary: "Get a base's access token (seed 004)",
        description: "The token's permission is `rw` when the credential may update records there, else `r`.",
        tags: [TAGS.seatable.name],
        params: BasePathParams,
        response: {
          200: ref(BaseAccessToken),
          401: ref(SeatableError, 'The credential is invalid: `{"detail": "Invalid token"}`'),
          403: ref(SeatableError, 'No access to the base: `{"error_msg": "Permission denied."}`'),
          404: ref(SeatableError, 'No such base or workspace: `{"error_msg": "dtable X not found."}`'),
        },
      },
    },
    async (request) => ctx.services.baseTokens.forUser(ctx.principal(request), request.params.workspaceId, request.params.dtableName, ctx.origin(request)),
  );
}

// GET /api/v2.1/workspace/{workspace_id}/dtable/{dtable_name}/access-token/ (seed 004): a base
// access token (JWT) for the caller, `rw` or `r` after the caller's role and scopes.
import type { App, RouteContext } from '../context.js';
import { BasePathParams } from './base-params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/v2.1/workspace/:workspaceId/dtable/:dtableName/access-token/', { onRequest: ctx.authenticate, schema: { params: BasePathParams } }, async (request) =>
    ctx.services.baseTokens.forUser(ctx.principal(request), request.params.workspaceId, request.params.dtableName, ctx.origin(request)),
  );
}

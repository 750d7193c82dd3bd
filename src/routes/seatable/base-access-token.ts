// GET /api/v2.1/workspace/{workspace_id}/dtable/{dtable_name}/access-token/ (seed 004): a base
// access token (JWT) for the caller, `rw` or `r` after the caller's role and scopes.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';

const Params = Type.Object({
  workspaceId: Type.String({ maxLength: 20 }),
  dtableName: Type.String({ minLength: 1, maxLength: 200 }),
});

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/v2.1/workspace/:workspaceId/dtable/:dtableName/access-token/', { onRequest: ctx.authenticate, schema: { params: Params } }, async (request) => {
    const num = /^[1-9]\d{0,14}$/.test(request.params.workspaceId) ? Number(request.params.workspaceId) : null;
    return ctx.services.baseTokens.forUser(ctx.principal(request), num, request.params.dtableName);
  });
}

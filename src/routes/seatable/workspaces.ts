// GET /api/v2.1/workspaces/: {workspace_list: [{id, name, type, table_list: [{id, workspace_id,
// uuid, name}]}]}, integer ids, bases as SeaTable's "tables".
import type { App, RouteContext } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/v2.1/workspaces/', { onRequest: ctx.authenticate }, async (request) => ({
    workspace_list: await ctx.services.baseTokens.workspaces(ctx.principal(request)),
  }));
}

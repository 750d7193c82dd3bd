// GET /api/v2.1/workspaces/: {workspace_list: [{id, name, type, table_list: [{id, workspace_id,
// uuid, name}]}]}, integer ids, bases as SeaTable's "tables".
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS } from '../shared-schemas.js';

const Workspaces = Type.Object({
  workspace_list: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      type: Type.String(),
      table_list: Type.Array(Type.Object({ id: Type.Integer(), workspace_id: Type.Integer(), uuid: Type.String(), name: Type.String() }), { description: 'The bases' }),
    }),
  ),
});

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2.1/workspaces/',
    {
      onRequest: ctx.authenticate,
      schema: { summary: 'List the workspaces (spaces) and bases the credential may see', tags: [TAGS.seatable.name], response: { 200: Workspaces } },
    },
    async (request) => ({
      workspace_list: await ctx.services.baseTokens.workspaces(ctx.principal(request)),
    }),
  );
}

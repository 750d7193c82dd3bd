// POST /api/v2.1/dtables/share-links/ {workspace_id, table_name, permission?, password?, expire_days?}:
// a read-only link to a base, by its owner or an editor; the token is shown once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';

const Body = Type.Object({
  workspace_id: Type.Union([Type.Integer(), Type.String({ maxLength: 20 })]),
  table_name: Type.String({ minLength: 1, maxLength: 200 }),
  permission: Type.Optional(Type.String({ maxLength: 10 })),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  expire_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/v2.1/dtables/share-links/', { onRequest: ctx.requirePerson, schema: { body: Body } }, async (request, reply) => {
    const { workspace_id: workspace, ...rest } = request.body;
    const link = await ctx.services.shareLinks.create(ctx.principal(request), { ...rest, workspace_id: String(workspace) }, ctx.origin(request));
    return reply.code(201).send(link);
  });
}

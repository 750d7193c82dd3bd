// DELETE /api/base/{baseId}/plugin/{pluginId}: uninstalls it and revokes its tokens for the base.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';

const Params = Type.Object({ baseId: Type.String({ minLength: 1, maxLength: 64 }), pluginId: Type.String({ minLength: 1, maxLength: 64 }) });

export default function register(app: App, ctx: RouteContext): void {
  app.delete('/api/base/:baseId/plugin/:pluginId', { onRequest: ctx.requireScope('base|update'), schema: { params: Params } }, async (request, reply) => {
    await ctx.services.plugins.uninstall(ctx.principal(request), request.params.baseId, request.params.pluginId, ctx.origin(request));
    return reply.code(200).send();
  });
}

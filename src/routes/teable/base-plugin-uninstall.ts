// DELETE /api/base/{baseId}/plugin/{pluginId}: uninstalls it and revokes its tokens for the base.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';

const Params = Type.Object({ baseId: Type.String({ minLength: 1, maxLength: 64 }), pluginId: Type.String({ minLength: 1, maxLength: 64 }) });

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/base/:baseId/plugin/:pluginId',
    {
      onRequest: ctx.requireScope('base|update'),
      schema: {
        summary: 'Uninstall a plugin from a base',
        description: "The plugin's tokens for the base are revoked.",
        tags: [TAGS.plugins.name],
        params: Params,
        response: { 200: NoBody('Uninstalled'), 404: ref(TeableError, 'Not installed there') },
      },
    },
    async (request, reply) => {
      await ctx.services.plugins.uninstall(ctx.principal(request), request.params.baseId, request.params.pluginId, ctx.origin(request));
      return reply.code(200).send();
    },
  );
}

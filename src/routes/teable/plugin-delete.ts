// DELETE /api/plugin/{pluginId}: deletes the plugin, its installs, and revokes its tokens.
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { PluginParams } from './plugin-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/plugin/:pluginId',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: 'Delete a plugin, its installs and its tokens',
        tags: [TAGS.plugins.name],
        params: PluginParams,
        response: { 200: NoBody('Deleted; its tokens are refused from now on'), 404: ref(TeableError, 'No such plugin of yours') },
      },
    },
    async (request, reply) => {
      await ctx.services.plugins.delete(ctx.principal(request), request.params.pluginId, ctx.origin(request));
      return reply.code(200).send();
    },
  );
}

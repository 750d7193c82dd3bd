// DELETE /api/plugin/{pluginId}: deletes the plugin, its installs, and revokes its tokens.
import type { App, RouteContext } from '../context.js';
import { PluginParams } from './plugin-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete('/api/plugin/:pluginId', { onRequest: ctx.requirePerson, schema: { params: PluginParams } }, async (request, reply) => {
    await ctx.services.plugins.delete(ctx.principal(request), request.params.pluginId, ctx.origin(request));
    return reply.code(200).send();
  });
}

// GET /api/plugin/{pluginId}: the caller's plugin, its secret masked.
import type { App, RouteContext } from '../context.js';
import { PluginParams } from './plugin-schemas.js';
import { MASKED_SECRET, pluginView } from './plugin-view.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/plugin/:pluginId', { onRequest: ctx.requirePerson, schema: { params: PluginParams } }, async (request) => ({
    ...pluginView(await ctx.services.plugins.owned(ctx.principal(request), request.params.pluginId)),
    secret: MASKED_SECRET,
  }));
}

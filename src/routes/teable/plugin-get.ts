// GET /api/plugin/{pluginId}: the caller's plugin, its secret masked.
import type { App, RouteContext } from '../context.js';
import { Plugin, TAGS, TeableError, ref } from '../shared-schemas.js';
import { PluginParams } from './plugin-schemas.js';
import { MASKED_SECRET, pluginView } from './plugin-view.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/plugin/:pluginId',
    {
      onRequest: ctx.requirePerson,
      schema: { summary: "Get one of one's plugins (secret masked)", tags: [TAGS.plugins.name], params: PluginParams, response: { 200: ref(Plugin), 404: ref(TeableError, 'No such plugin of yours') } },
    },
    async (request) => ({
      ...pluginView(await ctx.services.plugins.owned(ctx.principal(request), request.params.pluginId)),
      secret: MASKED_SECRET,
    }),
  );
}

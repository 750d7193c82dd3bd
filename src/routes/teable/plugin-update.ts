// PUT and PATCH /api/plugin/{pluginId}: changes the given fields; narrowing scopes revokes grants.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { Plugin, TAGS, TeableError, ref } from '../shared-schemas.js';
import { PluginFields, PluginParams } from './plugin-schemas.js';
import { MASKED_SECRET, pluginView } from './plugin-view.js';

const Body = Type.Object({ ...PluginFields, name: Type.Optional(Type.String({ maxLength: 1000 })) }, { examples: [{ description: 'Draws the records as bars', scopes: ['record|read'] }] });

export default function register(app: App, ctx: RouteContext): void {
  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method,
      url: '/api/plugin/:pluginId',
      onRequest: ctx.requirePerson,
      schema: {
        summary: 'Change a plugin',
        description: 'Absent fields stay as they are. Narrowing the scopes revokes the grants and tokens that exceed them.',
        tags: [TAGS.plugins.name],
        params: PluginParams,
        body: Body,
        response: { 200: ref(Plugin), 404: ref(TeableError, 'No such plugin of yours') },
      },
      handler: async (request) => ({
        ...pluginView(await ctx.services.plugins.update(ctx.principal(request), request.params.pluginId, request.body, ctx.origin(request))),
        secret: MASKED_SECRET,
      }),
    });
  }
}

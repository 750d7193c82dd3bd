// POST /api/plugin {name, description?, logo?, url?, positions?, scopes}: 201 with the secret, once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { Plugin, TAGS, ref } from '../shared-schemas.js';
import { PluginFields } from './plugin-schemas.js';
import { pluginView } from './plugin-view.js';

const Body = Type.Object(
  {
    ...PluginFields,
    name: Type.String({ maxLength: 1000 }),
    scopes: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100, description: 'What the plugin may ask for: base|read, base|update, table|*, record|*' }),
  },
  { examples: [{ name: 'Chart', description: 'Draws the records', url: 'https://plugins.example.com/chart', positions: ['dashboard'], scopes: ['table|read', 'record|read'] }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/plugin',
    {
      onRequest: ctx.requirePerson,
      schema: { summary: 'Register a plugin', tags: [TAGS.plugins.name], body: Body, response: { 201: ref(Plugin, 'The plugin with its secret, shown this once') } },
    },
    async (request, reply) => {
      const { plugin, secret } = await ctx.services.plugins.register(ctx.principal(request), request.body, ctx.origin(request));
      const { lastModifiedTime: _omitted, ...view } = pluginView(plugin);
      return reply.code(201).send({ ...view, secret });
    },
  );
}

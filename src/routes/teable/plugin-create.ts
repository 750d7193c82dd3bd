// POST /api/plugin {name, description?, logo?, url?, positions?, scopes}: 201 with the secret, once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { PluginFields } from './plugin-schemas.js';
import { pluginView } from './plugin-view.js';

const Body = Type.Object({
  ...PluginFields,
  name: Type.String({ maxLength: 1000 }),
  scopes: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/plugin', { onRequest: ctx.requirePerson, schema: { body: Body } }, async (request, reply) => {
    const { plugin, secret } = await ctx.services.plugins.register(ctx.principal(request), request.body, ctx.origin(request));
    const { lastModifiedTime: _omitted, ...view } = pluginView(plugin);
    return reply.code(201).send({ ...view, secret });
  });
}

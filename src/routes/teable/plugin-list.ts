// GET /api/plugin: the caller's plugins, each with an i18n object, without secrets.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { Plugin, TAGS, ref } from '../shared-schemas.js';
import { pluginView } from './plugin-view.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/plugin',
    { onRequest: ctx.requirePerson, schema: { summary: "List one's plugins", tags: [TAGS.plugins.name], response: { 200: Type.Array(ref(Plugin)) } } },
    async (request) => (await ctx.services.plugins.list(ctx.principal(request))).map((plugin) => ({ ...pluginView(plugin), i18n: {} })),
  );
}

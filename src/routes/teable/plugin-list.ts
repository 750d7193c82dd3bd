// GET /api/plugin: the caller's plugins, each with an i18n object, without secrets.
import type { App, RouteContext } from '../context.js';
import { pluginView } from './plugin-view.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/plugin', { onRequest: ctx.requirePerson }, async (request) =>
    (await ctx.services.plugins.list(ctx.principal(request))).map((plugin) => ({ ...pluginView(plugin), i18n: {} })),
  );
}

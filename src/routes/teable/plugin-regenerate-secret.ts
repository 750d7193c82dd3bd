// POST /api/plugin/{pluginId}/regenerate-secret (no body): {id, secret}, shown once; every token
// issued under the old secret is revoked.
import type { App, RouteContext } from '../context.js';
import { PluginParams } from './plugin-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/plugin/:pluginId/regenerate-secret', { onRequest: ctx.requirePerson, schema: { params: PluginParams } }, async (request, reply) =>
    reply.code(201).send(await ctx.services.plugins.regenerateSecret(ctx.principal(request), request.params.pluginId, ctx.origin(request))),
  );
}

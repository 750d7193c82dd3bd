// POST /api/plugin/{pluginId}/regenerate-secret (no body): {id, secret}, shown once; every token
// issued under the old secret is revoked.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';
import { PluginParams } from './plugin-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/plugin/:pluginId/regenerate-secret',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "Replace a plugin's secret",
        description: 'Every token issued under the old secret is revoked.',
        tags: [TAGS.plugins.name],
        params: PluginParams,
        response: { 201: Type.Object({ id: Type.String(), secret: Type.String({ description: 'The new secret, shown once' }) }), 404: ref(TeableError, 'No such plugin of yours') },
      },
    },
    async (request, reply) => reply.code(201).send(await ctx.services.plugins.regenerateSecret(ctx.principal(request), request.params.pluginId, ctx.origin(request))),
  );
}

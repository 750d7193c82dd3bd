// POST /api/base/{baseId}/plugin {pluginId}: installs one's plugin in the base (needs base|update).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';
import { BaseParams } from './params.js';

const Body = Type.Object({ pluginId: Type.String({ minLength: 1, maxLength: 64 }) }, { examples: [{ pluginId: 'plgXXXXXXXXXXXXXXXX' }] });

const Installed = Type.Object({ baseId: Type.String(), pluginId: Type.String(), name: Type.String(), createdTime: Type.String({ format: 'date-time' }) });

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/base/:baseId/plugin',
    {
      onRequest: ctx.requireScope('base|update'),
      schema: {
        summary: "Install one of one's plugins in a base",
        tags: [TAGS.plugins.name],
        params: BaseParams,
        body: Body,
        response: { 201: Installed, 404: ref(TeableError, 'No such base'), 409: ref(TeableError, 'Already installed') },
      },
    },
    async (request, reply) => {
      const { plugin, install } = await ctx.services.plugins.install(ctx.principal(request), request.params.baseId, request.body.pluginId, ctx.origin(request));
      return reply.code(201).send({ baseId: install.base_id, pluginId: plugin.id, name: plugin.name, createdTime: install.created_time });
    },
  );
}

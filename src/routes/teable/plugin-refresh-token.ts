// POST /api/plugin/{pluginId}/refreshToken {refreshToken, secret}: a new pair; the old refresh
// token is spent, and presenting it again revokes the whole family.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { PluginParams } from './plugin-schemas.js';

const Body = Type.Object({
  refreshToken: Type.String({ maxLength: 200 }),
  secret: Type.String({ maxLength: 200 }),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/plugin/:pluginId/refreshToken', { schema: { params: PluginParams, body: Body } }, async (request, reply) =>
    reply.code(201).send(await ctx.services.pluginTokens.refresh(request.params.pluginId, request.body, ctx.origin(request))),
  );
}

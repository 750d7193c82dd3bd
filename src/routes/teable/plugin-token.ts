// POST (201) and GET (200, body as seed 002 documents it) /api/plugin/{pluginId}/token
// {baseId, secret, scopes, authCode, codeVerifier?}: the plugin, by its secret, exchanges a code.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { readGetBody } from '../body-parsers.js';
import { bodyValidator } from '../validator.js';
import { PluginParams } from './plugin-schemas.js';

const Body = Type.Object({
  baseId: Type.String({ minLength: 1, maxLength: 64 }),
  secret: Type.String({ maxLength: 200 }),
  scopes: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
  authCode: Type.String({ maxLength: 200 }),
  codeVerifier: Type.Optional(Type.String({ maxLength: 200 })),
});

const checkGetBody = bodyValidator(Body);

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/plugin/:pluginId/token', { schema: { params: PluginParams, body: Body } }, async (request, reply) =>
    reply.code(201).send(await ctx.services.pluginTokens.exchange(request.params.pluginId, request.body, ctx.origin(request))),
  );
  // Fastify takes no body schema on GET: the body is read and checked by hand, alike.
  app.get('/api/plugin/:pluginId/token', { preValidation: readGetBody, schema: { params: PluginParams } }, async (request) =>
    ctx.services.pluginTokens.exchange(request.params.pluginId, checkGetBody(request.body), ctx.origin(request)),
  );
}

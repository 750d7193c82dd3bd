// POST /api/plugin/{pluginId}/authCode {baseId, codeChallenge?, codeChallengeMethod?}: 201 with
// the code as a raw text/plain string, as Teable's client expects. Codes live 5 minutes.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { PluginParams } from './plugin-schemas.js';

const Body = Type.Object({
  baseId: Type.String({ minLength: 1, maxLength: 64 }),
  codeChallenge: Type.Optional(Type.String({ maxLength: 200 })),
  codeChallengeMethod: Type.Optional(Type.String({ maxLength: 20 })),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/plugin/:pluginId/authCode', { onRequest: ctx.requireScope('base|read'), schema: { params: PluginParams, body: Body } }, async (request, reply) => {
    const code = await ctx.services.pluginTokens.authorize(ctx.principal(request), request.params.pluginId, request.body, ctx.origin(request));
    return reply.code(201).type('text/plain; charset=utf-8').send(code);
  });
}

// POST /api/plugin/{pluginId}/authCode {baseId, codeChallenge?, codeChallengeMethod?}: 201 with
// the code as a raw text/plain string, as Teable's client expects. Codes live 5 minutes.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';
import { PluginParams } from './plugin-schemas.js';

const Body = Type.Object(
  {
    baseId: Type.String({ minLength: 1, maxLength: 64 }),
    codeChallenge: Type.Optional(Type.String({ maxLength: 200, description: 'PKCE: the base64url SHA-256 of the verifier' })),
    codeChallengeMethod: Type.Optional(Type.String({ maxLength: 20, description: 'PKCE: S256 only' })),
  },
  { examples: [{ baseId: 'bseXXXXXXXXXXXXXXXX', codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', codeChallengeMethod: 'S256' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/plugin/:pluginId/authCode',
    {
      onRequest: ctx.requireScope('base|read'),
      schema: {
        summary: 'Authorize an installed plugin on a base: a single-use code',
        description: 'The code lives 5 minutes; the plugin exchanges it, with its secret, at /api/plugin/{pluginId}/token.',
        tags: [TAGS.plugins.name],
        params: PluginParams,
        body: Body,
        response: {
          201: { description: 'The authorization code, as plain text', content: { 'text/plain': { schema: Type.String() } } },
          404: ref(TeableError, 'No such base, or the plugin is not installed there'),
        },
      },
    },
    async (request, reply) => {
      const code = await ctx.services.pluginTokens.authorize(ctx.principal(request), request.params.pluginId, request.body, ctx.origin(request));
      return reply.code(201).type('text/plain; charset=utf-8').send(code);
    },
  );
}

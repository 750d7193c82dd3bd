// POST /api/plugin/{pluginId}/refreshToken {refreshToken, secret}: a new pair; the old refresh
// token is spent, and presenting it again revokes the whole family.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { PluginTokenPair, TAGS, TeableError, ref } from '../shared-schemas.js';
import { PluginParams } from './plugin-schemas.js';

const Body = Type.Object(
  {
    refreshToken: Type.String({ maxLength: 200 }),
    secret: Type.String({ maxLength: 200, description: "The plugin's secret" }),
  },
  { examples: [{ refreshToken: 'tess_plr_...', secret: 'tess_pls_...' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/plugin/:pluginId/refreshToken',
    {
      schema: {
        summary: 'Refresh a plugin token pair',
        description: 'The refresh token rotates: presenting a spent one revokes its whole family (RFC 9700 reuse detection).',
        tags: [TAGS.plugins.name],
        security: [],
        params: PluginParams,
        body: Body,
        response: {
          201: ref(PluginTokenPair, 'A new pair of the same shape'),
          400: ref(TeableError, 'Invalid input; `invalid_client` for a wrong secret, `invalid_grant` for a refresh token that is unknown, spent, expired or foreign'),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await ctx.services.pluginTokens.refresh(request.params.pluginId, request.body, ctx.origin(request))),
  );
}

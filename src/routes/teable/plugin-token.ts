// POST (201) and GET (200, body as seed 002 documents it) /api/plugin/{pluginId}/token
// {baseId, secret, scopes, authCode, codeVerifier?}: the plugin, by its secret, exchanges a code.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { readGetBody } from '../body-parsers.js';
import { PluginTokenPair, TAGS, TeableError, ref } from '../shared-schemas.js';
import { bodyValidator } from '../validator.js';
import { PluginParams } from './plugin-schemas.js';

const Body = Type.Object(
  {
    baseId: Type.String({ minLength: 1, maxLength: 64 }),
    secret: Type.String({ maxLength: 200, description: "The plugin's secret" }),
    scopes: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100, description: 'Within the registered ones' }),
    authCode: Type.String({ maxLength: 200 }),
    codeVerifier: Type.Optional(Type.String({ maxLength: 200, description: 'PKCE: required when the code was issued with a challenge' })),
  },
  { examples: [{ baseId: 'bseXXXXXXXXXXXXXXXX', secret: 'tess_pls_...', scopes: ['record|read'], authCode: 'tess_plc_...' }] },
);

const checkGetBody = bodyValidator(Body);

const schema = (status: 200 | 201) => ({
  summary: 'Exchange an authorization code for a token pair',
  description: `The plugin authenticates with its secret; the code is used at most once.${status === 200 ? ' The body of this GET is as seed 002 documents it; POST takes the same.' : ''}`,
  tags: [TAGS.plugins.name],
  security: [],
  params: PluginParams,
  response: {
    [status]: ref(PluginTokenPair, 'A 10-minute access token and a refresh token'),
    400: ref(TeableError, 'Invalid input; `invalid_client` for a wrong secret, `invalid_grant` for a code that is unknown, used, expired or foreign'),
    404: ref(TeableError, 'The plugin is not installed in the base'),
  },
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/plugin/:pluginId/token', { schema: { ...schema(201), body: Body } }, async (request, reply) =>
    reply.code(201).send(await ctx.services.pluginTokens.exchange(request.params.pluginId, request.body, ctx.origin(request))),
  );
  // Fastify takes no body schema on GET: the body is read and checked by hand, alike.
  app.get('/api/plugin/:pluginId/token', { preValidation: readGetBody, schema: { ...schema(200), getBody: Body } }, async (request) =>
    ctx.services.pluginTokens.exchange(request.params.pluginId, checkGetBody(request.body), ctx.origin(request)),
  );
}

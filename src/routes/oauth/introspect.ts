// POST /oauth/introspect (RFC 7662) {token, token_type_hint?} as a form or JSON, by a plugin (HTTP
// Basic with its id and secret) or an instance admin's session: {active: true, scope, client_id,
// username, token_type, exp, iat, sub, aud, iss, jti, spaceIds, baseIds}, or exactly {active: false}.
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.js';
import type { Introspection as IntrospectionAnswer } from '../../oauth/oauth-service.js';
import type { App, RouteContext } from '../context.js';
import { OAuthError, TAGS, ref } from '../shared-schemas.js';
import { callerOf } from './client.js';

const Body = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 4096 }), token_type_hint: Type.Optional(Type.String({ maxLength: 100, description: 'Accepted and ignored' })) },
  { examples: [{ token: 'tess_pla_...' }] },
);

/** Documents the answer; typed as the service's (whose live branch is built by parts). */
const Introspection = Type.Unsafe<IntrospectionAnswer>(Type.Union(
  [
    Type.Object(
      {
        active: Type.Literal(true),
        token_type: Type.String({ description: 'The credential kind, e.g. plugin_access_token, base_access_token, plugin_refresh_token' }),
        scope: Type.String({ description: 'Space-separated actions, or `r`/`rw` for a base access token' }),
        client_id: Type.Union([Type.String(), Type.Null()], { description: "The plugin's id, for a plugin's tokens" }),
        username: Type.Optional(Type.String()),
        sub: Type.String(),
        aud: Type.Unknown(),
        iss: Type.String(),
        jti: Type.Unknown(),
        exp: Type.Optional(Type.Integer()),
        iat: Type.Optional(Type.Integer()),
        spaceIds: Type.Array(Type.String()),
        baseIds: Type.Array(Type.String()),
      },
      { description: 'A live token' },
    ),
    Type.Object({ active: Type.Literal(false) }, { additionalProperties: false, description: 'Anything else: exactly this' }),
  ],
));

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/oauth/introspect',
    {
      schema: {
        summary: 'Introspect a token (RFC 7662)',
        description: "By a plugin (HTTP Basic with its id and secret) or an instance admin's session. Any live opaque token or base access token is described; anything else is `{\"active\": false}`.",
        tags: [TAGS.oauth.name],
        security: [{ pluginClientAuth: [] }, { sessionCookie: [] }],
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: Body,
        response: { 200: Introspection, 401: ref(OAuthError, '`invalid_client`, with a Basic challenge: no client credentials, or wrong ones') },
      },
    },
    async (request, reply) => {
      const caller = await callerOf(ctx, request);
      if (caller === null || ('admin' in caller && !caller.admin)) {
        void reply.header('www-authenticate', 'Basic realm="tessera"');
        throw new AppError('credentials_invalid', 'introspection takes a plugin\'s id and secret (HTTP Basic) or an admin session');
      }
      void reply.header('cache-control', 'no-store');
      return ctx.services.oauth.introspect(request.body.token);
    },
  );
}

// POST /oauth/revoke (RFC 7009) {token, token_type_hint?} as a form or JSON: 200 whether or not the
// token existed. Holding the token is authority enough; a plugin authenticated with HTTP Basic may
// revoke only its own tokens. Revoking a plugin refresh token revokes its whole family.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { NoBody, OAuthError, TAGS, ref } from '../shared-schemas.js';
import { callerOf } from './client.js';

const Body = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 4096 }), token_type_hint: Type.Optional(Type.String({ maxLength: 100, description: 'Accepted and ignored' })) },
  { examples: [{ token: 'tess_plr_...', token_type_hint: 'refresh_token' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/oauth/revoke',
    {
      schema: {
        summary: 'Revoke a token (RFC 7009)',
        description: 'Holding the token is authority enough; a plugin authenticated with HTTP Basic may revoke only its own. A plugin refresh token takes its family along. A base access token (JWT) cannot be revoked by itself.',
        tags: [TAGS.oauth.name],
        security: [{}, { pluginClientAuth: [] }, { sessionCookie: [] }],
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: Body,
        response: { 200: NoBody('Revoked, or there was nothing to revoke'), 401: ref(OAuthError, '`invalid_client`: wrong client credentials') },
      },
    },
    async (request, reply) => {
      const caller = await callerOf(ctx, request);
      const plugin = caller !== null && 'plugin' in caller ? caller.plugin : null;
      const actor = plugin ? { userId: plugin.owner_id, credentialId: plugin.id } : caller && 'personId' in caller ? { userId: caller.personId, credentialId: caller.credentialId } : null;
      await ctx.services.oauth.revoke(request.body.token, plugin, actor, ctx.origin(request));
      return reply.code(200).send();
    },
  );
}

// POST /oauth/introspect (RFC 7662) {token, token_type_hint?} as a form or JSON, by a plugin (HTTP
// Basic with its id and secret) or an instance admin's session: {active: true, scope, client_id,
// username, token_type, exp, iat, sub, aud, iss, jti, spaceIds, baseIds}, or exactly {active: false}.
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.js';
import type { App, RouteContext } from '../context.js';
import { callerOf } from './client.js';

const Body = Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }), token_type_hint: Type.Optional(Type.String({ maxLength: 100 })) });

export default function register(app: App, ctx: RouteContext): void {
  app.post('/oauth/introspect', { schema: { body: Body } }, async (request, reply) => {
    const caller = await callerOf(ctx, request);
    if (caller === null || ('admin' in caller && !caller.admin)) {
      void reply.header('www-authenticate', 'Basic realm="tessera"');
      throw new AppError('credentials_invalid', 'introspection takes a plugin\'s id and secret (HTTP Basic) or an admin session');
    }
    void reply.header('cache-control', 'no-store');
    return ctx.services.oauth.introspect(request.body.token);
  });
}

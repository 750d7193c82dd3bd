// POST /api/auth/signout: ends the session of the cookie and clears it; with `Authorization:
// Token <account token>` (SeaTable's sign-in), revokes that account token instead. Either way the
// session is revoked in the store, and the base access tokens obtained with it die at once.
import { parseToken } from '../../crypto/token-format.js';
import { presentedToken } from '../authenticate.js';
import type { App, RouteContext } from '../context.js';
import { clearSessionCookie, sessionCookieOf } from '../cookies.js';
import { NoBody, TAGS } from '../shared-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/auth/signout',
    {
      schema: {
        summary: 'Sign out: ends the session (or the account token) presented',
        description: 'Answers 200 with or without a session; the base access tokens obtained with the session die with it.',
        tags: [TAGS.teable.name],
        security: [{}, { sessionCookie: [] }, { tokenAuth: [] }],
        response: { 200: NoBody('Signed out; the cookie is cleared') },
      },
    },
    async (request, reply) => {
      const presented = presentedToken(request.headers.authorization);
      if (presented !== null && parseToken(presented) === 'accountToken') {
        await ctx.services.sessions.close(presented, ctx.origin(request));
        return reply.code(200).send();
      }
      const secret = sessionCookieOf(request);
      if (secret) await ctx.services.sessions.close(secret, ctx.origin(request));
      clearSessionCookie(reply);
      return reply.code(200).send();
    },
  );
}

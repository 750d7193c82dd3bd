// POST /api/auth/signout: ends the session of the cookie (revoked in the store) and clears it.
import type { App, RouteContext } from '../context.js';
import { SESSION_COOKIE } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/auth/signout', async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) await ctx.services.sessions.close(secret);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(200).send();
  });
}

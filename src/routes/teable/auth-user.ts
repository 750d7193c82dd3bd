// GET /api/auth/user: the caller ({id, name, avatar, email}), for any valid credential.
import { notFound } from '../../errors.js';
import { publicUser } from '../../users/user-service.js';
import type { App, RouteContext } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/auth/user', { onRequest: ctx.authenticate }, async (request) => {
    const principal = ctx.principal(request);
    const user = await ctx.services.users.findById(principal.userId);
    if (!user) throw notFound('user');
    return publicUser(user);
  });
}

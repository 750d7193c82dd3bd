// GET /api/auth/user: the caller ({id, name, avatar, email}), for any valid credential.
import { notFound } from '../../errors.js';
import type { App, RouteContext } from '../context.js';
import { TAGS, User, ref } from '../shared-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/auth/user',
    { onRequest: ctx.authenticate, schema: { summary: 'Who am I: the owner of the credential', tags: [TAGS.teable.name], response: { 200: ref(User) } } },
    async (request) => {
      const user = await ctx.services.users.profile(ctx.principal(request).userId);
      if (!user) throw notFound('user');
      return user;
    },
  );
}

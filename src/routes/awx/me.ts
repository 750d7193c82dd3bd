// GET /api/v2/me/: the caller, as the one-item page AWX answers.
import { AppError } from '../../errors.js';
import type { App, RouteContext } from '../context.js';
import { AwxUser, TAGS, awxPage, ref } from '../shared-schemas.js';
import { userView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2/me/',
    { onRequest: ctx.authenticate, schema: { summary: 'Who am I (a page of one user)', tags: [TAGS.awx.name], response: { 200: awxPage(ref(AwxUser)) } } },
    async (request) => {
      const user = await ctx.services.users.findById(ctx.principal(request).userId);
      if (!user) throw new AppError('token_invalid', 'the account no longer exists');
      return { count: 1, next: null, previous: null, results: [userView(user)] };
    },
  );
}

// GET /api/v2/users/{id}/: a user by integer id; oneself, or anyone for an instance admin.
import { AppError } from '../../errors.js';
import type { App, RouteContext } from '../context.js';
import { AwxError, AwxUser, TAGS, ref } from '../shared-schemas.js';
import { IdParams, integerId } from './ids.js';
import { userView } from './views.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2/users/:id/',
    {
      onRequest: ctx.authenticate,
      schema: {
        summary: 'Get a user (oneself; the instance admin: anyone)',
        tags: [TAGS.awx.name],
        params: IdParams,
        response: { 200: ref(AwxUser), 404: ref(AwxError, 'No such user, or not oneself') },
      },
    },
    async (request) => {
      const me = await ctx.services.users.findById(ctx.principal(request).userId);
      const num = integerId(request.params.id);
      const user = num === null ? undefined : me?.num === num ? me : me?.is_admin === 1 ? await ctx.services.users.findByNum(num) : undefined;
      if (!user) throw new AppError('not_found', 'Not found.');
      return userView(user);
    },
  );
}

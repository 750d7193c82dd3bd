// GET /api/space/{spaceId}/collaborators: {collaborators, uniqTotal, total}.
import type { App, RouteContext } from '../context.js';
import { SpaceParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/space/:spaceId/collaborators', { onRequest: ctx.requireScope('space|read'), schema: { params: SpaceParams } }, async (request) => {
    const rows = await ctx.services.spaces.collaborators(ctx.principal(request), request.params.spaceId);
    const collaborators = rows.map((r) => ({
      userId: r.user_id,
      userName: r.name,
      email: r.email,
      role: r.role,
      avatar: r.avatar,
      createdTime: r.created_time,
      type: 'user' as const,
      resourceType: 'space' as const,
    }));
    return { collaborators, uniqTotal: collaborators.length, total: collaborators.length };
  });
}

// GET /api/space/{spaceId}/collaborators: {collaborators, uniqTotal, total}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';
import { SpaceParams } from './params.js';

const Collaborators = Type.Object({
  collaborators: Type.Array(
    Type.Object({
      userId: Type.String(),
      userName: Type.String(),
      email: Type.String(),
      role: Type.String(),
      avatar: Type.Union([Type.String(), Type.Null()]),
      createdTime: Type.String({ format: 'date-time' }),
      type: Type.Literal('user'),
      resourceType: Type.Literal('space'),
    }),
  ),
  uniqTotal: Type.Integer(),
  total: Type.Integer(),
});

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/space/:spaceId/collaborators',
    {
      onRequest: ctx.requireScope('space|read'),
      schema: { summary: "List a space's collaborators", tags: [TAGS.teable.name], params: SpaceParams, response: { 200: Collaborators, 404: ref(TeableError, 'No such space') } },
    },
    async (request) => {
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
    },
  );
}

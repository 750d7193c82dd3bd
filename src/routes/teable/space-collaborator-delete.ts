// DELETE /api/space/{spaceId}/collaborators?principalId=&principalType=user: removes a member.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { SpaceParams } from './params.js';

const Query = Type.Object({
  principalId: Type.String({ minLength: 1, maxLength: 64 }),
  principalType: Type.Literal('user'),
});

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/space/:spaceId/collaborators',
    {
      onRequest: ctx.requireScope('space|grant_role'),
      schema: {
        summary: 'Remove someone from a space',
        description: 'Anyone may remove themself (leave).',
        tags: [TAGS.teable.name],
        params: SpaceParams,
        querystring: Query,
        response: { 200: NoBody('Removed'), 404: ref(TeableError, 'No such space or collaborator') },
      },
    },
    async (request, reply) => {
      const principal = ctx.principal(request);
      await ctx.services.spaces.removeCollaborator(principal, request.params.spaceId, request.query.principalId);
      return reply.code(200).send();
    },
  );
}

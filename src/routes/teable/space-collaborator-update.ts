// PATCH /api/space/{spaceId}/collaborators {principalId, principalType, role}: changes a role.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { SpaceParams } from './params.js';

const Body = Type.Object(
  {
    principalId: Type.String({ minLength: 1, maxLength: 64 }),
    principalType: Type.Literal('user'),
    role: Type.String({ description: 'owner, creator, editor or viewer' }),
  },
  { examples: [{ principalId: 'usrXXXXXXXXXXXXXXXX', principalType: 'user', role: 'viewer' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.patch(
    '/api/space/:spaceId/collaborators',
    {
      onRequest: ctx.requireScope('space|grant_role'),
      schema: {
        summary: "Change a collaborator's role",
        tags: [TAGS.teable.name],
        params: SpaceParams,
        body: Body,
        response: { 200: NoBody('Changed'), 404: ref(TeableError, 'No such space or collaborator') },
      },
    },
    async (request, reply) => {
      const principal = ctx.principal(request);
      await ctx.services.spaces.updateCollaborator(principal, request.params.spaceId, request.body.principalId, request.body.role);
      return reply.code(200).send();
    },
  );
}

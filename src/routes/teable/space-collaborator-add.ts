// POST /api/space/{spaceId}/collaborator {collaborators: [{principalId, principalType}], role}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { SpaceParams } from './params.js';

const Body = Type.Object(
  {
    collaborators: Type.Array(
      Type.Object({ principalId: Type.String({ minLength: 1, maxLength: 64, description: 'A user id' }), principalType: Type.Literal('user') }),
      { minItems: 1, maxItems: 100 },
    ),
    role: Type.String({ description: 'owner, creator, editor or viewer' }),
  },
  { examples: [{ collaborators: [{ principalId: 'usrXXXXXXXXXXXXXXXX', principalType: 'user' }], role: 'editor' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/space/:spaceId/collaborator',
    {
      onRequest: ctx.requireScope('space|grant_role'),
      schema: {
        summary: 'Add people to a space with a role',
        tags: [TAGS.teable.name],
        params: SpaceParams,
        body: Body,
        response: { 201: NoBody('Added'), 404: ref(TeableError, 'No such space or user'), 409: ref(TeableError, 'Already a collaborator') },
      },
    },
    async (request, reply) => {
      const principal = ctx.principal(request);
      const userIds = request.body.collaborators.map((c) => c.principalId);
      await ctx.services.spaces.addCollaborators(principal, request.params.spaceId, userIds, request.body.role);
      return reply.code(201).send();
    },
  );
}

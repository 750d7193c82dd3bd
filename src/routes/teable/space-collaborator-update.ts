// PATCH /api/space/{spaceId}/collaborators {principalId, principalType, role}: changes a role.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { SpaceParams } from './params.js';

const Body = Type.Object({
  principalId: Type.String({ minLength: 1, maxLength: 64 }),
  principalType: Type.Literal('user'),
  role: Type.String(),
});

export default function register(app: App, ctx: RouteContext): void {
  app.patch('/api/space/:spaceId/collaborators', { onRequest: ctx.requireScope('space|grant_role'), schema: { params: SpaceParams, body: Body } }, async (request, reply) => {
    const principal = ctx.principal(request);
    await ctx.services.spaces.updateCollaborator(principal, request.params.spaceId, request.body.principalId, request.body.role);
    return reply.code(200).send();
  });
}

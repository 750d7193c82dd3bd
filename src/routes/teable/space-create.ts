// POST /api/space {name?}: a new space owned by the caller (needs space|create).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS } from '../shared-schemas.js';

const Body = Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })) }, { examples: [{ name: 'Research' }] });

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/space',
    {
      onRequest: ctx.requireScope('space|create'),
      schema: { summary: 'Create a space (owned by the caller)', tags: [TAGS.teable.name], body: Body, response: { 201: Type.Object({ id: Type.String(), name: Type.String() }) } },
    },
    async (request, reply) => {
      const principal = ctx.principal(request);
      return reply.code(201).send(await ctx.services.spaces.create(principal, request.body));
    },
  );
}

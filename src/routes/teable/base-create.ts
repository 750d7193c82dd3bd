// POST /api/base {spaceId, name?, icon?}: a base in a space (needs base|create there).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';

const Body = Type.Object(
  {
    spaceId: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.Optional(Type.String({ maxLength: 100, description: 'Unique within the space' })),
    icon: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { examples: [{ spaceId: 'spcXXXXXXXXXXXXXXXX', name: 'Field notes' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/base',
    {
      onRequest: ctx.requireScope('base|create'),
      schema: {
        summary: 'Create a base in a space',
        tags: [TAGS.teable.name],
        body: Body,
        response: {
          201: Type.Object({ id: Type.String(), name: Type.String(), spaceId: Type.String() }),
          404: ref(TeableError, 'No such space'),
          409: ref(TeableError, 'A base of that name exists in the space'),
        },
      },
    },
    async (request, reply) => {
      const principal = ctx.principal(request);
      return reply.code(201).send(await ctx.services.bases.create(principal, request.body));
    },
  );
}

// POST /api/base {spaceId, name?, icon?}: a base in a space (needs base|create there).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';

const Body = Type.Object({
  spaceId: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  icon: Type.Optional(Type.String({ maxLength: 32 })),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/base', { onRequest: ctx.requireScope('base|create'), schema: { body: Body } }, async (request, reply) => {
    const principal = ctx.principal(request);
    return reply.code(201).send(await ctx.services.bases.create(principal, request.body));
  });
}

// POST /api/space {name?}: a new space owned by the caller (needs space|create).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';

const Body = Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })) });

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/space', { onRequest: ctx.requireScope('space|create'), schema: { body: Body } }, async (request, reply) => {
    const principal = ctx.principal(request);
    return reply.code(201).send(await ctx.services.spaces.create(principal, request.body));
  });
}

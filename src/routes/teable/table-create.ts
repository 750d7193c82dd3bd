// POST /api/base/{baseId}/table {name?, description?, fields?: [{name, type}]} (needs table|create).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { BaseParams } from './params.js';

const Body = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 100 })),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  fields: Type.Optional(
    Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), type: Type.String({ maxLength: 50 }) }), { maxItems: 200 }),
  ),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/base/:baseId/table', { onRequest: ctx.requireScope('table|create'), schema: { params: BaseParams, body: Body } }, async (request, reply) => {
    const principal = ctx.principal(request);
    return reply.code(201).send(await ctx.services.tables.create(principal, request.params.baseId, request.body));
  });
}

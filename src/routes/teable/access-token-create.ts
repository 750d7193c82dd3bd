// POST /api/access-token (seed 000): 201 with the token's fields and its secret, shown once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { AccessTokenFields, ExpiredTime } from './access-token-schemas.js';

const Body = Type.Object({ ...AccessTokenFields, expiredTime: ExpiredTime });

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/access-token', { onRequest: ctx.requirePerson, schema: { body: Body } }, async (request, reply) => {
    const principal = ctx.principal(request);
    return reply.code(201).send(await ctx.services.accessTokens.create(principal, request.body, ctx.origin(request)));
  });
}

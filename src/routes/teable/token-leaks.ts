// POST /api/token-leaks {tokens: [...], url?, source?} (no authentication; limited per address):
// a secret scanner reports Tessera secrets it found in public. Every live one is revoked at once
// and its owner sees where it was found in their audit log. The answer is the same whatever the
// list held: 202 {"received": n}.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App, RouteContext } from '../context.js';

const Body = Type.Object(
  {
    tokens: Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { minItems: 1, maxItems: 100 }),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export default function register(app: App, ctx: RouteContext): void {
  // Every report counts against the address's hourly allowance, well-formed or not.
  const limited = (request: FastifyRequest): Promise<void> => ctx.services.throttle.consume('leak_report', request.ip);
  app.post('/api/token-leaks', { onRequest: limited, schema: { body: Body } }, async (request, reply) => {
    await ctx.services.leaks.report(request.body, ctx.origin(request));
    return reply.code(202).send({ received: request.body.tokens.length });
  });
}

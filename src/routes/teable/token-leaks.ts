// POST /api/token-leaks {tokens: [...], url?, source?} (no authentication; limited per address):
// a secret scanner reports Tessera secrets it found in public. Every live one is revoked at once
// and its owner sees where it was found in their audit log. The answer is the same whatever the
// list held: 202 {"received": n}.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';

const Body = Type.Object(
  {
    tokens: Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { minItems: 1, maxItems: 100 }),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'Where they were found' })),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Who found them' })),
  },
  { additionalProperties: false, examples: [{ tokens: ['tess_pat_...'], url: 'https://github.com/example/repo/blob/main/.env', source: 'github-secret-scanning' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  // Every report counts against the address's hourly allowance, well-formed or not.
  const limited = (request: FastifyRequest): Promise<void> => ctx.services.throttle.consume('leak_report', request.ip);
  app.post(
    '/api/token-leaks',
    {
      onRequest: limited,
      schema: {
        summary: 'Report leaked secrets (a secret scanner)',
        description: 'Every live Tessera secret in the list is revoked at once; the answer is the same whatever the list held. Limited per address and hour (TESSERA_RATE_LEAK_REPORTS).',
        tags: [TAGS.admin.name],
        security: [],
        body: Body,
        response: { 202: Type.Object({ received: Type.Integer() }), 429: ref(TeableError, 'Too many reports from this address: see Retry-After') },
      },
    },
    async (request, reply) => {
      await ctx.services.leaks.report(request.body, ctx.origin(request));
      return reply.code(202).send({ received: request.body.tokens.length });
    },
  );
}

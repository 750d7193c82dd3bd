// POST /api/access-token (seed 000): 201 with the token's fields and its secret, shown once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { AccessTokenCreated, TAGS, ref } from '../shared-schemas.js';
import { AccessTokenFields, ExpiredTime } from './access-token-schemas.js';

const Body = Type.Object(
  { ...AccessTokenFields, expiredTime: ExpiredTime },
  { examples: [{ name: 'reader', description: 'reads one base', scopes: ['table|read', 'record|read'], baseIds: ['bseXXXXXXXXXXXXXXXX'], expiredTime: '2026-12-31' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/access-token',
    {
      onRequest: ctx.requirePerson,
      schema: { summary: 'Create a personal access token', tags: [TAGS.teable.name], body: Body, response: { 201: ref(AccessTokenCreated, 'The token, with its secret shown this once') } },
    },
    async (request, reply) => {
      const principal = ctx.principal(request);
      return reply.code(201).send(await ctx.services.accessTokens.create(principal, request.body, ctx.origin(request)));
    },
  );
}

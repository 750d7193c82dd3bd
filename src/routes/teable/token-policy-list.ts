// GET /api/token-policies (any signed-in caller or token): the lifetime cap of each token kind, so
// that a form can offer only what will be accepted.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, TokenPolicy, ref } from '../shared-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/token-policies',
    {
      onRequest: ctx.authenticate,
      schema: { summary: 'The lifetime caps of new tokens, per kind', tags: [TAGS.admin.name], response: { 200: Type.Object({ policies: Type.Array(ref(TokenPolicy)) }) } },
    },
    async () => ({ policies: await ctx.services.tokenPolicies.list() }),
  );
}

// GET /api/access-token: the caller's live tokens, newest first, without secrets.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { AccessToken, TAGS, ref } from '../shared-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/access-token',
    {
      onRequest: ctx.requirePerson,
      schema: { summary: "List one's personal access tokens", tags: [TAGS.teable.name], response: { 200: Type.Array(ref(AccessToken), { description: 'Newest first' }) } },
    },
    async (request) => ctx.services.accessTokens.list(ctx.principal(request)),
  );
}

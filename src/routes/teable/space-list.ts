// GET /api/space: the caller's spaces that the credential may see.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { Space, TAGS, ref } from '../shared-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/space',
    {
      onRequest: ctx.authenticate,
      schema: { summary: 'List the spaces the credential may see', tags: [TAGS.teable.name], response: { 200: Type.Array(ref(Space)) } },
    },
    async (request) => ctx.services.spaces.list(ctx.principal(request)),
  );
}

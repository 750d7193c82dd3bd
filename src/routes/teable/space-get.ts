// GET /api/space/{spaceId}: {id, name, role}.
import type { App, RouteContext } from '../context.js';
import { Space, TAGS, TeableError, ref } from '../shared-schemas.js';
import { SpaceParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/space/:spaceId',
    {
      onRequest: ctx.requireScope('space|read'),
      schema: { summary: 'Get a space', tags: [TAGS.teable.name], params: SpaceParams, response: { 200: ref(Space), 404: ref(TeableError, 'No such space') } },
    },
    async (request) => ctx.services.spaces.get(ctx.principal(request), request.params.spaceId),
  );
}

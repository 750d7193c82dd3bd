// GET /api/base/{baseId}: {id, name, spaceId, icon, role}.
import type { App, RouteContext } from '../context.js';
import { Base, TAGS, TeableError, ref } from '../shared-schemas.js';
import { BaseParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/base/:baseId',
    {
      onRequest: ctx.requireScope('base|read'),
      schema: { summary: 'Get a base', tags: [TAGS.teable.name], params: BaseParams, response: { 200: ref(Base), 404: ref(TeableError, 'No such base') } },
    },
    async (request) => ctx.services.bases.get(ctx.principal(request), request.params.baseId),
  );
}

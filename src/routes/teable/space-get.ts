// GET /api/space/{spaceId}: {id, name, role}.
import type { App, RouteContext } from '../context.js';
import { SpaceParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/space/:spaceId', { onRequest: ctx.requireScope('space|read'), schema: { params: SpaceParams } }, async (request) =>
    ctx.services.spaces.get(ctx.principal(request), request.params.spaceId),
  );
}

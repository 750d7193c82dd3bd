// GET /api/space/{spaceId}/base: the space's bases that the credential may read.
import type { App, RouteContext } from '../context.js';
import { SpaceParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/space/:spaceId/base', { onRequest: ctx.requireScope('base|read'), schema: { params: SpaceParams } }, async (request) =>
    ctx.services.bases.listInSpace(ctx.principal(request), request.params.spaceId),
  );
}

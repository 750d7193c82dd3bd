// GET /api/base/{baseId}: {id, name, spaceId, icon, role}.
import type { App, RouteContext } from '../context.js';
import { BaseParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/base/:baseId', { onRequest: ctx.requireScope('base|read'), schema: { params: BaseParams } }, async (request) =>
    ctx.services.bases.get(ctx.principal(request), request.params.baseId),
  );
}

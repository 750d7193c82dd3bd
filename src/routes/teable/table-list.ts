// GET /api/base/{baseId}/table: the base's tables (needs table|read).
import type { App, RouteContext } from '../context.js';
import { BaseParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/base/:baseId/table', { onRequest: ctx.requireScope('table|read'), schema: { params: BaseParams } }, async (request) =>
    ctx.services.tables.list(ctx.principal(request), request.params.baseId),
  );
}
